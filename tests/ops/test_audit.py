"""`kraken audit`: the timeline of an account or a user, with who did each thing."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from typer.testing import CliRunner

from domain.accounts import commands as accounts
from ops import runtime
from ops.audit import timeline
from ops.cli import app
from ops.seed import DEMO_EMAIL
from projections.contexts import Contexts
from settings import load
from tests.helpers import GraphQL

LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"


def test_a_users_timeline_says_who_acted(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    # given the user forces reauthentication through the API
    token = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})["data"][
        "obtainKrakenToken"
    ]["token"]
    gql(FORCE, token=token)
    # when
    entries = timeline(contexts, customer["email"])
    # then
    events = [(e.context, e.aggregate, e.event, e.actor) for e in entries]
    assert events[0][:3] == ("identity", "User", "Registered")
    assert ("identity", "User", "ReauthenticationForced", f"user:{customer['user_id']}") in events
    assert [e.when for e in entries] == sorted(e.when for e in entries)
    # and secrets never show
    assert all("argon2" not in e.details for e in entries)


def test_a_users_push_device_token_never_shows(contexts: Contexts, customer: dict) -> None:
    # given
    user_id = UUID(customer["user_id"])
    policy = load({}).push_policy()
    command = accounts.RegisterPushNotificationBinding(
        user_id=user_id, token="device-token-in-clear", bundle_id="com.kraken.demo", policy=policy
    )
    contexts.accounts.register_push_notification_binding(command)
    # when
    entries = timeline(contexts, customer["email"])
    # then
    [registered] = [e for e in entries if e.aggregate == "PushBinding"]
    assert registered.event == "Registered" and "device-token-in-clear" not in registered.details


def test_an_accounts_timeline_spans_contexts(contexts: Contexts, customer: dict) -> None:
    entries = timeline(contexts, customer["account_number"])
    assert ("accounts", "Account", "Opened") in [(e.context, e.aggregate, e.event) for e in entries]
    assert ("identity", "User", "Registered") in [(e.context, e.aggregate, e.event) for e in entries]


def test_the_command_prints_the_timeline(tmp_path: Path, monkeypatch) -> None:
    # given the demo data
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    contexts = runtime.build(load())
    number = contexts.accounts.recorder.select_notifications(start=1, limit=1)[0]
    account = contexts.accounts.mapper.to_domain_event(number).number
    contexts.close()
    # when
    result = runner.invoke(app, ["audit", account], env={"COLUMNS": "200"})
    # then
    assert result.exit_code == 0, result.output
    assert "Opened" in result.output and "Enrolled" in result.output and "PointsEarned" in result.output
    assert runner.invoke(app, ["audit", "A-NOSUCHAC"]).exit_code == 1


def test_piped_output_keeps_every_event_on_one_whole_line(tmp_path: Path, monkeypatch) -> None:
    # given the demo data
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COLUMNS", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    contexts = runtime.build(load())
    try:
        entries = timeline(contexts, DEMO_EMAIL)
    finally:
        contexts.close()
    # when its timeline is written somewhere other than a terminal (the runner captures it)
    result = runner.invoke(app, ["audit", DEMO_EMAIL])
    # then each event is one tab-separated line, nothing cut or wrapped, however long
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "when\tcontext\taggregate\tevent\tby\tdetails"
    expected = [
        "\t".join((e.when.isoformat(timespec="seconds"), e.context, e.aggregate, e.event, e.actor, e.details))
        for e in entries
    ]
    assert lines[1:] == expected
    assert max(map(len, expected)) > 120


def test_consents_recorded_by_others_are_in_the_timelines(
    contexts: Contexts, customer: dict, consent_types: list[str]
) -> None:
    # given an operator's command records the account's and the user's consents
    choice = (accounts.ConsentChoice("MARKETING_POST", "ACCEPTED", "SUPPORT_SITE"),)
    contexts.accounts.update_account_consents(accounts.UpdateAccountConsents(customer["account_number"], choice, "x"))
    contexts.accounts.update_account_user_consents(
        accounts.UpdateAccountUserConsents(UUID(customer["user_id"]), choice, "x")
    )
    # then each timeline shows its own
    for subject in (customer["account_number"], customer["email"]):
        recorded = [e.details for e in timeline(contexts, subject) if e.event == "ConsentRecorded"]
        assert len(recorded) == 1 and "code=MARKETING_POST value=ACCEPTED" in recorded[0]
