"""The sandbox provider's hosted payment page: the URL initiateHostedStandalonePayment answers shows the amount
and a card form; paying has the provider charge the card once and the payment settle, crediting the ledger."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from litestar.testing import TestClient

from api.pages.hosted_payment import HOSTED_PAYMENT_PATH
from domain.payments.payment import Payment
from projections.contexts import Contexts
from settings import Settings
from tests.api.pages.visiting import forged, hidden_fields, submit, text_of
from tests.helpers import GraphQL
from workers import runtime as workers_runtime
from workers.payments.sandbox import SandboxProvider

INITIATE = """
mutation InitiateHostedStandalonePayment($input: InitiateHostedStandalonePaymentInput!) {
  initiateHostedStandalonePayment(input: $input) { payment { retrievalToken url } }
}
"""
EMBEDDED = """
mutation InitiateStandalonePayment($input: InitiateStandalonePaymentInput!) {
  initiateStandalonePayment(input: $input) { payment { retrievalToken } }
}
"""
CARD = {"card_number": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123"}
DECLINED_CARD = CARD | {"card_number": "4000000000000002"}


def hosted_url(gql: GraphQL, settings: Settings, token: str, ledger: str, amount: int = 4200, **input: Any) -> str:
    """The path and query of the hosted payment page, as the mutation answers it."""
    given = {
        "accountNumber": "A-" + ledger.removeprefix("L-"),
        "amount": amount,
        "description": "Pay my bill",
        "collectionMethod": "CARD",
        "ledgerNumber": ledger,
    }
    body = gql(INITIATE, {"input": given | input}, token=token)
    assert "errors" not in body, body
    url: str = body["data"]["initiateHostedStandalonePayment"]["payment"]["url"]
    return url.removeprefix(settings.public_url.rstrip("/"))


def the_payment(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> dict[str, Any]:
    catch_up()
    [row] = contexts.read.payments.of_account(customer["account_number"])
    return row


def charges(number: int) -> int:
    provider = workers_runtime.provider()
    assert isinstance(provider, SandboxProvider)
    return provider.charges(Payment.key_for(number))


def test_paying_by_card_on_the_page_settles_the_payment_and_credits_the_ledger(
    backend: str,
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # given the page's URL with where to go once paid
    url = hosted_url(gql, settings, token, ledger, returnUrlSuccess="https://shop.example/paid")
    # when it is opened
    shown = client.get(url)
    # then it shows the amount, what it is for and the test cards
    assert shown.status_code == 200
    text = text_of(shown.text)
    assert "£42.00" in text and "Pay my bill" in text and "Pay £42.00" in text and "4000 0000 0000 0002" in text
    assert "form-action 'self' https://shop.example" in shown.headers["content-security-policy"]
    # when the card is entered
    paid = client.post(url, data=hidden_fields(shown.text) | CARD, follow_redirects=False)
    # then the browser goes to the success URL
    assert paid.status_code == 303 and paid.headers["location"] == "https://shop.example/paid"
    # and once the worker has settled the charge, the payment succeeded and the ledger is credited
    row = the_payment(contexts, customer, catch_up)
    assert (row["status"], row["amount"]) == ("SUCCEEDED", 4200)
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 4200
    assert [entry["kind"] for entry in contexts.read.ledgers.entries(ledger)] == ["PAYMENT"]
    assert charges(row["number"]) == 1
    # and the page, opened again, says it is paid and offers no form
    again = client.get(url)
    assert again.status_code == 200 and "Payment received" in text_of(again.text) and "<form" not in again.text


def test_paying_twice_charges_once(
    backend: str,
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # given the form, sent once (no return URL: the page shows the outcome)
    url = hosted_url(gql, settings, token, ledger)
    shown = client.get(url)
    first = client.post(url, data=hidden_fields(shown.text) | CARD)
    assert first.status_code == 200 and "Payment received" in text_of(first.text)
    # when it is sent again, with the same card and with another
    again = client.post(url, data=hidden_fields(shown.text) | CARD)
    other = client.post(url, data=hidden_fields(shown.text) | CARD | {"card_number": "5555 5555 5555 4444"})
    # then neither charges anything more
    assert again.status_code == 200 and other.status_code == 200
    row = the_payment(contexts, customer, catch_up)
    assert row["status"] == "SUCCEEDED" and charges(row["number"]) == 1
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 4200


def test_a_declined_card_charges_nothing_and_another_card_may_be_tried(
    backend: str,
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    url = hosted_url(gql, settings, token, ledger)
    declined = submit(client, url, DECLINED_CARD)
    assert declined.status_code == 402 and "declined" in text_of(declined.text)
    row = the_payment(contexts, customer, catch_up)
    assert row["status"] == "REQUESTED" and charges(row["number"]) == 0
    # the page, shown again, takes another card
    assert client.post(url, data=hidden_fields(declined.text) | CARD).status_code == 200
    assert the_payment(contexts, customer, catch_up)["status"] == "SUCCEEDED"


def test_an_amount_the_provider_declines_on_settling_fails_the_payment(
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # given an amount ending in 402 (the sandbox's rule: the charge is accepted, then declined)
    url = hosted_url(gql, settings, token, ledger, amount=1402, returnUrlFailure="https://shop.example/failed")
    # when the card is entered
    answer = submit(client, url, CARD)
    # then the browser goes to the failure URL, and the payment fails without moving money
    assert answer.status_code == 303 and answer.headers["location"] == "https://shop.example/failed"
    row = the_payment(contexts, customer, catch_up)
    assert row["status"] == "FAILED"
    assert contexts.payments.payment(row["number"]).failure_reason == "declined"  # type: ignore[union-attr]
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 0


def test_a_provider_outage_charges_nothing_and_the_payment_may_be_sent_again(
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # an amount ending in 503: the sandbox is unavailable for its first charge
    url = hosted_url(gql, settings, token, ledger, amount=1503)
    unavailable = submit(client, url, CARD)
    assert unavailable.status_code == 503 and "try again" in text_of(unavailable.text)
    assert client.post(url, data=hidden_fields(unavailable.text) | CARD).status_code == 200
    assert the_payment(contexts, customer, catch_up)["status"] == "SUCCEEDED"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (CARD | {"card_number": "1234 5678"}, "This card number is not valid."),
        (CARD | {"cvc": "1"}, "The security code (CVC) is 3 or 4 digits."),
        (CARD | {"expiry": "13/30"}, "This card has expired."),
        ({"card_number": "", "expiry": "", "cvc": ""}, "Enter the card number."),
    ],
)
def test_card_details_refused_are_said_and_charge_nothing(
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
    typed: dict[str, str],
    said: str,
) -> None:
    answer = submit(client, hosted_url(gql, settings, token, ledger), typed)
    assert answer.status_code == 422 and said in text_of(answer.text)
    row = the_payment(contexts, customer, catch_up)
    assert row["status"] == "REQUESTED" and charges(row["number"]) == 0


def test_an_unknown_token_or_an_embedded_form_s_payment_is_not_paid_here(
    client: TestClient,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    embedded = gql(
        EMBEDDED,
        {"input": {"accountNumber": customer["account_number"], "amount": 1500, "description": "Embedded"}},
        token=token,
    )["data"]["initiateStandalonePayment"]["payment"]["retrievalToken"]
    for unknown in ("rt_1_nothing", "nonsense", embedded, embedded + "x"):
        answer = client.get(HOSTED_PAYMENT_PATH + unknown)
        assert answer.status_code == 404 and "not valid" in text_of(answer.text)
    row = the_payment(contexts, customer, catch_up)
    assert row["status"] == "REQUESTED" and charges(row["number"]) == 0


def test_a_post_not_from_the_page_charges_nothing(
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    url = hosted_url(gql, settings, token, ledger)
    client.get(url)
    assert forged(client, url, CARD).status_code == 403
    row = the_payment(contexts, customer, catch_up)
    assert row["status"] == "REQUESTED" and charges(row["number"]) == 0


def test_the_description_and_return_urls_are_escaped_and_only_http_ones_are_followed(
    client: TestClient, gql: GraphQL, settings: Settings, token: str, ledger: str
) -> None:
    url = hosted_url(
        gql,
        settings,
        token,
        ledger,
        description='<b>"Bill"</b> & co',
        returnUrlCancel="https://shop.example/cancel?a=1&b=<i>",
        returnUrlSuccess="javascript:alert(1)",
    )
    shown = client.get(url)
    assert "<b>" not in shown.text and "<i>" not in shown.text and "javascript:" not in shown.text
    assert "&lt;b&gt;&quot;Bill&quot;&lt;/b&gt; &amp; co" in shown.text
    assert 'href="https://shop.example/cancel?a=1&amp;b=&lt;i&gt;"' in shown.text
    paid = client.post(url, data=hidden_fields(shown.text) | CARD, follow_redirects=False)
    assert paid.status_code == 200 and "Payment received" in text_of(paid.text)
