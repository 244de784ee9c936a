"""cancelEnrollment: a join supplier process, or (where configured) an occupy property process not
begun, is cancelled; every seed code; read back through lifecycleProcesses and the account's properties."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.shared.clock import FrozenClock
from domain.supply.lifecycle_process import ProcessKind, new_process_number
from domain.supply.process_commands import ProcessSettings
from ops.runtime import Contexts
from tests.api.accounts.homes import customer_token
from tests.api.supply.processes import PROCESSES, join, move_in
from tests.helpers import GraphQL, error_codes

CANCEL = """
mutation Cancel($input: CancelEnrollmentInput!) {
  cancelEnrollment(input: $input) {
    message
    enrollmentProcess {
      __typename
      ... on JoinSupplierProcessType { id status }
      ... on OccupyPropertyProcessType { id status occupyAt }
    }
  }
}
"""
HOMES = "query($number: String!) { account(accountNumber: $number) { properties { id } } }"


def cancel(gql: GraphQL, token: str | None, **fields: Any) -> dict[str, Any]:
    return gql(CANCEL, {"input": {"reason": "Changed my mind", **fields}}, token=token)


def refused(body: dict[str, Any], code: str) -> None:
    # The payload is non-null (EnrollmentCancelled!): a refusal nulls the whole data.
    assert body.get("data") is None and error_codes(body) == [code], body


def test_a_join_supplier_process_is_cancelled_and_reads_back(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, catch_up: Callable[[], int]
) -> None:
    # given
    number = join(contexts, customer["account_number"])
    # when
    body = cancel(gql, token, number=number)
    # then
    assert body["data"]["cancelEnrollment"] == {
        "message": "The enrollment was cancelled.",
        "enrollmentProcess": {"__typename": "JoinSupplierProcessType", "id": number, "status": "CANCELLED"},
    }
    catch_up()
    variables = {"number": customer["account_number"]}
    read = gql(PROCESSES, variables, token=token)["data"]["lifecycleProcesses"]
    assert [e["node"]["status"] for e in read["joinSupplierProcesses"]["edges"]] == ["CANCELLED"]
    active = gql(PROCESSES, {**variables, "onlyActive": True}, token=token)["data"]["lifecycleProcesses"]
    assert active["joinSupplierProcesses"] == {"totalCount": 0, "edges": []}


def test_a_finished_process_is_kt_ct_10320(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    number = join(contexts, customer["account_number"])
    cancel(gql, token, number=number)
    refused(cancel(gql, token, number=number), "KT-CT-10320")


def test_an_unknown_process_or_another_account_s_is_kt_ct_10318(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    other_number, other_token = customer_token(contexts, "charles@example.com", "Charles Babbage")
    theirs = join(contexts, other_number)
    refused(cancel(gql, token, number=theirs), "KT-CT-10318")
    refused(cancel(gql, token, number=new_process_number()), "KT-CT-10318")
    refused(cancel(gql, token, number="not-a-number"), "KT-CT-10318")
    refused(cancel(gql, token), "KT-CT-10318")
    refused(cancel(gql, token, accountNumber=other_number), "KT-CT-10318")
    refused(cancel(gql, token, number="1" * 33), "KT-CT-10318")
    process = contexts.supply.lifecycle_process(theirs)
    assert process is not None and process.is_active
    assert cancel(gql, other_token, number=theirs)["data"]["cancelEnrollment"]["enrollmentProcess"]["status"] == (
        "CANCELLED"
    )


def test_switched_off_it_is_kt_ct_10312(gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str) -> None:
    number = join(contexts, customer["account_number"])
    # as KRAKEN_ENROLLMENT_CANCELLATION=false sets it (ops/runtime.py)
    contexts.supply.process_settings = ProcessSettings(enrollment_cancellation=False)
    refused(cancel(gql, token, number=number), "KT-CT-10312")


def test_a_leave_property_process_is_kt_ct_10321(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    number = contexts.supply.start_process(
        ProcessKind.LEAVE_PROPERTY, customer["account_number"], property_id, clock.now().date(), key="leave"
    )
    refused(cancel(gql, token, number=number), "KT-CT-10321")


def test_an_occupy_property_process_is_kt_ct_10323_unless_configured(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, clock: FrozenClock
) -> None:
    _, number = move_in(contexts, clock, customer["account_number"])
    refused(cancel(gql, token, number=number), "KT-CT-10323")


def test_where_configured_an_occupy_process_is_cancelled_and_its_occupancy_withdrawn(
    backend: str,
    clock: FrozenClock,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    catch_up: Callable[[], int],
) -> None:
    # given a move-in in ten days, shown among the account's properties
    property_id, _ = move_in(contexts, clock, customer["account_number"])
    catch_up()
    homes = {"number": customer["account_number"]}
    assert gql(HOMES, homes, token=token)["data"]["account"]["properties"] == [{"id": property_id}]
    # when it is cancelled, named by the account and the supply point (the property)
    contexts.supply.process_settings = ProcessSettings(occupy_property_cancellation=True)
    body = cancel(gql, token, accountNumber=customer["account_number"], supplyPoints=[{"identifier": property_id}])
    # then
    assert body["data"]["cancelEnrollment"]["message"] == "The move-in was cancelled."
    assert body["data"]["cancelEnrollment"]["enrollmentProcess"]["status"] == "CANCELLED"
    assert body["data"]["cancelEnrollment"]["enrollmentProcess"]["occupyAt"].startswith(
        (clock.now().date().replace(day=25)).isoformat()
    )
    catch_up()
    assert gql(HOMES, homes, token=token)["data"]["account"]["properties"] == []
    read = gql(PROCESSES, homes, token=token)["data"]["lifecycleProcesses"]["occupyPropertyProcesses"]
    assert [e["node"]["status"] for e in read["edges"]] == ["CANCELLED"]


def test_an_occupancy_that_has_begun_is_kt_ct_10319(
    gql: GraphQL, clock: FrozenClock, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    _, number = move_in(contexts, clock, customer["account_number"], days=0)
    contexts.supply.process_settings = ProcessSettings(occupy_property_cancellation=True)
    refused(cancel(gql, token, number=number), "KT-CT-10319")
    process = contexts.supply.lifecycle_process(number)
    assert process is not None and process.is_active


def test_without_an_authorization_header_it_is_kt_ct_1112(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str]
) -> None:
    refused(cancel(gql, None, number=join(contexts, customer["account_number"])), "KT-CT-1112")
