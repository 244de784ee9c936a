"""`kraken seed`: the demo customer exists once and its printed credentials log in."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from domain.identity import commands
from ops import runtime
from ops.cli import app
from ops.seed import DEMO_EMAIL
from ops.settings import load


def test_seed_prints_working_credentials_and_is_idempotent(tmp_path: Path, monkeypatch) -> None:
    # given an empty data directory
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    # when seeding twice
    first = runner.invoke(app, ["seed"])
    second = runner.invoke(app, ["seed"])
    # then the same credentials are printed both times
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    kept = json.loads((tmp_path / "demo-credentials.json").read_text())
    assert kept["email"] == DEMO_EMAIL and kept["api_key"] in first.output and kept["password"] in first.output
    # and they log in, with both email+password and the API key, as a member of the account
    contexts = runtime.build(load({"KRAKEN_DATA_DIR": str(tmp_path)}))
    try:
        by_password = contexts.identity.obtain_kraken_token(
            commands.ObtainKrakenToken(client="t", email=kept["email"], password=kept["password"])
        )
        by_key = contexts.identity.obtain_kraken_token(commands.ObtainKrakenToken(client="t", api_key=kept["api_key"]))
        assert by_password.payload["sub"] == by_key.payload["sub"]
        user = contexts.identity.authenticate(by_key.token)
        assert user.belongs_to(kept["account_number"])
        assert contexts.accounts.account(kept["account_number"]) is not None
        # and its main ledger has a direct debit that collects for it today
        ledger = contexts.payments.ledger_of(kept["account_number"])
        assert ledger is not None
        instruction = contexts.payments.instruction_for(ledger, None, contexts.payments.clock.now())
        assert instruction is not None and instruction.instruction_type.value == "DIRECT_DEBIT"
    finally:
        contexts.close()
