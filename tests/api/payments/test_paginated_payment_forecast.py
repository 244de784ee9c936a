"""`account { paginatedPaymentForecast }`: what the main ledger (or the ledger asked for) will collect
from today on, in date order: its requested payments and its fixed schedule's monthly payments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from domain.payments import commands
from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.collecting import direct_debit
from tests.api.payments.scheduling import fixed_schedule, top_up_schedule
from tests.helpers import GraphQL, error_codes
from workers.payments.sandbox import NEVER_SETTLES_ENDING
from workers.payments.schedules import collect_due_schedules

FORECAST = """
query($number: String!, $dateTo: Date, $ledgerId: Int, $first: Int, $after: String, $last: Int, $before: String) {
  account(accountNumber: $number) {
    paginatedPaymentForecast(
      dateTo: $dateTo, ledgerId: $ledgerId, first: $first, after: $after, last: $last, before: $before
    ) {
      totalCount edgeCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { paymentNumber date amount method } }
    }
  }
}
"""


def request_payment(contexts: Contexts, customer: dict[str, str], ledger: str, day: date, amount: int) -> None:
    contexts.payments.collect_payment(
        commands.CollectPayment(
            account_number=customer["account_number"],
            amount=amount,
            payment_date=day,
            description="Catch-up",
            idempotency_key=f"catch-up-{day}",
            collection_method="DIRECT_DEBIT",
            ledger_number=ledger,
        )
    )


@pytest.fixture
def planned(contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int]) -> None:
    """Today is 15 January: £50 on the 20th from 20 January, and a payment of £12.34 requested for 1 February."""
    direct_debit(contexts, customer, ledger)
    fixed_schedule(contexts, customer, ledger, day=20, amount=5000)
    request_payment(contexts, customer, ledger, date(2026, 2, 1), 1234)
    catch_up()


def forecast(gql: GraphQL, token: str, number: str, **arguments: Any) -> dict[str, Any]:
    body = gql(FORECAST, {"number": number, **arguments}, token=token)
    assert "errors" not in body, body["errors"]
    connection: dict[str, Any] = body["data"]["account"]["paginatedPaymentForecast"]
    return connection


def payments(connection: dict[str, Any]) -> list[tuple[str, int]]:
    return [(edge["node"]["date"], edge["node"]["amount"]) for edge in connection["edges"]]


def test_the_forecast_lists_the_schedule_s_payments_and_the_requested_ones_in_date_order(
    backend: str, gql: GraphQL, token: str, customer: dict[str, str], planned: None
) -> None:
    # when
    found = forecast(gql, token, customer["account_number"], dateTo="2026-04-20")
    # then
    assert [edge["node"] for edge in found["edges"]] == [
        {"paymentNumber": 1, "date": "2026-01-20", "amount": 5000, "method": "DIRECT_DEBIT"},
        {"paymentNumber": 2, "date": "2026-02-01", "amount": 1234, "method": "DIRECT_DEBIT"},
        {"paymentNumber": 3, "date": "2026-02-20", "amount": 5000, "method": "DIRECT_DEBIT"},
        {"paymentNumber": 4, "date": "2026-03-20", "amount": 5000, "method": "DIRECT_DEBIT"},
        {"paymentNumber": 5, "date": "2026-04-20", "amount": 5000, "method": "DIRECT_DEBIT"},
    ]
    assert found["totalCount"] == 5 and found["edgeCount"] == 5


def test_without_an_end_date_the_forecast_looks_a_year_ahead(
    gql: GraphQL, token: str, customer: dict[str, str], planned: None
) -> None:
    found = payments(forecast(gql, token, customer["account_number"]))
    assert len(found) == 13 and found[-1] == ("2026-12-20", 5000)


def test_an_end_date_before_today_forecasts_nothing(
    gql: GraphQL, token: str, customer: dict[str, str], planned: None
) -> None:
    found = forecast(gql, token, customer["account_number"], dateTo="2026-01-14")
    assert found["edges"] == [] and found["totalCount"] == 0


def test_pages_forwards_and_backwards_meet_without_gaps_or_repeats(
    backend: str, gql: GraphQL, token: str, customer: dict[str, str], planned: None
) -> None:
    number, until = customer["account_number"], "2026-04-20"
    first = forecast(gql, token, number, dateTo=until, first=2)
    assert payments(first) == [("2026-01-20", 5000), ("2026-02-01", 1234)]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    second = forecast(gql, token, number, dateTo=until, first=2, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["paymentNumber"] for e in second["edges"]] == [3, 4]
    assert second["pageInfo"]["hasNextPage"] is True and second["pageInfo"]["hasPreviousPage"] is True
    rest = forecast(gql, token, number, dateTo=until, first=2, after=second["pageInfo"]["endCursor"])
    assert payments(rest) == [("2026-04-20", 5000)] and rest["pageInfo"]["hasNextPage"] is False
    back = forecast(gql, token, number, dateTo=until, last=2, before=rest["pageInfo"]["startCursor"])
    assert back["edges"] == second["edges"]
    assert back["pageInfo"]["hasNextPage"] is True and back["pageInfo"]["hasPreviousPage"] is True
    last = forecast(gql, token, number, dateTo=until, last=1)
    assert last["edges"] == rest["edges"] and last["pageInfo"]["hasPreviousPage"] is True


def test_a_cursor_keeps_its_place_when_a_payment_is_requested_before_it(
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    customer: dict[str, str],
    ledger: str,
    planned: None,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    first = forecast(gql, token, number, dateTo="2026-04-20", first=2)
    request_payment(contexts, customer, ledger, date(2026, 1, 25), 777)
    catch_up()
    after = forecast(gql, token, number, dateTo="2026-04-20", first=2, after=first["pageInfo"]["endCursor"])
    assert payments(after) == [("2026-02-20", 5000), ("2026-03-20", 5000)]
    assert [e["node"]["paymentNumber"] for e in after["edges"]] == [4, 5]


def test_a_month_collected_already_is_not_forecast_again(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    planned: None,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given the scheduler took January's payment on the 20th
    clock.at = datetime(2026, 1, 20, 6, tzinfo=UTC)
    assert collect_due_schedules(contexts, clock.at.date()) == 1
    catch_up()
    # when
    token = token_for(contexts, customer["email"])
    found = payments(forecast(gql, token, customer["account_number"], dateTo="2026-02-28"))
    # then January's payment, collected (the sandbox settles it at once), is not forecast again
    assert found == [("2026-02-01", 1234), ("2026-02-20", 5000)]


def test_a_payment_the_scheduler_asked_for_is_forecast_once_until_it_is_collected(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given a schedule whose payments the provider takes its time over (an amount ending in 408)
    direct_debit(contexts, customer, ledger)
    fixed_schedule(contexts, customer, ledger, day=20, amount=NEVER_SETTLES_ENDING + 5000)
    catch_up()
    clock.at = datetime(2026, 1, 20, 6, tzinfo=UTC)
    assert collect_due_schedules(contexts, clock.at.date()) == 1
    catch_up()
    # when
    token = token_for(contexts, customer["email"])
    found = payments(forecast(gql, token, customer["account_number"], dateTo="2026-02-28"))
    # then January's is the payment submitted, not a second one from the schedule
    assert found == [("2026-01-20", 5408), ("2026-02-20", 5408)]
    assert [p["status"] for p in contexts.read.payments.of_account(customer["account_number"])] == ["SUBMITTED"]


def test_a_top_up_schedule_is_not_forecast(
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    customer: dict[str, str],
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    direct_debit(contexts, customer, ledger)
    top_up_schedule(contexts, customer, ledger)
    catch_up()
    assert forecast(gql, token, customer["account_number"])["totalCount"] == 0


def test_another_ledger_of_the_account_or_one_of_another_account_forecasts_its_own_or_nothing(
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    customer: dict[str, str],
    ledger: str,
    ledger_id: Callable[[str], str],
    planned: None,
    stranger: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    storage = contexts.payments.open_ledger(number, LedgerKind.CREDIT_STORAGE).number
    catch_up()
    assert forecast(gql, token, number, ledgerId=int(ledger_id(ledger)), dateTo="2026-04-20")["totalCount"] == 5
    assert forecast(gql, token, number, ledgerId=int(ledger_id(storage)))["totalCount"] == 0
    assert forecast(gql, token, number, ledgerId=int(ledger_id(stranger["ledger"])))["totalCount"] == 0


def test_an_organisation_sees_any_account_s_forecast(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], planned: None
) -> None:
    _, key = organisation(contexts)
    found = forecast(gql, organisation_token(gql, key), customer["account_number"], dateTo="2026-04-20")
    assert found["totalCount"] == 5


def test_a_stranger_is_refused_at_the_account(
    gql: GraphQL, customer: dict[str, str], planned: None, stranger: dict[str, str]
) -> None:
    body = gql(FORECAST, {"number": customer["account_number"]}, token=stranger["token"])
    assert body["data"] == {"account": None} and error_codes(body) == ["KT-CT-1111"]


@pytest.mark.parametrize(
    ("page", "code"),
    [
        ({"first": 101}, "KT-CT-1189"),
        ({"last": -1}, "KT-CT-1206"),
        ({"after": "bm90IGEgY3Vyc29y"}, "KT-CT-1208"),
        # A cursor of this list whose key is not a forecast's (a date, a rank and a number).
        ({"after": "WyJwYWdpbmF0ZWRQYXltZW50Rm9yZWNhc3QiLCIyMDI2LTAxLTIwIl0="}, "KT-CT-1208"),
    ],
)
def test_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    backend: str, gql: GraphQL, token: str, customer: dict[str, str], planned: None, page: dict, code: str
) -> None:
    body = gql(FORECAST, {"number": customer["account_number"], **page}, token=token)
    assert error_codes(body) == [code]
