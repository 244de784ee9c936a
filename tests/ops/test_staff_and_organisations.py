"""`kraken staff` and `kraken org`: staff masquerade (and the audit shows them), organisations log in with a key."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import TestClient
from typer.testing import CliRunner

from ops import runtime
from ops.cli import app
from ops.runtime import create_app
from ops.seed import DEMO_EMAIL
from settings import load
from tests.api.identity.acting_for_others import MASQUERADE, OBTAIN
from tests.helpers import GraphQL, error_codes

FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"
STAFF = "grace@support.example"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    return runner


def call(document: str, variables: dict, token: str | None = None) -> dict:
    """One request to the API over the CLI's store, as a deployed server would answer it."""
    settings = load()
    contexts = runtime.build(settings)
    try:
        with TestClient(create_app(settings, contexts, follow=False)) as client:
            return GraphQL(client)(document, variables, token=token)
    finally:
        contexts.close()


def demo_user_id() -> str:
    contexts = runtime.build(load())
    try:
        return str(contexts.identity.user_id_for_email(DEMO_EMAIL))
    finally:
        contexts.close()


def test_staff_masquerade_and_the_audit_shows_who_really_acted(cli: CliRunner) -> None:
    # given a staff member and the support site's one-time token for the demo customer
    created = cli.invoke(app, ["staff", "create", STAFF])
    assert created.exit_code == 0, created.output
    assert cli.invoke(app, ["staff", "create", STAFF]).exit_code == 1
    user_id = demo_user_id()
    minted = cli.invoke(app, ["staff", "masquerade", STAFF, user_id])
    assert minted.exit_code == 0, minted.output
    masquerade_token = minted.output.strip().splitlines()[-1]
    # when the staff member masquerades and forces the customer to reauthenticate
    answer = call(MASQUERADE, {"masqueradeToken": masquerade_token, "userId": user_id})
    session = answer["data"]["masqueradeAuthentication"]["token"]
    assert call(FORCE, {}, token=session)["data"]["forceReauthentication"]["tokensInvalidated"] is True
    # then the customer's timeline names the staff member as the one who acted
    audit = cli.invoke(app, ["audit", user_id], env={"COLUMNS": "400"})
    assert audit.exit_code == 0, audit.output
    line = next(row for row in audit.output.splitlines() if "ReauthenticationForced" in row)
    staff_id = created.output.split("id ")[-1].strip()
    assert f"staff:{staff_id} as user:{user_id}" in line


def test_a_deactivated_staff_member_gets_no_masquerade_token(cli: CliRunner) -> None:
    assert cli.invoke(app, ["staff", "create", STAFF]).exit_code == 0
    assert cli.invoke(app, ["staff", "deactivate", STAFF]).exit_code == 0
    assert cli.invoke(app, ["staff", "masquerade", STAFF, demo_user_id()]).exit_code == 1
    assert cli.invoke(app, ["staff", "masquerade", "nobody@support.example", demo_user_id()]).exit_code == 1
    assert cli.invoke(app, ["staff", "deactivate", "nobody@support.example"]).exit_code == 1


def test_an_organisation_key_is_printed_once_and_logs_in(cli: CliRunner) -> None:
    # when
    created = cli.invoke(app, ["org", "create", "Partner Ltd"])
    # then
    assert created.exit_code == 0, created.output
    key = created.output.split("secret key (shown once): ")[-1].strip()
    organisation_id = created.output.split("id ")[1].splitlines()[0].strip()
    assert call(OBTAIN, {"input": {"organizationSecretKey": key}})["data"]["obtainKrakenToken"]["token"]
    # and a rotated key replaces it
    rotated = cli.invoke(app, ["org", "rotate-key", organisation_id])
    assert rotated.exit_code == 0, rotated.output
    new_key = rotated.output.split("secret key (shown once): ")[-1].strip()
    assert error_codes(call(OBTAIN, {"input": {"organizationSecretKey": key}})) == ["KT-CT-1138"]
    assert call(OBTAIN, {"input": {"organizationSecretKey": new_key}})["data"]["obtainKrakenToken"]["token"]
