"""createServiceOrder: a customer applies for a water meter at the home their account occupies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.service_order import ServiceOrder
from projections.contexts import Contexts
from tests.api.accounts.homes import customer_token, home
from tests.api.supply.charges import CREATE, ORDERS, create
from tests.helpers import GraphQL, refused_with


def test_the_occupier_applies_for_a_meter_and_reads_the_order_back(
    backend: str, gql: GraphQL, customer: dict[str, str], token: str, property_id: str, catch_up: Callable[[], int]
) -> None:
    # when
    body = create(gql, token, customer["account_number"], property_id, "Stop tap under the sink")
    # then
    order = body["data"]["createServiceOrder"]["serviceOrder"]
    assert (order["status"], order["kind"], order["propertyId"], order["notes"]) == (
        "PENDING",
        "METER_APPLICATION",
        property_id,
        "Stop tap under the sink",
    )
    assert order["createdAt"] == "2026-01-15T09:30:00+00:00"
    catch_up()
    [listed] = gql(ORDERS, {"number": customer["account_number"]}, token=token)["data"]["account"]["serviceOrders"]
    assert listed == {
        "id": order["id"],
        "status": "PENDING",
        "kind": "METER_APPLICATION",
        "propertyId": property_id,
        "notes": "Stop tap under the sink",
        "surveyDate": None,
        "closedAt": None,
        "closingReason": None,
    }


def test_a_second_application_while_one_is_open_answers_the_open_one(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str
) -> None:
    first = create(gql, token, customer["account_number"], property_id)["data"]["createServiceOrder"]
    second = create(gql, token, customer["account_number"], property_id, "again")["data"]["createServiceOrder"]
    assert second == first
    raised = contexts.supply.service_order(first["serviceOrder"]["id"])
    assert raised is not None and raised.notes == ""
    assert len(list(contexts.supply.repository.event_store.get(ServiceOrder.id_for(raised.number)))) == 1


def test_the_order_moves_through_survey_and_not_practicable_and_a_new_one_may_follow(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    number = customer["account_number"]
    first = create(gql, token, number, property_id)["data"]["createServiceOrder"]["serviceOrder"]["id"]
    contexts.supply.book_service_order_survey(
        commands.BookServiceOrderSurvey(number=first, survey_on=date(2026, 1, 20), booked_by="ops")
    )
    catch_up()
    [surveyed] = gql(ORDERS, {"number": number}, token=token)["data"]["account"]["serviceOrders"]
    assert (surveyed["status"], surveyed["surveyDate"]) == ("IN_PROGRESS", "2026-01-20")
    contexts.supply.close_service_order_not_practicable(
        commands.CloseServiceOrderNotPracticable(number=first, reason="No boundary box", closed_by="ops")
    )
    clock.advance(timedelta(minutes=1))
    second = create(gql, token, number, property_id)["data"]["createServiceOrder"]["serviceOrder"]["id"]
    assert second != first
    catch_up()
    listed = gql(ORDERS, {"number": number}, token=token)["data"]["account"]["serviceOrders"]
    assert [(o["id"], o["status"], o["closingReason"]) for o in listed] == [
        (second, "PENDING", None),
        (first, "NOT_PRACTICABLE", "No boundary box"),
    ]


def test_another_customer_s_account_is_kt_ct_1111_and_raises_nothing(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], property_id: str
) -> None:
    _, stranger = customer_token(contexts, "charles@example.com", "Charles Babbage")
    refused_with(create(gql, stranger, customer["account_number"], property_id), "KT-CT-1111")
    basis = contexts.supply.charge_basis(property_id)
    assert basis is None


def test_a_property_the_account_does_not_occupy_is_kt_ct_4321(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    number = customer["account_number"]
    other_number, _ = customer_token(contexts, "charles@example.com", "Charles Babbage")
    elsewhere = home(contexts, other_number, line1="9 Other Road")
    for property_id in (elsewhere, "1000000", "not-an-id"):
        refused_with(create(gql, token, number, property_id), "KT-CT-4321")


@pytest.mark.parametrize(("field", "value"), [("notes", "x" * 501), ("propertyId", "1" * 33)])
def test_over_long_input_is_kt_ct_4321(
    gql: GraphQL, customer: dict[str, str], token: str, property_id: str, field: str, value: str
) -> None:
    variables = {"accountNumber": customer["account_number"], "propertyId": property_id, field: value}
    refused_with(gql(CREATE, {"input": variables}, token=token), "KT-CT-4321")


def test_without_an_authorization_header_it_is_kt_ct_1112(
    gql: GraphQL, customer: dict[str, str], property_id: str
) -> None:
    refused_with(create(gql, None, customer["account_number"], property_id), "KT-CT-1112")
