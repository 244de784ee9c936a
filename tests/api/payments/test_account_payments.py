"""`account { payments }`: Kraken's connection over the account's payments, newest first, with the
status each shows today, filtered by ledger, status and reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.collecting import direct_debit
from tests.api.payments.paying import TODAY, collect, payments_of_every_status
from tests.api.payments.scheduling import fixed_schedule, plan_schedule, top_up_schedule
from tests.helpers import GraphQL, error_codes
from workers.payments.schedules import collect_due_schedules

PAYMENTS = """
query(
  $number: String!, $ledgerId: String, $status: AccountPaymentStatusOptions, $reason: PaymentReasonOptions,
  $includePromises: Boolean, $first: Int, $after: String, $last: Int, $before: String
) {
  account(accountNumber: $number) {
    payments(
      ledgerId: $ledgerId, status: $status, reason: $reason, includePromises: $includePromises,
      first: $first, after: $after, last: $last, before: $before
    ) {
      totalCount edgeCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id amount paymentDate status reference transactionType surchargeAmount } }
    }
  }
}
"""
NEWEST_FIRST = ["SCHEDULED", "DELETED", "REQUESTED", "PENDING", "FAILED", "CLEARED"]


@pytest.fixture
def paid(
    contexts: Contexts, customer: dict, ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> dict[str, int]:
    return payments_of_every_status(contexts, customer, ledger, clock, catch_up)


@pytest.fixture
def viewer(contexts: Contexts, customer: dict, paid: dict[str, int]) -> str:
    """Ada's token, issued once the payments were made (a day later than the `token` fixture's)."""
    return token_for(contexts, customer["email"])


def _payments(gql: GraphQL, token: str, number: str, **arguments: object) -> dict:
    body = gql(PAYMENTS, {"number": number, **arguments}, token=token)
    assert "errors" not in body, body["errors"]
    return body["data"]["account"]["payments"]


def _statuses(page: dict) -> list[str]:
    return [edge["node"]["status"] for edge in page["edges"]]


def test_an_account_lists_its_payments_newest_first_with_the_status_each_shows_today(
    backend: str, gql: GraphQL, viewer: str, customer: dict, paid: dict[str, int]
) -> None:
    # when
    page = _payments(gql, viewer, customer["account_number"])
    # then
    assert page["totalCount"] == 6 and page["edgeCount"] == 6
    assert _statuses(page) == NEWEST_FIRST
    nodes = {edge["node"]["status"]: edge["node"] for edge in page["edges"]}
    assert {status: int(node["id"]) for status, node in nodes.items()} == paid
    assert [edge["node"]["amount"] for edge in page["edges"]] == [1600, 1500, 1700, 1408, 1402, 1000]
    assert [edge["node"]["paymentDate"] for edge in page["edges"]] == [
        "2026-01-25",
        "2026-01-20",
        "2026-01-16",
        "2026-01-15",
        "2026-01-15",
        "2026-01-15",
    ]
    # the provider's reference once it has one; taken by direct debit once submitted or asked for today
    assert all(nodes[s]["reference"].startswith("sbx_ch_") for s in ("CLEARED", "FAILED", "PENDING"))
    assert all(nodes[s]["reference"] == "" for s in ("SCHEDULED", "DELETED", "REQUESTED"))
    assert {s for s, node in nodes.items() if node["transactionType"] == "DD_REGULAR_COLLECTION"} == {
        "CLEARED",
        "FAILED",
        "PENDING",
    }
    # no surcharge is ever taken
    assert {node["surchargeAmount"] for node in nodes.values()} == {None}
    assert page["pageInfo"]["hasNextPage"] is False and page["pageInfo"]["hasPreviousPage"] is False


@pytest.mark.parametrize("status", NEWEST_FIRST)
def test_a_status_keeps_the_payments_showing_it(
    backend: str, gql: GraphQL, viewer: str, customer: dict, paid: dict[str, int], status: str
) -> None:
    page = _payments(gql, viewer, customer["account_number"], status=status)
    assert [int(edge["node"]["id"]) for edge in page["edges"]] == [paid[status]]
    assert page["totalCount"] == 1 and _statuses(page) == [status]


@pytest.mark.parametrize("status", ["PROMISED", "FULFILLED", "PROMISE_BROKEN", "HISTORIC", "THIRD_PARTY"])
def test_statuses_of_payments_never_made_here_keep_none(
    gql: GraphQL, viewer: str, customer: dict, paid: dict[str, int], status: str
) -> None:
    page = _payments(gql, viewer, customer["account_number"], status=status)
    assert page["edges"] == [] and page["totalCount"] == 0


def test_no_payment_is_a_promise_so_leaving_promises_out_lists_the_same(
    gql: GraphQL, viewer: str, customer: dict, paid: dict[str, int]
) -> None:
    page = _payments(gql, viewer, customer["account_number"], includePromises=False)
    assert _statuses(page) == NEWEST_FIRST


def test_a_status_moves_with_the_day(
    gql: GraphQL, contexts: Contexts, customer: dict, paid: dict[str, int], clock: FrozenClock
) -> None:
    # given the payment for the 25th, on the 25th (the scheduler has not run)
    clock.at = clock.at.replace(day=25)
    # then it is due: requested, no longer scheduled
    page = _payments(gql, token_for(contexts, customer["email"]), customer["account_number"], status="REQUESTED")
    assert {int(edge["node"]["id"]) for edge in page["edges"]} == {paid["REQUESTED"], paid["SCHEDULED"]}


def test_pages_forwards_and_backwards_meet_without_gaps_or_repeats(
    backend: str, gql: GraphQL, viewer: str, customer: dict, paid: dict[str, int]
) -> None:
    number = customer["account_number"]
    first = _payments(gql, viewer, number, first=4)
    assert _statuses(first) == NEWEST_FIRST[:4]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    rest = _payments(gql, viewer, number, first=4, after=first["pageInfo"]["endCursor"])
    assert _statuses(rest) == NEWEST_FIRST[4:]
    assert rest["pageInfo"]["hasNextPage"] is False and rest["pageInfo"]["hasPreviousPage"] is True
    assert rest["totalCount"] == 6 and rest["edgeCount"] == 2
    back = _payments(gql, viewer, number, last=3, before=rest["pageInfo"]["startCursor"])
    assert _statuses(back) == NEWEST_FIRST[1:4]
    assert back["pageInfo"]["hasPreviousPage"] is True and back["pageInfo"]["hasNextPage"] is True
    oldest = _payments(gql, viewer, number, last=1)
    assert _statuses(oldest) == ["CLEARED"] and oldest["pageInfo"]["hasPreviousPage"] is True
    none = _payments(gql, viewer, number, first=0)
    assert none["edges"] == [] and none["pageInfo"]["hasNextPage"] is True


def test_an_account_without_payments_has_an_empty_list(
    backend: str, gql: GraphQL, token: str, customer: dict, ledger: str
) -> None:
    page = _payments(gql, token, customer["account_number"])
    assert page["edges"] == [] and page["totalCount"] == 0 and page["edgeCount"] == 0
    assert page["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None}


def test_a_ledger_id_keeps_that_ledger_s_payments_among_the_account_s_own(
    backend: str,
    gql: GraphQL,
    token: str,
    contexts: Contexts,
    customer: dict,
    ledger: str,
    ledger_id: Callable[[str], str],
    stranger: dict,
    catch_up: Callable[[], int],
) -> None:
    # given a payment on the main ledger and one on a credit storage ledger
    storage = contexts.payments.open_ledger(customer["account_number"], LedgerKind.CREDIT_STORAGE).number
    main_payment = collect(contexts, customer, ledger, 1200, date(2026, 2, 1))
    storage_payment = collect(contexts, customer, storage, 3400, date(2026, 2, 2))
    catch_up()
    number = customer["account_number"]
    # then
    assert len(_payments(gql, token, number)["edges"]) == 2

    def ids(ledger_number: str) -> list[int]:
        return [int(e["node"]["id"]) for e in _payments(gql, token, number, ledgerId=ledger_id(ledger_number))["edges"]]

    assert ids(ledger) == [main_payment] and ids(storage) == [storage_payment]
    # another account's ledger, or none, lists nothing
    assert ids(stranger["ledger"]) == []
    assert _payments(gql, token, number, ledgerId="999999999")["totalCount"] == 0


def test_a_reason_keeps_the_payments_schedules_took_for_it(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict,
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given a one-off payment, a top-up (the balance is below its trigger) and, on the 20th, a fixed payment
    direct_debit(contexts, customer, ledger)
    one_off = collect(contexts, customer, ledger, 900, TODAY)
    clock.advance(timedelta(minutes=1))
    top_up_schedule(contexts, customer, ledger, threshold=1000, amount=2000)
    catch_up()
    collect_due_schedules(contexts, TODAY)
    catch_up()
    fixed_schedule(contexts, customer, ledger, day=20, amount=5000)
    # and, on a credit storage ledger, a debt repayment plan's payment on the 20th too
    storage = contexts.payments.open_ledger(customer["account_number"], LedgerKind.CREDIT_STORAGE).number
    direct_debit(contexts, customer, storage)
    plan_schedule(contexts, customer, storage, day=20)
    catch_up()
    clock.at = clock.at.replace(day=20)
    collect_due_schedules(contexts, date(2026, 1, 20))
    catch_up()
    number, token = customer["account_number"], token_for(contexts, customer["email"])

    def amounts(reason: str) -> list[int]:
        return [e["node"]["amount"] for e in _payments(gql, token, number, reason=reason)["edges"]]

    # then
    assert amounts("BALANCE_THRESHOLD_CROSSED") == [2000]
    assert amounts("REGULAR_SCHEDULE") == [5000]
    assert amounts("PAYMENT_PLAN") == [2500] and amounts("BILL_ISSUED") == []
    assert [int(e["node"]["id"]) for e in _payments(gql, token, number)["edges"]][-1] == one_off


def test_a_stranger_is_refused_and_an_organisation_sees_the_payments(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, paid: dict[str, int], stranger: dict
) -> None:
    number = customer["account_number"]
    refused = gql(PAYMENTS, {"number": number}, token=token_for(contexts, "charles@example.com"))
    assert refused["data"] == {"account": None} and error_codes(refused) == ["KT-CT-1111"]
    _, key = organisation(contexts)
    page = _payments(gql, organisation_token(gql, key), number)
    assert _statuses(page) == NEWEST_FIRST


@pytest.mark.parametrize(
    ("page", "code"),
    [({"first": 101}, "KT-CT-1189"), ({"last": -1}, "KT-CT-1206"), ({"after": "bm90IGEgY3Vyc29y"}, "KT-CT-1208")],
)
def test_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    gql: GraphQL, token: str, customer: dict, ledger: str, page: dict, code: str
) -> None:
    assert error_codes(gql(PAYMENTS, {"number": customer["account_number"], **page}, token=token)) == [code]
