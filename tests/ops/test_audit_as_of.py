"""`kraken audit <account> --as-of <moment>`: the timeline up to then, then the account's state then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from domain.payments.ledger import main_ledger_number
from ops.cli import app
from projections.contexts import Contexts
from settings import Settings
from tests.api.accounts.homes import home
from tests.api.payments.funds import fund
from tests.api.payments.scheduling import owe


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command reads the same stores as the test's contexts."""
    monkeypatch.setenv("KRAKEN_DATA_DIR", settings.data_dir)
    monkeypatch.setenv("KRAKEN_SECRET_KEY", settings.secret_key)
    monkeypatch.setenv("KRAKEN_IDENTITY_CIPHER_KEY", settings.identity_cipher_key)


def test_the_timeline_stops_at_the_moment_and_the_state_is_as_it_stood_then(
    env: None, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given credit in, then a charge after the moment asked about
    number = customer["account_number"]
    catch_up()
    home(contexts, number)
    ledger = main_ledger_number(number)
    fund(contexts, ledger, 12000)
    moment = datetime.now(UTC)
    owe(contexts, ledger, 3000)
    catch_up()
    # when
    result = CliRunner().invoke(app, ["audit", number, "--as-of", moment.isoformat()], env={"COLUMNS": "200"})
    # then
    assert result.exit_code == 0, result.output
    assert "Posted" in result.output and "amount=12000" in result.output and "amount=-3000" not in result.output
    assert f"State of {number} as of {moment.isoformat()}" in result.output
    assert f"ledger {ledger} (MAIN_LEDGER): balance 12000 GBP, 1 entries" in result.output
    assert "payment schedules: none" in result.output
    assert "property " in result.output and "Mill Lane" in result.output
    # and today's state differs
    now = CliRunner().invoke(app, ["audit", number, "--as-of", datetime.now(UTC).isoformat()])
    assert now.exit_code == 0 and f"ledger {ledger} (MAIN_LEDGER): balance 9000 GBP, 2 entries" in now.output


@pytest.mark.parametrize("moment", ["yesterday", "2026-13-01", "3000-01-01T00:00:00"])
def test_a_moment_that_is_not_a_past_date_time_is_refused_without_a_traceback(
    env: None, customer: dict[str, str], moment: str
) -> None:
    result = CliRunner().invoke(app, ["audit", customer["account_number"], "--as-of", moment])
    assert result.exit_code == 2
    assert "--as-of" in result.output and "Traceback" not in result.output


def test_a_history_beyond_the_replay_bound_is_refused(
    env: None, customer: dict[str, str], catch_up: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the account (one event) and its main ledger (another)
    catch_up()
    monkeypatch.setenv("KRAKEN_AS_OF_MAX_EVENTS", "1")
    # when
    result = CliRunner().invoke(app, ["audit", customer["account_number"], "--as-of", datetime.now(UTC).isoformat()])
    # then
    assert result.exit_code == 2, result.output
    assert "replays at most 1 events" in result.output and "Traceback" not in result.output
