"""quote(code): a quote's products and the days each may start on, for the quote's account users only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from domain.shared.clock import FrozenClock
from domain.supply.supply_point import derived_supply_point_id
from projections.contexts import Contexts
from tests.api.loyalty.conftest import token_for
from tests.api.supply.products import QUOTE, product_id, quoted
from tests.helpers import GraphQL, error_codes


def test_the_quotes_account_user_reads_its_products_and_start_dates(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    catch_up()
    found = gql(QUOTE, {"code": made.code}, token=token)["data"]["quote"]
    first, second = found.pop("quotedProducts")
    assert found == {
        "code": made.code,
        "postcode": "DE21 5AB",
        "supplyPointId": derived_supply_point_id(property_id),
        "propertyId": property_id,
        "expiresAt": (clock.now() + timedelta(days=14)).isoformat(),
    }
    assert (first["id"], first["name"], first["recommended"]) == (product_id(made), "WaterSure 2026", True)
    assert second["product"] == {"code": "ST-ASSESSED-26", "displayName": "Assessed charge 2026"}
    dates = first["allowedSupplyStartDates"]
    assert (len(dates), dates[0], dates[-1]) == (31, "2026-01-15", "2026-02-14")


def test_days_gone_by_are_no_longer_offered_and_an_expired_quote_offers_none(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    property_id: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    catch_up()
    clock.advance(timedelta(days=10))
    token = token_for(contexts, customer["email"])
    [first] = gql(QUOTE, {"code": made.code}, token=token)["data"]["quote"]["quotedProducts"][:1]
    assert first["allowedSupplyStartDates"][0] == "2026-01-25"
    clock.advance(timedelta(days=4))
    token = token_for(contexts, customer["email"])
    [first] = gql(QUOTE, {"code": made.code}, token=token)["data"]["quote"]["quotedProducts"][:1]
    assert first["allowedSupplyStartDates"] == []


def test_another_customer_and_an_unknown_code_get_null(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    stranger: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    catch_up()
    theirs = token_for(contexts, "charles@example.com")
    assert gql(QUOTE, {"code": made.code}, token=theirs) == {"data": {"quote": None}}
    assert gql(QUOTE, {"code": "QNOSUCHQUOTE"}, token=token) == {"data": {"quote": None}}


def test_a_quote_needs_a_login(gql: GraphQL, contexts: Contexts, customer: dict[str, str], property_id: str) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    assert error_codes(gql(QUOTE, {"code": made.code})) == ["KT-CT-1112"]
