"""The payments context reacting to other contexts: every account gets its main ledger, once."""

from __future__ import annotations

from collections.abc import Callable

from domain.payments.ledger import LedgerKind, ledger_id_of, main_ledger_number
from ops.runtime import Contexts


def test_an_opened_account_gets_its_main_ledger_once(contexts: Contexts, catch_up: Callable[[], int]) -> None:
    account = contexts.accounts.open_account("Ada Lovelace")
    assert contexts.payments.ledger_of(account.number) is None
    catch_up()
    catch_up()
    ledger = contexts.payments.ledger_of(account.number)
    assert ledger is not None and ledger.version == 1
    assert (ledger.number, ledger.kind, ledger.balance) == (main_ledger_number(account.number), LedgerKind.MAIN, 0)
    assert contexts.read.ledgers.of_account(account.number) == [
        {
            "id": ledger_id_of(ledger.number),
            "number": ledger.number,
            "kind": "MAIN_LEDGER",
            "currency": "GBP",
            "balance": 0,
        }
    ]
