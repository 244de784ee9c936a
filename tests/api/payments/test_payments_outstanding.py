"""`ledger { paymentsOutstanding }`: what a ledger's payments requested or with the provider, and
not settled, add up to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.paying import collect, payments_of_every_status
from tests.helpers import GraphQL, error_codes

OUTSTANDING = """
query($number: String!) { account(accountNumber: $number) { ledgers { number paymentsOutstanding } } }
"""


def _outstanding(gql: GraphQL, token: str, number: str) -> dict[str, int]:
    body = gql(OUTSTANDING, {"number": number}, token=token)
    assert "errors" not in body, body["errors"]
    return {row["number"]: row["paymentsOutstanding"] for row in body["data"]["account"]["ledgers"]}


def test_payments_requested_or_with_the_provider_are_outstanding_and_settled_ones_are_not(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict,
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given a payment of each status on the main ledger, and one due on a credit storage ledger
    storage = contexts.payments.open_ledger(customer["account_number"], LedgerKind.CREDIT_STORAGE).number
    collect(contexts, customer, storage, 900, date(2026, 2, 1))
    payments_of_every_status(contexts, customer, ledger, clock, catch_up)
    # then: scheduled (1600), due (1700) and with the provider (1408); not cleared, failed or cancelled
    token = token_for(contexts, customer["email"])
    assert _outstanding(gql, token, customer["account_number"]) == {ledger: 1600 + 1700 + 1408, storage: 900}


def test_nothing_is_outstanding_once_every_payment_settled(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict,
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
    stranger: dict,
) -> None:
    assert _outstanding(gql, token, customer["account_number"]) == {ledger: 0}
    # a payment on another account's ledger is not this ledger's
    collect(contexts, {"account_number": stranger["account_number"]}, stranger["ledger"], 700, date(2026, 2, 1))
    future = collect(contexts, customer, ledger, 500, date(2026, 2, 1))
    catch_up()
    assert _outstanding(gql, token, customer["account_number"]) == {ledger: 500}
    contexts.payments.cancel_payment(future, "not needed")
    catch_up()
    assert _outstanding(gql, token, customer["account_number"]) == {ledger: 0}


def test_a_stranger_is_refused_and_an_organisation_sees_it(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, ledger: str, stranger: dict, catch_up: Callable
) -> None:
    collect(contexts, customer, ledger, 500, date(2026, 2, 1))
    catch_up()
    refused = gql(OUTSTANDING, {"number": customer["account_number"]}, token=stranger["token"])
    assert refused["data"] == {"account": None} and error_codes(refused) == ["KT-CT-1111"]
    _, key = organisation(contexts)
    assert _outstanding(gql, organisation_token(gql, key), customer["account_number"]) == {ledger: 500}
