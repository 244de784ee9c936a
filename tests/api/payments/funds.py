"""Test helper: putting credit on a ledger, as a goodwill credit would (a real CREDIT entry, saved)."""

from __future__ import annotations

from domain.payments.ledger import Ledger
from projections.contexts import Contexts


def fund(contexts: Contexts, ledger_number: str, amount: int) -> None:
    payments = contexts.payments
    ledger: Ledger = payments.load(Ledger.id_for(ledger_number))
    now, limit = payments.clock.now(), payments.limits.ledger_balance
    ledger.credit(amount, reason_code="GOODWILL", source="test", posted_at=now, limit=limit)
    payments.save(ledger)
