"""The payments context reacting to other contexts: every account gets its main ledger, once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from eventsourcing.persistence import Tracking

from domain.loyalty.ledger import LoyaltyLedger
from domain.payments.errors import LedgerIdAndNumberBothGiven, LedgerNotFound, LedgerNotIdentified
from domain.payments.ledger import LedgerKind, main_ledger_number
from projections.contexts import Contexts


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
            "id": ledger.ledger_id,
            "number": ledger.number,
            "kind": "MAIN_LEDGER",
            "currency": "GBP",
            "balance": 0,
            "account_number": account.number,
        }
    ]


def test_a_ledger_is_found_by_its_id_and_by_its_number_never_both(
    contexts: Contexts, catch_up: Callable[[], int]
) -> None:
    account = contexts.accounts.open_account("Ada Lovelace")
    catch_up()
    payments = contexts.payments
    main = payments.ledger_of(account.number)
    storage = payments.open_ledger(account.number, LedgerKind.CREDIT_STORAGE)
    assert main is not None and storage.ledger_id != main.ledger_id
    for ledger in (main, storage):
        assert payments.ledger_number_of(str(ledger.ledger_id)) == ledger.number
        found = payments.select_ledger(account.number, str(ledger.ledger_id), None)
        assert found.number == ledger.number
        assert payments.select_ledger(account.number, None, ledger.number).id == found.id
    with pytest.raises(LedgerIdAndNumberBothGiven):
        payments.select_ledger(account.number, str(main.ledger_id), main.number)
    with pytest.raises(LedgerNotIdentified):
        payments.select_ledger(account.number, None, None)
    for unknown in ("0", "abc", str(2**40), "L-NOSUCH22"):
        with pytest.raises(LedgerNotFound):
            payments.select_ledger(account.number, unknown, None)


def test_a_redemption_seen_before_the_account_opens_the_main_ledger_with_its_id(
    contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # The loyalty reaction may run first: it opens the ledger (and claims its ID) itself.
    contexts.payments.process_event(
        LoyaltyLedger.PointsRedeemed(
            originator_id=uuid4(),
            originator_version=2,
            timestamp=datetime.now(UTC),
            account_number=customer["account_number"],
            points=160,
            amount=20,
            posted_at=datetime.now(UTC),
            balance_carried_forward=0,
        ),
        Tracking("Loyalty", 1),
    )
    catch_up()
    ledger = contexts.payments.ledger_of(customer["account_number"])
    assert ledger is not None and ledger.balance == 20 and ledger.version == 2
    assert contexts.payments.ledger_number_of(ledger.ledger_id) == ledger.number
