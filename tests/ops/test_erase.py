"""`kraken user erase` and `kraken staff token`: an operator erases a user; the read models rebuild blanked."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from typer.testing import CliRunner

from ops import following, runtime
from ops.audit import timeline
from ops.cli import app
from ops.seed import DEMO_EMAIL
from settings import load
from tests.api.identity.erasing import LEDGERS_BALANCE, leaks
from workers import runtime as workers_runtime


def test_an_operator_erases_the_demo_user_and_a_rebuild_keeps_them_blanked(tmp_path: Path, monkeypatch) -> None:
    # given the demo data, projected
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    settings = load()
    contexts = runtime.build(settings)
    workers_runtime.use(settings=settings, contexts=contexts)
    try:
        following.runner(settings, contexts).catch_up()
        user_id = contexts.identity.user_id_for_email(DEMO_EMAIL)
        assert user_id is not None
        user = contexts.identity.load(user_id)
        needles = [DEMO_EMAIL, f"{user.given_name} {user.family_name}"]
        ledgers = contexts.read.store.rows(LEDGERS_BALANCE)
        # when the operator erases them, twice
        first = runner.invoke(app, ["user", "erase", str(user_id), "--reason", "the customer asked"])
        second = runner.invoke(app, ["user", "erase", str(user_id)])
        # then
        assert first.exit_code == 0 and "erased at" in first.output, first.output
        assert second.exit_code == 0 and "was already erased" in second.output, second.output
        # when the read model is rebuilt
        rebuilt = runner.invoke(app, ["rebuild", "account_users"])
        # then it succeeds, the user's row blanked, the ledgers as they were
        assert rebuilt.exit_code == 0, rebuilt.output
        following.runner(settings, contexts).catch_up()
        [row] = contexts.read.account_users.users([str(user_id)])
        assert row is not None and row["email"] == "[erased]" and row["given_name"] == "[erased]"
        assert contexts.read.store.rows(LEDGERS_BALANCE) == ledgers
        assert all(balance == total for _, balance, total in ledgers)
        # and identity's store (events, snapshots, keys) and the account users' read model hold none of
        # their details; the account's billing name, the payments' records and the addresses emails
        # went to are not sealed under the user's key (README, "Erasure": what it does not cover)
        found = leaks(settings, contexts, needles)
        assert [leak for leak in found if "identity.db" in leak or "account_users" in leak] == []
        # and the audit names the operator's erasure as the system's
        [erased] = [e for e in timeline(contexts, str(user_id)) if e.event == "Erased"]
        assert erased.actor == "system" and "reason=the customer asked" in erased.details
    finally:
        workers_runtime.reset()
        contexts.close()


def test_a_bad_or_unknown_user_id_is_refused_with_exit_code_2(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    bad = runner.invoke(app, ["user", "erase", "nope"])
    unknown = runner.invoke(app, ["user", "erase", str(UUID(int=7))])
    long_reason = runner.invoke(app, ["user", "erase", str(UUID(int=7)), "--reason", "x" * 201])
    assert (bad.exit_code, unknown.exit_code, long_reason.exit_code) == (2, 2, 2)
    assert "Not a user id" in bad.output and "No account user" in unknown.output
    assert "200 characters" in long_reason.output
    assert all("Traceback" not in result.output for result in (bad, unknown, long_reason))


def test_a_staff_token_is_printed_for_an_active_staff_member_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["staff", "token", "nobody@kraken.example"]).exit_code == 2
    assert runner.invoke(app, ["staff", "create", "support@kraken.example"]).exit_code == 0
    printed = runner.invoke(app, ["staff", "token", "support@kraken.example"])
    assert printed.exit_code == 0, printed.output
    token = printed.output.splitlines()[0]
    contexts = runtime.build(load())
    try:
        assert contexts.identity.staff_of(token).email == "support@kraken.example"
    finally:
        contexts.close()
