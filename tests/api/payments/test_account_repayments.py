"""`account { repayments }`: the account's repayments (requests being or to be paid out), newest
first, by status, with the day the money left or will leave."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.funds import fund
from tests.api.payments.repaying import AT_ONCE, project_only, repayments_in_every_state, request
from tests.helpers import GraphQL, error_codes

REPAYMENTS = """
query($number: String!, $statuses: [AccountRepaymentStatusOptions], $first: Int, $after: String, $last: Int,
      $before: String) {
  account(accountNumber: $number) {
    repayments(statuses: $statuses, first: $first, after: $after, last: $last, before: $before) {
      totalCount edgeCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id amount paymentDate status } }
    }
  }
}
"""
# Newest first; a request cancelled or rejected never was a repayment.
NEWEST_FIRST = [
    ("APPROVED", "APPROVED", 600, "2026-01-17"),
    ("REQUESTED", "REQUESTED", 2500, "2026-01-17"),
    ("PAYING", "SUBMITTED", 1408, "2026-01-16"),
    ("FAILED", "FAILED", 1402, "2026-01-16"),
    ("PAID", "PAID", 1000, "2026-01-16"),
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


def _repayments(gql: GraphQL, token: str, number: str, **arguments: object) -> dict:
    body = gql(REPAYMENTS, {"number": number, **arguments}, token=token)
    assert "errors" not in body, body["errors"]
    return body["data"]["account"]["repayments"]


def _ids(page: dict) -> list[int]:
    return [int(edge["node"]["id"]) for edge in page["edges"]]


def test_an_account_lists_its_repayments_newest_first_with_the_day_the_money_moves(
    backend: str, gql: GraphQL, viewer: str, customer: dict, requested: dict[str, int]
) -> None:
    page = _repayments(gql, viewer, customer["account_number"])
    assert page["totalCount"] == 5 and page["edgeCount"] == 5
    assert _ids(page) == [requested[state] for state, *_ in NEWEST_FIRST]
    assert [(e["node"]["status"], e["node"]["amount"], e["node"]["paymentDate"]) for e in page["edges"]] == [
        (status, amount, day) for _, status, amount, day in NEWEST_FIRST
    ]


@pytest.mark.parametrize(("state", "status", "amount", "day"), NEWEST_FIRST)
def test_a_status_keeps_the_repayments_showing_it(
    gql: GraphQL, viewer: str, customer: dict, requested: dict[str, int], state: str, status: str, amount: int, day: str
) -> None:
    page = _repayments(gql, viewer, customer["account_number"], statuses=[status])
    assert _ids(page) == [requested[state]] and page["totalCount"] == 1


def test_several_statuses_keep_each_s_repayments_and_those_never_made_here_none(
    backend: str, gql: GraphQL, viewer: str, customer: dict, requested: dict[str, int]
) -> None:
    number = customer["account_number"]
    both = _repayments(gql, viewer, number, statuses=["PAID", "REQUESTED", None])
    assert _ids(both) == [requested["REQUESTED"], requested["PAID"]]
    assert _repayments(gql, viewer, number, statuses=["HISTORIC", "THIRD_PARTY"])["totalCount"] == 0
    assert _ids(_repayments(gql, viewer, number, statuses=[])) == [requested[s] for s, *_ in NEWEST_FIRST]


def test_pages_forwards_and_backwards_meet_without_gaps_or_repeats(
    backend: str, gql: GraphQL, viewer: str, customer: dict, requested: dict[str, int]
) -> None:
    number, order = customer["account_number"], [requested[state] for state, *_ in NEWEST_FIRST]
    first = _repayments(gql, viewer, number, first=2)
    assert _ids(first) == order[:2] and first["pageInfo"]["hasNextPage"] is True
    rest = _repayments(gql, viewer, number, first=10, after=first["pageInfo"]["endCursor"])
    assert _ids(rest) == order[2:] and rest["pageInfo"]["hasNextPage"] is False
    assert rest["pageInfo"]["hasPreviousPage"] is True
    back = _repayments(gql, viewer, number, last=2, before=rest["pageInfo"]["endCursor"])
    assert _ids(back) == order[2:4] and back["pageInfo"]["hasPreviousPage"] is True


def test_every_ledger_s_repayments_and_none_of_another_account_s(
    backend: str,
    gql: GraphQL,
    token: str,
    contexts: Contexts,
    customer: dict,
    ledger: str,
    stranger: dict,
    catch_up: Callable[[], int],
) -> None:
    # given a request on a credit storage ledger of Ada's, and one of Charles's
    storage = contexts.payments.open_ledger(customer["account_number"], LedgerKind.CREDIT_STORAGE).number
    fund(contexts, storage, 5000)
    fund(contexts, stranger["ledger"], 5000)
    mine = request(contexts, customer, storage, 1200, AT_ONCE)
    request(contexts, {"account_number": stranger["account_number"]}, stranger["ledger"], 1300, AT_ONCE)
    project_only(contexts)
    # then
    page = _repayments(gql, token, customer["account_number"])
    assert _ids(page) == [mine] and page["edges"][0]["node"]["status"] == "APPROVED"


def test_an_account_without_repayments_has_an_empty_list(
    backend: str, gql: GraphQL, token: str, customer: dict, ledger: str
) -> None:
    page = _repayments(gql, token, customer["account_number"])
    assert page["edges"] == [] and page["totalCount"] == 0 and page["pageInfo"]["hasNextPage"] is False


def test_a_stranger_is_refused_and_an_organisation_sees_the_repayments(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, requested: dict[str, int], stranger: dict
) -> None:
    number = customer["account_number"]
    refused = gql(REPAYMENTS, {"number": number}, token=token_for(contexts, "charles@example.com"))
    assert refused["data"] == {"account": None} and error_codes(refused) == ["KT-CT-1111"]
    _, key = organisation(contexts)
    assert _ids(_repayments(gql, organisation_token(gql, key), number)) == [requested[s] for s, *_ in NEWEST_FIRST]


@pytest.mark.parametrize(
    ("page", "code"),
    [({"first": 101}, "KT-CT-1189"), ({"first": -1}, "KT-CT-1206"), ({"after": "bm90IGEgY3Vyc29y"}, "KT-CT-1208")],
)
def test_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    gql: GraphQL, token: str, customer: dict, ledger: str, page: dict, code: str
) -> None:
    assert error_codes(gql(REPAYMENTS, {"number": customer["account_number"], **page}, token=token)) == [code]
