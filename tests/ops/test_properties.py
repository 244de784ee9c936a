"""`kraken property add`: an operator registers a home and the account's occupancy of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops import runtime
from ops.cli import app
from settings import load


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    return CliRunner()


@pytest.fixture
def account_number(cli: CliRunner) -> str:
    contexts = runtime.build(load())
    try:
        return contexts.accounts.open_account("Ada Lovelace").number
    finally:
        contexts.close()


def add(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(app, ["property", "add", *args])
    return result.exit_code, result.output


def test_a_property_is_registered_with_the_account_occupying_it_from_the_day_given(
    cli: CliRunner, account_number: str
) -> None:
    # when
    code, printed = add(
        cli, "--account", account_number, "--line1", "1 Mill Lane", "--postcode", "de21 5ab", "--from", "2025-09-01"
    )
    # then
    assert code == 0, printed
    property_id = printed.split()[1]
    assert printed.strip().endswith(f"occupied by {account_number} from 2025-09-01")
    contexts = runtime.build(load())
    try:
        home = contexts.accounts.property(property_id)
        assert home is not None and (home.lines, home.postcode) == (("1 Mill Lane",), "DE21 5AB")
        assert home.occupier_on(home.periods[0].effective_from) == account_number
    finally:
        contexts.close()


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("--line1", "1 Mill Lane", "--postcode", "12345"), "not a GB postcode"),
        (("--line1", " ", "--postcode", "DE21 5AB"), "needs a first line"),
    ],
)
def test_an_address_that_is_not_one_is_refused(
    cli: CliRunner, account_number: str, args: tuple[str, ...], reason: str
) -> None:
    code, printed = add(cli, "--account", account_number, *args)
    assert code == 1 and reason in printed


def test_an_unknown_account_or_a_day_that_is_not_one_is_refused(cli: CliRunner, account_number: str) -> None:
    code, printed = add(cli, "--account", "A-NOTTHERE", "--line1", "1 Mill Lane", "--postcode", "DE21 5AB")
    assert code == 1 and "KT-CT-4178" in printed
    code, printed = add(
        cli, "--account", account_number, "--line1", "1 Mill Lane", "--postcode", "DE21 5AB", "--from", "1 May"
    )
    assert code == 2 and "not a date" in printed
