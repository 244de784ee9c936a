"""`account { paymentSchedules }`: the account's schedules, the latest to start first, with Kraken's filters,
and a debt repayment plan's payments on the plan's schedule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.payments import commands
from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.collecting import direct_debit
from tests.api.payments.scheduling import fixed_schedule, plan_schedule, top_up_schedule
from tests.helpers import GraphQL, error_codes

SCHEDULES = """
query(
  $number: String!, $first: Int, $after: String, $last: Int, $before: String, $active: Boolean,
  $activeOnDate: Date, $includeDormant: Boolean, $ledgerId: ID, $ledgerType: Int, $reason: PaymentScheduleReasonOptions
) {
  account(accountNumber: $number) {
    paymentSchedules(
      first: $first, after: $after, last: $last, before: $before, active: $active, activeOnDate: $activeOnDate,
      includeDormant: $includeDormant, ledgerId: $ledgerId, ledgerType: $ledgerType, reason: $reason
    ) {
      totalCount edgeCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          id paymentDay paymentAmount paymentFrequency paymentFrequencyMultiplier isVariablePaymentAmount
          validFrom validTo scheduleType reason totalDebtAmount isPaymentHoliday paymentHolidayReason
          paymentPlan { id status ledgerNumber initialScheduleType payments { amount payableDate }
                        nextPayment { amount payableDate } }
        }
      }
    }
  }
}
"""


def _change(contexts: Contexts, customer: dict[str, str], ledger: str, **change: int) -> None:
    contexts.payments.create_account_payment_schedule(
        commands.CreateAccountPaymentSchedule(account_number=customer["account_number"], ledger_number=ledger, **change)
    )


@pytest.fixture
def history(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> list[str]:
    """Three schedules one after another: £50 on the 20th from 20 January, £60 from 1 February, then
    £70 on the 25th from 1 March, which is today. Their ids, the first one first."""
    direct_debit(contexts, customer, ledger)
    fixed_schedule(contexts, customer, ledger, day=20, amount=5000)
    clock.at = datetime(2026, 2, 1, 9, tzinfo=UTC)
    _change(contexts, customer, ledger, payment_amount=6000)
    clock.at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    _change(contexts, customer, ledger, payment_amount=7000, payment_day=25)
    catch_up()
    stored = contexts.payments.payment_schedules(ledger)
    assert stored is not None
    return [str(s.id) for s in sorted(stored.schedules.values(), key=lambda s: s.valid_from)]


@pytest.fixture
def viewer(contexts: Contexts, customer: dict[str, str], history: list[str]) -> str:
    """Ada's token, obtained once the clock has moved on to today (a token from January has expired)."""
    return token_for(contexts, customer["email"])


def schedules(gql: GraphQL, token: str, number: str, **arguments: Any) -> dict[str, Any]:
    body = gql(SCHEDULES, {"number": number, **arguments}, token=token)
    assert "errors" not in body, body["errors"]
    connection: dict[str, Any] = body["data"]["account"]["paymentSchedules"]
    return connection


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def test_an_account_lists_its_schedules_the_latest_to_start_first(
    backend: str, gql: GraphQL, viewer: str, customer: dict[str, str], history: list[str]
) -> None:
    # when
    found = schedules(gql, viewer, customer["account_number"])
    # then
    assert found["totalCount"] == 3 and found["edgeCount"] == 3
    assert [n["id"] for n in nodes(found)] == list(reversed(history))
    assert nodes(found)[0] == {
        "id": history[2],
        "paymentDay": 25,
        "paymentAmount": 7000,
        "paymentFrequency": "Monthly",
        "paymentFrequencyMultiplier": 1,
        "isVariablePaymentAmount": False,
        "validFrom": "2026-03-01",
        "validTo": None,
        "scheduleType": "DIRECT_DEBIT",
        "reason": "GENERAL_ACCOUNT_PAYMENT",
        "totalDebtAmount": None,
        "isPaymentHoliday": False,
        "paymentHolidayReason": "",
        "paymentPlan": None,
    }
    assert [(n["validFrom"], n["validTo"], n["paymentAmount"]) for n in nodes(found)[1:]] == [
        ("2026-02-01", "2026-02-28", 6000),
        ("2026-01-20", "2026-01-31", 5000),
    ]


def test_filters_keep_the_schedules_active_today_or_on_a_day_and_those_still_to_collect(
    gql: GraphQL, viewer: str, customer: dict[str, str], history: list[str]
) -> None:
    number = customer["account_number"]
    assert [n["id"] for n in nodes(schedules(gql, viewer, number, active=True))] == [history[2]]
    assert [n["id"] for n in nodes(schedules(gql, viewer, number, active=False))] == [history[1], history[0]]
    assert [n["id"] for n in nodes(schedules(gql, viewer, number, activeOnDate="2026-02-10"))] == [history[1]]
    assert [n["id"] for n in nodes(schedules(gql, viewer, number, activeOnDate="2026-01-19"))] == []
    assert [n["id"] for n in nodes(schedules(gql, viewer, number, includeDormant=False))] == [history[2]]
    assert schedules(gql, viewer, number, reason="DEBT_REPAYMENT_PLAN")["totalCount"] == 0


