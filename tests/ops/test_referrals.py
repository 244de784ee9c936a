"""`kraken loyalty scheme|claim-codes|referral-code` and `kraken account set-brand`: operators manage
the referral scheme catalogue, issue partner claim codes and move an account to another brand."""

from __future__ import annotations

import re
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


def run(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(app, list(args))
    return result.exit_code, result.output


def test_schemes_are_added_listed_and_ended(cli: CliRunner) -> None:
    assert (
        run(cli, "loyalty", "scheme", "add", "ST-FRIEND", "--type", "referral_reward", "--referrer-reward", "5000")[0]
        == 0
    )
    code, out = run(cli, "loyalty", "scheme", "add", "ST-FRIEND", "--type", "REFERRAL_REWARD")
    assert code == 1 and "already has the code" in out
    assert run(cli, "loyalty", "scheme", "add", "X1", "--type", "NOPE")[0] == 1
    assert run(cli, "loyalty", "scheme", "add", "X2", "--type", "PROMO_REWARD", "--from", "soon")[0] == 2
    code, out = run(cli, "loyalty", "scheme", "list")
    # (the table may be cut to the terminal's width)
    assert code == 0 and "ST-FRI" in out and "SEVERN" in out
    code, out = run(cli, "loyalty", "scheme", "end", "ST-FRIEND")
    assert code == 0 and "closed at" in out
    assert run(cli, "loyalty", "scheme", "end", "ST-FRIEND")[0] == 1


def test_claim_codes_are_issued_and_printed_one_a_line(cli: CliRunner) -> None:
    run(cli, "loyalty", "scheme", "add", "ST-PARTNER", "--type", "PARTNER_REWARD", "--referred-reward", "1500")
    code, out = run(cli, "loyalty", "claim-codes", "issue", "--scheme", "ST-PARTNER", "--count", "3")
    codes = out.split()
    assert code == 0 and len(codes) == 3 and all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", c) for c in codes)
    assert run(cli, "loyalty", "claim-codes", "issue", "--scheme", "NOPE")[0] == 1
    assert run(cli, "loyalty", "claim-codes", "issue", "--scheme", "ST-PARTNER", "--count", "0")[0] == 1


def test_an_accounts_referral_code_and_brand(cli: CliRunner) -> None:
    contexts = runtime.build(load())
    try:
        number = contexts.accounts.open_account("Ada Lovelace").number
    finally:
        contexts.close()
    code, out = run(cli, "loyalty", "referral-code", number)
    [referral_code, link] = out.split()
    assert code == 0 and link.endswith(f"/refer/{referral_code}")
    assert run(cli, "loyalty", "referral-code", number)[1] == out
    assert run(cli, "loyalty", "referral-code", "A-NOSUCH22")[0] == 1
    assert run(cli, "account", "set-brand", number, "HAFREN_DYFRDWY") == (
        0,
        f"account {number}: brand HAFREN_DYFRDWY\n",
    )
    assert run(cli, "account", "set-brand", number, "ACME")[0] == 1
    assert run(cli, "account", "set-brand", "A-NOSUCH22", "SEVERN_TRENT")[0] == 1
