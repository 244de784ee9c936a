"""`account(accountNumber, asOf)`: the account as it stood at a past moment, replayed from its events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.payments import commands
from domain.payments.ledger import main_ledger_number
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import register, served, token_for
from tests.api.payments.collecting import direct_debit
from tests.api.payments.funds import fund
from tests.api.payments.paying import collect
from tests.api.payments.scheduling import fixed_schedule, owe
from tests.api.supply.meters import install, submit
from tests.helpers import GraphQL, error_codes

# Every field answered as of a moment, each connection with its pageInfo and counts.
FIELDS = """
  id number status brand billingName createdAt
  balance
  allBalance: balance(includeAllLedgers: true)
  ledgers {
    id name number ledgerType balance amountOwedByCustomer affectsAccountBalance
    transactions(first: 10) {
      totalCount edgeCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          __typename id postedDate createdAt accountNumber amount amounts { net tax gross } balanceCarriedForward
          isHeld isIssued title billingDocumentIdentifier isReversed hasStatement note
        }
      }
    }
  }
  paymentSchedules(first: 10) {
    totalCount edgeCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id validFrom validTo reason paymentHolidayReason paymentDay paymentFrequency paymentFrequencyMultiplier
        paymentAmount paymentAdequacyAdjustment paymentAdequacyAdjustmentExpiryDate isVariablePaymentAmount
        totalDebtAmount isPaymentHoliday scheduleType
      }
    }
  }
  properties {
    id postcode address splitAddress propertyType numberOfOccupants
    richAddress { streetAddress structuredStreetAddress locality postalCode country }
    occupancyPeriods { id effectiveFrom effectiveTo isOccupier }
    activeWaterMeters {
      id serialNumber meterPointReference capabilityType numberOfDigits installationDate activeFrom activeTo location
      readings(first: 10) {
        totalCount edgeCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id meterSerialNumber valueCubicMetres readingDate source isHeld isQuarantined } }
      }
    }
  }
"""
LIVE = f"query($number: String!) {{ account(accountNumber: $number) {{ {FIELDS} }} }}"
AS_OF = f"query($number: String!, $asOf: DateTime) {{ account(accountNumber: $number, asOf: $asOf) {{ {FIELDS} }} }}"


def at(moment: datetime) -> str:
    return moment.isoformat()


def _answer(gql: GraphQL, token: str, number: str, as_of: datetime | None = None) -> dict[str, Any] | None:
    body = gql(AS_OF if as_of else LIVE, {"number": number, "asOf": at(as_of) if as_of else None}, token=token)
    assert "errors" not in body, body
    found: dict[str, Any] | None = body["data"]["account"]
    return found


@pytest.fixture
def ledger(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """Ada's main ledger, opened by the payments context once it saw her account."""
    catch_up()
    return main_ledger_number(customer["account_number"])


