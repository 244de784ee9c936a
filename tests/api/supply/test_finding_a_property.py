"""getAddressesByPostcode and propertiesSearch: a new customer finds the property to move into,
without logging in; addresses only, never who occupies them."""

from __future__ import annotations

from collections.abc import Callable

from domain.shared.clock import FrozenClock
from ops.runtime import Contexts
from tests.api.accounts.homes import home
from tests.helpers import GraphQL, error_codes

BY_POSTCODE = """
query($postcode: String!) {
  getAddressesByPostcode(postcode: $postcode) {
    uprn addressLine1 addressLine2 addressLine3 addressLine4 addressLine5 postcode display addressKey
  }
}
"""
SEARCH = """
query($term: String!) {
  propertiesSearch(searchTerm: $term) { score property { id postcode address splitAddress } }
}
"""


def test_addresses_at_a_postcode_however_it_is_typed(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    first, second = home(contexts, number), home(contexts, number, line1="2 Mill Lane")
    catch_up()
    for typed in ("DE21 5AB", "de215ab", " de21  5ab "):
        found = gql(BY_POSTCODE, {"postcode": typed})["data"]["getAddressesByPostcode"]
        assert [a["addressKey"] for a in found] == [first, second]
    [one, _] = gql(BY_POSTCODE, {"postcode": "DE21 5AB"})["data"]["getAddressesByPostcode"]
    assert one == {
        "uprn": None,
        "addressLine1": "1 Mill Lane",
        "addressLine2": "Little Eaton",
        "addressLine3": "Derby",
        "addressLine4": None,
        "addressLine5": None,
        "postcode": "DE21 5AB",
        "display": "1 Mill Lane, Little Eaton, Derby, DE21 5AB",
        "addressKey": first,
    }
    assert gql(BY_POSTCODE, {"postcode": "SW1A 1AA"})["data"]["getAddressesByPostcode"] == []
    assert gql(BY_POSTCODE, {"postcode": "not a postcode"})["data"]["getAddressesByPostcode"] == []


def test_searching_by_address_words_or_postcode(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    mill, station = home(contexts, number), home(contexts, number, line1="7 Station Road")
    catch_up()
    [found] = gql(SEARCH, {"term": "1 mill lane"})["data"]["propertiesSearch"]
    assert found["property"] == {
        "id": mill,
        "postcode": "DE21 5AB",
        "address": "1 Mill Lane, Little Eaton, Derby, DE21 5AB",
        "splitAddress": ["1 Mill Lane", "Little Eaton", "Derby", "DE21 5AB"],
    }
    both = gql(SEARCH, {"term": "Station de215ab"})["data"]["propertiesSearch"]
    assert [result["property"]["id"] for result in both] == [station]
    by_postcode = gql(SEARCH, {"term": "DE21 5AB"})["data"]["propertiesSearch"]
    assert {result["property"]["id"] for result in by_postcode} == {mill, station}
    assert all(0 < float(result["score"]) <= 1 for result in by_postcode)
    assert gql(SEARCH, {"term": "100%_mill"})["data"]["propertiesSearch"] == []
    assert gql(SEARCH, {"term": "   "})["data"]["propertiesSearch"] == []


def test_the_answers_hold_no_occupancy_or_account(gql: GraphQL) -> None:
    body = gql('{ propertiesSearch(searchTerm: "mill") { property { occupancyPeriods { id } } } }')
    assert body["errors"] and body.get("data") is None


def test_over_long_input_is_a_kraken_error(gql: GraphQL) -> None:
    body = gql(SEARCH, {"term": "x" * 101})
    assert error_codes(body) == ["KT-CT-4321"]
    body = gql(BY_POSTCODE, {"postcode": "x" * 17})
    assert error_codes(body) == ["KT-CT-4321"]


def test_results_are_capped(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int], clock: FrozenClock
) -> None:
    for n in range(52):
        home(contexts, customer["account_number"], line1=f"{n} Long Row")
    catch_up()
    assert len(gql(SEARCH, {"term": "long row"})["data"]["propertiesSearch"]) == 50
    assert len(gql(BY_POSTCODE, {"postcode": "DE21 5AB"})["data"]["getAddressesByPostcode"]) == 50
