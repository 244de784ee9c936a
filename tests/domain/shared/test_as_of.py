"""An aggregate as it stood at a moment: replayed from its events up to then, beside the cache, within a budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.payments.ledger import EntryKind, Ledger, LedgerKind, new_ledger_number
from domain.shared.as_of import Budget, replay
from domain.shared.catalogue import QueryTooComplex
from projections.contexts import Contexts


def _ledger_with(contexts: Contexts, amounts: list[int]) -> Ledger:
    """A ledger of its own, each entry saved by itself (so each has a moment of its own)."""
    payments = contexts.payments
    ledger = Ledger.open("A-AS0F0F0F", payments.clock.now(), number=new_ledger_number(), kind=LedgerKind.CREDIT_STORAGE)
    payments.save(ledger)
    for amount in amounts:
        ledger.post(
            EntryKind.CREDIT, amount, "TEST", "test", payments.clock.now(), limit=payments.limits.ledger_balance
        )
        payments.save(ledger)
    return ledger


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.integers(-5000, 5000).filter(bool), min_size=1, max_size=10))
def test_the_balance_at_each_event_is_the_sum_of_the_entries_up_to_it(contexts: Contexts, amounts: list[int]) -> None:
    ledger = _ledger_with(contexts, amounts)
    events = list(contexts.payments.repository.event_store.get(ledger.id))
    assert replay(contexts.payments, ledger.id, events[0].timestamp - timedelta(microseconds=1), Budget(100)) is None
    for version, event in enumerate(events, start=1):
        found = replay(contexts.payments, ledger.id, event.timestamp, Budget(100))
        assert found is not None and found.version == version
        assert found.aggregate.balance == sum(amounts[: version - 1])
        assert len(found.events) == version


def test_a_replay_neither_reads_nor_fills_the_aggregate_cache(contexts: Contexts) -> None:
    payments = contexts.payments
    ledger = _ledger_with(contexts, [100, 200])
    first_entry = list(payments.repository.event_store.get(ledger.id))[1]
    assert payments.load(ledger.id).balance == 300  # cached now, at its newest
    then = replay(payments, ledger.id, first_entry.timestamp, Budget(100))
    assert then is not None and then.aggregate.balance == 100
    assert payments.load(ledger.id).balance == 300
    # the copy replayed is its own: changing it leaves the stored and the cached ledger alone
    then.aggregate.balance = -1
    assert payments.load(ledger.id).balance == 300


def test_a_replay_beyond_its_budget_is_refused(contexts: Contexts) -> None:
    ledger = _ledger_with(contexts, [100, 200])
    now = list(contexts.payments.repository.event_store.get(ledger.id))[-1].timestamp
    assert replay(contexts.payments, ledger.id, now, Budget(3)) is not None
    with pytest.raises(QueryTooComplex):
        replay(contexts.payments, ledger.id, now, Budget(2))
    # one budget is shared by every replay of one question
    shared = Budget(5)
    replay(contexts.payments, ledger.id, now, shared)
    with pytest.raises(QueryTooComplex):
        replay(contexts.payments, ledger.id, now, shared)
