"""switchAccountToMeasuredTariff: an unmeasured customer asks to be charged on a meter; without one
fitted, a meter application is raised that installing the meter completes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.accounts import commands as accounts
from domain.supply import commands
from domain.supply.charge_basis import ChargeBasis
from projections.contexts import Contexts
from tests.api.accounts.homes import customer_token, home
from tests.api.supply.charges import BASES, ORDERS, fit_meter, switch
from tests.helpers import GraphQL, refused_with

TODAY = date(2026, 1, 15)


def bases(gql: GraphQL, token: str, number: str) -> list[dict]:
    found: list[dict] = gql(BASES, {"number": number}, token=token)["data"]["account"]["chargeBases"]
    return found


def test_without_a_meter_the_switch_raises_an_application_and_waits_for_it(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    contexts.supply.set_rateable_value(commands.SetRateableValue(property_id=property_id, pence=24_550, set_by="ops"))
    catch_up()  # without propertyId, the home is the one the read model says the account occupies today
    # when
    body = switch(gql, token, number)
    # then
    assert body == {"data": {"switchAccountToMeasuredTariff": {"account": {"number": number}}}}
    catch_up()
    [order] = gql(ORDERS, {"number": number}, token=token)["data"]["account"]["serviceOrders"]
    assert (order["status"], order["kind"], order["propertyId"]) == ("PENDING", "METER_APPLICATION", property_id)
    [basis] = bases(gql, token, number)
    assert basis["measuredTariffRequestedAt"] == "2026-01-15T09:30:00+00:00"
    assert basis["rateableValue"] == 24_550
    assert basis["periods"] == [
        {
            "basis": "UNMEASURED_RV",
            "validFrom": "2025-12-16",
            "validTo": None,
            "reversionDeadline": None,
            "rateableValue": 24_550,
            "assessedBand": None,
            "isSingleOccupier": False,
        }
    ]


def test_asking_twice_raises_one_application(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str
) -> None:
    number = customer["account_number"]
    switch(gql, token, number, property_id)
    basis = contexts.supply.charge_basis(property_id)
    assert basis is not None
    recorded = len(list(contexts.supply.repository.event_store.get(ChargeBasis.id_for(property_id))))
    switch(gql, token, number, property_id)
    assert len(list(contexts.supply.repository.event_store.get(ChargeBasis.id_for(property_id)))) == recorded


def test_an_unmetered_home_without_a_rateable_value_is_assessed_by_its_band(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    declared = {"account_number": number, "property_id": property_id, "declared_by": "test"}
    contexts.accounts.update_property_type(accounts.UpdatePropertyType(**declared, property_type="SEMI_DETACHED"))
    contexts.accounts.update_number_of_occupants(accounts.UpdateNumberOfOccupants(**declared, number_of_occupants=1))
    catch_up()
    [basis] = bases(gql, token, number)
    assert [(p["basis"], p["assessedBand"], p["isSingleOccupier"]) for p in basis["periods"]] == [
        ("ASSESSED", "SEMI_DETACHED", True)
    ]
    assert (basis["measuredTariffRequestedAt"], basis["assessedChargeOffer"]) == (None, None)


def test_a_meter_that_cannot_be_fitted_offers_assessed_charges(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    declared = {"account_number": number, "property_id": property_id, "declared_by": "test"}
    contexts.accounts.update_property_type(accounts.UpdatePropertyType(**declared, property_type="TERRACED"))
    catch_up()
    switch(gql, token, number)
    order = contexts.supply.charge_basis(property_id).open_application  # type: ignore[union-attr]
    assert order is not None
    contexts.supply.close_service_order_not_practicable(
        commands.CloseServiceOrderNotPracticable(number=order, reason="No room", closed_by="ops")
    )
    catch_up()
    [basis] = bases(gql, token, number)
    assert basis["assessedChargeOffer"] == {
        "serviceOrderId": order,
        "assessedBand": "FLAT_OR_TERRACED",
        "isSingleOccupier": False,
    }
    assert basis["measuredTariffRequestedAt"] is None


def test_installing_the_meter_completes_the_application_and_switches_from_that_day(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    catch_up()
    switch(gql, token, number)
    fit_meter(contexts, property_id, TODAY)
    catch_up()
    [order] = gql(ORDERS, {"number": number}, token=token)["data"]["account"]["serviceOrders"]
    assert order["status"] == "COMPLETED"
    [basis] = bases(gql, token, number)
    assert [(p["basis"], p["validFrom"], p["validTo"], p["reversionDeadline"]) for p in basis["periods"]] == [
        ("ASSESSED", "2025-12-16", "2026-01-15", None),
        ("MEASURED", "2026-01-15", None, "2028-01-15"),
    ]


def test_with_a_meter_fitted_the_switch_is_from_today_and_a_second_one_changes_nothing(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    fit_meter(contexts, property_id, TODAY)
    switch(gql, token, number, property_id)
    basis = contexts.supply.charge_basis(property_id)
    assert basis is not None and basis.switches[number].valid_from == TODAY and basis.open_application is None
    recorded = len(list(contexts.supply.repository.event_store.get(ChargeBasis.id_for(property_id))))
    again = switch(gql, token, number, property_id)["data"]["switchAccountToMeasuredTariff"]
    assert again == {"account": {"number": number}}
    assert len(list(contexts.supply.repository.event_store.get(ChargeBasis.id_for(property_id)))) == recorded


def test_another_customer_s_account_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], property_id: str
) -> None:
    _, stranger = customer_token(contexts, "charles@example.com", "Charles Babbage")
    refused_with(switch(gql, stranger, customer["account_number"]), "KT-CT-1111")
    assert contexts.supply.charge_basis(property_id) is None


def test_an_account_with_no_home_today_or_a_home_not_its_own_is_kt_ct_4321(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    catch_up()
    refused_with(switch(gql, token, number), "KT-CT-4321")
    other_number, _ = customer_token(contexts, "charles@example.com", "Charles Babbage")
    elsewhere = home(contexts, other_number, line1="9 Other Road")
    for property_id in (elsewhere, "not-an-id", "1" * 33):
        refused_with(switch(gql, token, number, property_id), "KT-CT-4321")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(switch(gql, None, customer["account_number"]), "KT-CT-1112")
