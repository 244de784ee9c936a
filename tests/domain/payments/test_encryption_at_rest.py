"""Bank details in payments events are encrypted at rest: the raw event table holds none in clear."""

from __future__ import annotations

from collections.abc import Callable

from domain.payments.ledger import main_ledger_number
from projections.contexts import Contexts
from settings import Settings
from tests.api.payments.collecting import direct_debit
from tests.helpers import raw_states


def test_the_payments_store_holds_no_bank_details_in_clear(
    backend: str, settings: Settings, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given a direct debit (holder, sort code 20-00-00, account number 55779911)
    catch_up()
    ledger = main_ledger_number(customer["account_number"])
    direct_debit(contexts, customer, ledger)
    # then the events are there, but no bank detail can be read from the raw table
    states = raw_states(settings, "payments")
    assert len(states) >= 3
    for secret in (b"55779911", b"200000", b"Ada Lovelace", customer["account_number"].encode()):
        assert not any(secret in state for state in states)
    # while the application reads them back, with a key of its own (not the identity store's)
    found = contexts.payments.ledger(ledger)
    assert found is not None and found.instructions
    assert settings.cipher_env("payments")["CIPHER_KEY"] != settings.cipher_env()["CIPHER_KEY"]