@pytest.fixture
def history(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    property_id: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> dict[str, Any]:
    """Ada's account through three moments: `opened` (a meter fitted, nothing paid), `funded` (credit in, a
    schedule of 50.00, a second reading), then today (a charge, a direct debit of 25.00 collected, the
    schedule amended, a third reading)."""
    today = clock.now().date()
    direct_debit(contexts, customer, ledger)
    body = install(gql, token, property_id, "SN-1001", (today - timedelta(days=3)).isoformat(), 42)
    assert "errors" not in body, body
    opened = datetime.now(UTC)
    schedule = fixed_schedule(contexts, customer, ledger, day=20, amount=5000)
    fund(contexts, ledger, 12000)
    yesterday = (today - timedelta(days=1)).isoformat()
    assert "errors" not in submit(gql, token, customer["account_number"], "SN-1001", 50, yesterday)
    funded = datetime.now(UTC)
    owe(contexts, ledger, 3000)
    collect(contexts, customer, ledger, 2500, today)
    catch_up()  # the provider settles the payment: the ledger takes it
    contexts.payments.update_payment_schedule(
        commands.UpdatePaymentSchedule(
            account_number=customer["account_number"],
            payment_schedule_id=str(schedule.id),
            payment_day=22,
            payment_amount=4000,
        )
    )
    assert "errors" not in submit(gql, token, customer["account_number"], "SN-1001", 55, today.isoformat())
    catch_up()
    return {"opened": opened, "funded": funded, "number": customer["account_number"]}


def test_as_of_now_the_account_answers_as_the_read_models_do(
    backend: str, gql: GraphQL, token: str, history: dict[str, Any]
) -> None:
    live = _answer(gql, token, history["number"])
    replayed = _answer(gql, token, history["number"], datetime.now(UTC))
    assert live is not None and live["balance"] == 11500 and live["paymentSchedules"]["totalCount"] == 1
    assert [e["node"]["__typename"] for e in live["ledgers"][0]["transactions"]["edges"]] == [
        "Payment",
        "Charge",
        "Credit",
    ]
    assert len(live["properties"][0]["activeWaterMeters"][0]["readings"]["edges"]) == 3
    assert replayed == live


def test_an_earlier_moment_shows_the_earlier_balance_schedule_and_readings(
    gql: GraphQL, token: str, history: dict[str, Any]
) -> None:
    funded = _answer(gql, token, history["number"], history["funded"])
    assert funded is not None
    assert (funded["balance"], funded["ledgers"][0]["balance"]) == (12000, 12000)
    assert [edge["node"]["amount"] for edge in funded["ledgers"][0]["transactions"]["edges"]] == [12000]
    [schedule] = [edge["node"] for edge in funded["paymentSchedules"]["edges"]]
    assert (schedule["paymentDay"], schedule["paymentAmount"]) == (20, 5000)
    [meter] = funded["properties"][0]["activeWaterMeters"]
    assert [edge["node"]["valueCubicMetres"] for edge in meter["readings"]["edges"]] == ["50.000", "42.000"]

    opened = _answer(gql, token, history["number"], history["opened"])
    assert opened is not None
    assert (opened["balance"], opened["ledgers"][0]["transactions"]["totalCount"]) == (0, 0)
    assert opened["paymentSchedules"]["edges"] == []
    [meter] = opened["properties"][0]["activeWaterMeters"]
    assert [edge["node"]["valueCubicMetres"] for edge in meter["readings"]["edges"]] == ["42.000"]
    # what did not change since answers as today
    assert {k: opened[k] for k in ("number", "status", "brand", "billingName", "createdAt")} == {
        "number": history["number"],
        "status": "ACTIVE",
        "brand": "SEVERN_TRENT",
        "billingName": "Ada Lovelace",
        "createdAt": funded["createdAt"],
    }


def test_transactions_page_through_a_past_moment_as_they_do_today(
    gql: GraphQL, token: str, history: dict[str, Any]
) -> None:
    document = """
    query($number: String!, $asOf: DateTime, $after: String) {
      account(accountNumber: $number, asOf: $asOf) {
        ledgers { transactions(first: 1, after: $after) {
          pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { amount } } } }
      }
    }
    """
    live = document.replace(", asOf: $asOf", "").replace(", $asOf: DateTime", "")
    now = at(datetime.now(UTC))
    pages: dict[str, list[Any]] = {"live": [], "replayed": []}
    for name, query, as_of in (("live", live, None), ("replayed", document, now)):
        after = None
        while True:
            body = gql(query, {"number": history["number"], "asOf": as_of, "after": after}, token=token)
            assert "errors" not in body, body
            found = body["data"]["account"]["ledgers"][0]["transactions"]
            pages[name].append(found)
            if not found["pageInfo"]["hasNextPage"]:
                break
            after = found["pageInfo"]["endCursor"]
    assert [[e["node"]["amount"] for e in page["edges"]] for page in pages["replayed"]] == [[2500], [3000], [12000]]
    assert pages["replayed"] == pages["live"]


def test_a_moment_before_the_account_was_opened_answers_null(gql: GraphQL, token: str, history: dict[str, Any]) -> None:
    body = gql(AS_OF, {"number": history["number"], "asOf": "2020-01-01T00:00:00+00:00"}, token=token)
    assert body == {"data": {"account": None}}


def test_a_moment_still_to_come_is_refused(gql: GraphQL, token: str, customer: dict[str, str]) -> None:
    later = at(datetime.now(UTC) + timedelta(hours=1))
    body = gql(AS_OF, {"number": customer["account_number"], "asOf": later}, token=token)
    assert error_codes(body) == ["KT-CT-4321"]
    assert body["data"] == {"account": None}


@pytest.mark.parametrize(
    "selection",
    [
        "bills { edges { node { id } } }",
        "properties { measurements { edges { node { __typename } } } }",
        "ledgers { transactions(transactionTypes: [ISSUED_TRANSACTIONS]) { edgeCount } }",
        "paymentSchedules { edges { node { paymentPlan { __typename } } } }",
        "... on AccountType { billingEmail }",
    ],
)
def test_a_field_not_answered_as_of_a_moment_is_refused_not_answered_from_today(
    gql: GraphQL, token: str, customer: dict[str, str], selection: str
) -> None:
    document = f"query($n: String!, $at: DateTime) {{ account(accountNumber: $n, asOf: $at) {{ number {selection} }} }}"
    body = gql(document, {"n": customer["account_number"], "at": at(datetime.now(UTC))}, token=token)
    assert error_codes(body) == ["KT-CT-1113"]
    assert "asOf" in body["errors"][0]["extensions"]["errorDescription"]


def test_a_history_longer_than_the_replay_bound_is_refused(
    settings: Settings, clock: FrozenClock, token: str, history: dict[str, Any]
) -> None:
    with served(settings, clock, as_of_max_events=5) as bounded:
        body = bounded(AS_OF, {"number": history["number"], "asOf": at(datetime.now(UTC))}, token=token)
    assert error_codes(body) == ["KT-CT-1188"]


def test_a_stranger_is_refused_and_an_organisation_may_look(
    gql: GraphQL, contexts: Contexts, history: dict[str, Any], catch_up: Callable[[], int]
) -> None:
    other = contexts.accounts.open_account("Charles Babbage")
    register(contexts, "charles@example.com", "Charles Babbage", other.number)
    catch_up()
    now = at(datetime.now(UTC))
    body = gql(AS_OF, {"number": history["number"], "asOf": now}, token=token_for(contexts, "charles@example.com"))
    assert error_codes(body) == ["KT-CT-1111"]
    _, key = organisation(contexts)
    seen = gql(AS_OF, {"number": history["number"], "asOf": now}, token=organisation_token(gql, key))
    assert seen["data"]["account"]["balance"] == 11500