def test_a_ledger_filter_keeps_that_ledger_s_schedules_and_another_account_s_ledger_has_none(
    gql: GraphQL,
    contexts: Contexts,
    viewer: str,
    customer: dict[str, str],
    ledger: str,
    ledger_id: Callable[[str], str],
    history: list[str],
    stranger: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    storage = contexts.payments.open_ledger(number, LedgerKind.CREDIT_STORAGE).number
    catch_up()
    assert schedules(gql, viewer, number, ledgerId=ledger_id(ledger))["totalCount"] == 3
    assert schedules(gql, viewer, number, ledgerType=int(ledger_id(ledger)))["totalCount"] == 3
    assert schedules(gql, viewer, number, ledgerId=ledger_id(storage))["totalCount"] == 0
    assert schedules(gql, viewer, number, ledgerId=ledger_id(stranger["ledger"]))["totalCount"] == 0


def test_pages_forwards_and_backwards(gql: GraphQL, viewer: str, customer: dict[str, str], history: list[str]) -> None:
    number = customer["account_number"]
    first = schedules(gql, viewer, number, first=2)
    assert [n["id"] for n in nodes(first)] == [history[2], history[1]]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    rest = schedules(gql, viewer, number, first=2, after=first["pageInfo"]["endCursor"])
    assert [n["id"] for n in nodes(rest)] == [history[0]]
    assert rest["pageInfo"]["hasNextPage"] is False and rest["pageInfo"]["hasPreviousPage"] is True
    back = schedules(gql, viewer, number, last=1, before=rest["pageInfo"]["startCursor"])
    assert [n["id"] for n in nodes(back)] == [history[1]]
    assert back["pageInfo"]["hasNextPage"] is True and back["pageInfo"]["hasPreviousPage"] is True
    oldest = schedules(gql, viewer, number, last=1)
    assert oldest["edges"] == rest["edges"]


def test_an_account_without_schedules_has_an_empty_list(
    gql: GraphQL, token: str, customer: dict[str, str], ledger: str
) -> None:
    found = schedules(gql, token, customer["account_number"])
    assert found["edges"] == [] and found["totalCount"] == 0
    assert found["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None}


def test_a_top_up_schedule_has_no_payment_day_and_a_variable_amount(
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    customer: dict[str, str],
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    direct_debit(contexts, customer, ledger)
    top_up_schedule(contexts, customer, ledger, amount=2000)
    catch_up()
    (node,) = nodes(schedules(gql, token, customer["account_number"]))
    assert (node["paymentDay"], node["paymentFrequency"], node["isVariablePaymentAmount"]) == (None, None, True)
    assert (node["paymentAmount"], node["validFrom"]) == (2000, "2026-01-15")


def test_a_debt_repayment_plan_s_schedule_shows_the_plan_and_its_payments(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    customer: dict[str, str],
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # given a plan of £25 on the 3rd from today, 15 January
    direct_debit(contexts, customer, ledger)
    plan = plan_schedule(contexts, customer, ledger, day=3)
    catch_up()
    # when
    (node,) = nodes(schedules(gql, token, customer["account_number"], reason="DEBT_REPAYMENT_PLAN"))
    # then its payments are its schedule's, for a year from today while the plan has no end
    assert node["reason"] == "DEBT_REPAYMENT_PLAN" and node["id"] == str(plan.id)
    payments = node["paymentPlan"].pop("payments")
    assert node["paymentPlan"] == {
        "id": str(plan.id),
        "status": "ACTIVE",
        "ledgerNumber": ledger,
        "initialScheduleType": "DIRECT_DEBIT",
        "nextPayment": {"amount": 2500, "payableDate": "2026-02-03"},
    }
    assert payments[0] == {"amount": 2500, "payableDate": "2026-02-03"}
    assert [p["payableDate"] for p in payments][-1] == "2027-01-03" and len(payments) == 12


def test_a_plan_replaced_by_another_schedule_has_ended_with_the_payments_it_took(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    direct_debit(contexts, customer, ledger)
    plan_schedule(contexts, customer, ledger, day=3)
    clock.at = datetime(2026, 3, 10, 9, tzinfo=UTC)
    fixed_schedule(contexts, customer, ledger, day=20)  # from 20 March: the plan ends on the 19th
    clock.at = datetime(2026, 3, 25, 9, tzinfo=UTC)
    catch_up()
    token = token_for(contexts, customer["email"])
    (node,) = nodes(schedules(gql, token, customer["account_number"], reason="DEBT_REPAYMENT_PLAN"))
    plan = node["paymentPlan"]
    assert (plan["status"], plan["nextPayment"]) == ("ENDED", None)
    assert [p["payableDate"] for p in plan["payments"]] == ["2026-02-03", "2026-03-03"]


def test_an_organisation_sees_any_account_s_schedules(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], history: list[str]
) -> None:
    _, key = organisation(contexts)
    found = schedules(gql, organisation_token(gql, key), customer["account_number"])
    assert found["totalCount"] == 3


def test_a_stranger_is_refused_at_the_account(
    gql: GraphQL, customer: dict[str, str], history: list[str], stranger: dict[str, str]
) -> None:
    body = gql(SCHEDULES, {"number": customer["account_number"]}, token=stranger["token"])
    assert body["data"] == {"account": None} and error_codes(body) == ["KT-CT-1111"]


@pytest.mark.parametrize(
    ("page", "code"),
    [
        ({"first": 101}, "KT-CT-1189"),
        ({"last": -1}, "KT-CT-1206"),
        ({"after": "bm90IGEgY3Vyc29y"}, "KT-CT-1208"),
        # A cursor of this list whose key is not a schedule's (a date and an id).
        ({"before": "WyJwYXltZW50U2NoZWR1bGVzIiwxXQ=="}, "KT-CT-1208"),
    ],
)
def test_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    backend: str, gql: GraphQL, viewer: str, customer: dict[str, str], history: list[str], page: dict, code: str
) -> None:
    body = gql(SCHEDULES, {"number": customer["account_number"], **page}, token=viewer)
    assert error_codes(body) == [code]
