"""`ledger { repaymentRequests }`: every repayment request made on a ledger, newest first, with the
status Kraken shows for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.repaying import repayments_in_every_state
from tests.helpers import GraphQL, error_codes

REQUESTS = """
query($number: String!, $first: Int, $after: String, $last: Int, $before: String) {
  account(accountNumber: $number) {
    ledgers {
      number
      repaymentRequests(first: $first, after: $after, last: $last, before: $before) {
        totalCount edgeCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { requestId amount reasonCode method status instruction { id } } }
      }
    }
  }
}
"""
# Newest first, and what each shows: paid out, being paid out or about to be is ACCEPTED; a
# payout the provider declined repaid nothing, so it reads as REJECTED.
NEWEST_FIRST = [
    ("APPROVED", "ACCEPTED"),
    ("REQUESTED", "REQUESTED"),
    ("REJECTED", "REJECTED"),
    ("CANCELLED", "CANCELLED"),
    ("PAYING", "ACCEPTED"),
    ("FAILED", "REJECTED"),
    ("PAID", "ACCEPTED"),
]


@pytest.fixture
def requested(
    contexts: Contexts, customer: dict, ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> dict[str, int]:
    return repayments_in_every_state(contexts, customer, ledger, clock, catch_up)


@pytest.fixture
def viewer(contexts: Contexts, customer: dict, requested: dict[str, int]) -> str:
    """Ada's token, issued once the requests were made (days after the `token` fixture's)."""
    return token_for(contexts, customer["email"])


def _requests(gql: GraphQL, token: str, number: str, **page: object) -> dict:
    body = gql(REQUESTS, {"number": number, **page}, token=token)
    assert "errors" not in body, body["errors"]
    return body["data"]["account"]["ledgers"][0]["repaymentRequests"]


def _ids(page: dict) -> list[int]:
    return [int(edge["node"]["requestId"]) for edge in page["edges"]]


def test_a_ledger_lists_its_repayment_requests_newest_first_whatever_became_of_them(
    backend: str, gql: GraphQL, viewer: str, customer: dict, requested: dict[str, int]
) -> None:
    page = _requests(gql, viewer, customer["account_number"])
    assert page["totalCount"] == 7 and page["edgeCount"] == 7
    assert _ids(page) == [requested[state] for state, _ in NEWEST_FIRST]
    assert [edge["node"]["status"] for edge in page["edges"]] == [status for _, status in NEWEST_FIRST]
    assert [edge["node"]["amount"] for edge in page["edges"]] == [600, 2500, 800, 700, 1408, 1402, 1000]
    assert {(e["node"]["method"], e["node"]["reasonCode"], e["node"]["instruction"]) for e in page["edges"]} == {
        ("CHEQUE", "MOVED_OUT", None)
    }
    assert page["pageInfo"]["hasNextPage"] is False and page["pageInfo"]["hasPreviousPage"] is False


def test_pages_forwards_and_backwards_meet_without_gaps_or_repeats(
    backend: str, gql: GraphQL, viewer: str, customer: dict, requested: dict[str, int]
) -> None:
    number, order = customer["account_number"], [requested[state] for state, _ in NEWEST_FIRST]
    first = _requests(gql, viewer, number, first=3)
    assert _ids(first) == order[:3] and first["pageInfo"]["hasNextPage"] is True
    second = _requests(gql, viewer, number, first=3, after=first["pageInfo"]["endCursor"])
    assert _ids(second) == order[3:6] and second["pageInfo"]["hasPreviousPage"] is True
    rest = _requests(gql, viewer, number, first=3, after=second["pageInfo"]["endCursor"])
    assert _ids(rest) == order[6:] and rest["pageInfo"]["hasNextPage"] is False
    back = _requests(gql, viewer, number, last=2, before=second["pageInfo"]["startCursor"])
    assert _ids(back) == order[1:3] and back["pageInfo"]["hasPreviousPage"] is True
    assert back["pageInfo"]["hasNextPage"] is True


def test_a_ledger_without_requests_has_an_empty_list(
    backend: str, gql: GraphQL, token: str, customer: dict, ledger: str
) -> None:
    page = _requests(gql, token, customer["account_number"])
    assert page["edges"] == [] and page["totalCount"] == 0 and page["pageInfo"]["endCursor"] is None


def test_a_stranger_is_refused_and_an_organisation_sees_the_requests(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, requested: dict[str, int], stranger: dict
) -> None:
    number = customer["account_number"]
    refused = gql(REQUESTS, {"number": number}, token=token_for(contexts, "charles@example.com"))
    assert refused["data"] == {"account": None} and error_codes(refused) == ["KT-CT-1111"]
    _, key = organisation(contexts)
    assert _ids(_requests(gql, organisation_token(gql, key), number)) == [requested[s] for s, _ in NEWEST_FIRST]


@pytest.mark.parametrize(
    ("page", "code"),
    [({"first": 101}, "KT-CT-1189"), ({"last": -1}, "KT-CT-1206"), ({"before": "bm90IGEgY3Vyc29y"}, "KT-CT-1208")],
)
def test_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    gql: GraphQL, token: str, customer: dict, ledger: str, page: dict, code: str
) -> None:
    assert error_codes(gql(REQUESTS, {"number": customer["account_number"], **page}, token=token)) == [code]
