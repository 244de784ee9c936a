"""lifecycleProcesses(accountNumber, onlyActive): an account's processes by kind, newest first, as
connections; a user reads their own accounts' only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from domain.shared.clock import FrozenClock
from domain.supply.lifecycle_process import ProcessKind
from ops.runtime import Contexts
from tests.api.accounts.homes import customer_token
from tests.api.supply.processes import PROCESSES, join, move_in
from tests.helpers import GraphQL, error_codes

PAGE = """
query($number: String!, $after: String) {
  lifecycleProcesses(accountNumber: $number) {
    joinSupplierProcesses(first: 1, after: $after) {
      totalCount edgeCount pageInfo { hasNextPage endCursor } edges { node { id } }
    }
  }
}
"""


def test_each_kind_reads_back_with_its_dates(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    joined = join(contexts, number)
    _, occupy = move_in(contexts, clock, number, days=3)
    leave_on = clock.now().date() + timedelta(days=5)
    leave = contexts.supply.start_process(ProcessKind.LEAVE_PROPERTY, number, property_id, leave_on, key="leave")
    catch_up()
    read = gql(PROCESSES, {"number": number}, token=token)["data"]["lifecycleProcesses"]
    assert read["joinSupplierProcesses"]["edges"] == [
        {"node": {"id": joined, "status": "PENDING", "termsVersion": None, "finishedAt": None}}
    ]
    [occupied] = read["occupyPropertyProcesses"]["edges"]
    assert occupied["node"]["id"] == occupy and occupied["node"]["occupyAt"] == "2026-01-18T00:00:00+00:00"
    assert read["leavePropertyProcesses"]["edges"] == [
        {"node": {"id": leave, "status": "PENDING", "leaveAt": "2026-01-20T00:00:00+00:00"}}
    ]


def test_pages_of_processes(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    number = customer["account_number"]
    first = join(contexts, number, "a")
    clock.advance(timedelta(minutes=1))
    second = join(contexts, number, "b")
    catch_up()
    page = gql(PAGE, {"number": number}, token=token)["data"]["lifecycleProcesses"]["joinSupplierProcesses"]
    assert (page["totalCount"], page["edgeCount"], page["pageInfo"]["hasNextPage"]) == (2, 1, True)
    assert page["edges"] == [{"node": {"id": second}}]
    after = page["pageInfo"]["endCursor"]
    page = gql(PAGE, {"number": number, "after": after}, token=token)["data"]["lifecycleProcesses"]
    assert page["joinSupplierProcesses"]["edges"] == [{"node": {"id": first}}]


def test_another_customer_s_account_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    join(contexts, customer["account_number"])
    catch_up()
    _, other = customer_token(contexts, "charles@example.com", "Charles Babbage")
    body = gql(PROCESSES, {"number": customer["account_number"]}, token=other)
    assert body["data"] == {"lifecycleProcesses": None} and error_codes(body) == ["KT-CT-1111"]
    body = gql(PROCESSES, {"number": customer["account_number"]})
    assert body["data"] == {"lifecycleProcesses": None} and error_codes(body) == ["KT-CT-1112"]
