"""Helpers of the lifecycle process API tests: starting processes as a sign-up or a house move does,
and the query reading them back."""

from __future__ import annotations

from datetime import timedelta

from domain.shared.clock import FrozenClock
from domain.supply.lifecycle_process import ProcessKind
from ops.runtime import Contexts
from tests.api.accounts.homes import home

PROCESSES = """
query($number: String!, $onlyActive: Boolean) {
  lifecycleProcesses(accountNumber: $number, onlyActive: $onlyActive) {
    joinSupplierProcesses { totalCount edges { node { id status termsVersion finishedAt } } }
    occupyPropertyProcesses { edges { node { id status occupyAt } } }
    leavePropertyProcesses { edges { node { id status leaveAt } } }
  }
}
"""


def join(contexts: Contexts, account_number: str, key: str = "join") -> str:
    return contexts.supply.start_process(
        ProcessKind.JOIN_SUPPLIER, account_number, None, None, key=f"{key}:{account_number}"
    )


def move_in(contexts: Contexts, clock: FrozenClock, account_number: str, days: int = 10) -> tuple[str, str]:
    """A home the account moves into in `days` days, and its occupy property process: (property id, number)."""
    day = clock.now().date() + timedelta(days=days)
    property_id = home(contexts, account_number, day, line1="3 New Street")
    number = contexts.supply.start_process(
        ProcessKind.OCCUPY_PROPERTY, account_number, property_id, day, key=f"move-in:{property_id}"
    )
    return property_id, number
