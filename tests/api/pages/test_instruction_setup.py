"""The sandbox provider's hosted set-up page: the URL getHostedUrlForNewPaymentInstruction answers shows a card
or bank account form; posting it has the provider record the instrument and stores the instruction, once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from litestar.testing import TestClient

from api.payments.mutations.get_hosted_url_for_new_payment_instruction import HOSTED_SETUP_PATH
from domain.payments.instruction_commands import SETUP_SECRET_TTL
from domain.payments.payment_instruction import InstructionSetup, InstructionType, PaymentInstruction
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.pages.visiting import forged, hidden_fields, submit, text_of
from tests.helpers import GraphQL

HOSTED = """
mutation Hosted($input: GetHostedUrlForNewPaymentInstructionInput!) {
  getHostedUrlForNewPaymentInstruction(input: $input) { url }
}
"""
COLLECT = """
mutation CollectPayment($input: CollectPaymentInput!) {
  collectPayment(input: $input) { payment { id status } }
}
"""
CARD = {"card_number": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123"}
BANK_ACCOUNT = {
    "account_holder": "Ada Lovelace",
    "sort_code": "20-00-00",
    "account_number": "55779911",
    "authorised": "yes",
}


def hosted_url(gql: GraphQL, settings: Settings, token: str, account: str, ledger: str, **input: Any) -> str:
    """The path of the hosted set-up page, as the mutation answers it."""
    variables = {"accountNumber": account, "ledgerNumber": ledger, "instructionType": "CARD"} | input
    body = gql(HOSTED, {"input": variables}, token=token)
    assert "errors" not in body, body
    url: str = body["data"]["getHostedUrlForNewPaymentInstruction"]["url"]
    return url.removeprefix(settings.public_url.rstrip("/"))


def instructions(contexts: Contexts, ledger: str) -> list[PaymentInstruction]:
    found = contexts.payments.ledger(ledger)
    assert found is not None
    return [contexts.payments.load(PaymentInstruction.id_for(number)) for number in found.instructions]


def setup_of(contexts: Contexts, url: str) -> InstructionSetup:
    setup: InstructionSetup = contexts.payments.load(InstructionSetup.id_for(url.removeprefix(HOSTED_SETUP_PATH)))
    return setup


def test_a_card_set_up_on_the_page_collects_the_ledger_s_payments(
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
    # given the page's URL, with where to return
    url = hosted_url(
        gql, settings, token, customer["account_number"], ledger, returnUrlSuccess="https://app.example/done?x=1"
    )
    # when it is opened
    shown = client.get(url)
    # then it asks for a card, names the account and lists the test cards
    assert shown.status_code == 200
    text = text_of(shown.text)
    assert "Set up card payments" in text and customer["account_number"] in text and "4242 4242 4242 4242" in text
    assert "form-action 'self' https://app.example" in shown.headers["content-security-policy"]
    # when the card is entered
    answer = client.post(url, data=hidden_fields(shown.text) | CARD, follow_redirects=False)
    # then the browser goes back where the set-up came from
    assert answer.status_code == 303 and answer.headers["location"] == "https://app.example/done?x=1"
    assert answer.headers["referrer-policy"] == "no-referrer"
    # and the ledger has the card, known by the provider's reference, which collects its payments
    [instruction] = instructions(contexts, ledger)
    assert (instruction.instruction_type, instruction.last_four) == (InstructionType.CARD, "4242")
    assert instruction.vendor_reference.startswith("sbx_pm_")
    assert setup_of(contexts, url).instruction_number == instruction.number
    body = gql(
        COLLECT,
        {
            "input": {
                "accountNumber": customer["account_number"],
                "ledgerNumber": ledger,
                "amount": 1800,
                "paymentDate": contexts.payments.clock.now().date().isoformat(),
                "description": "Top up",
                "idempotencyKey": "top-up-1",
                "collectionMethod": "CARD",
            }
        },
        token=token,
    )
    assert "errors" not in body, body
    catch_up()
    number = int(body["data"]["collectPayment"]["payment"]["id"])
    assert contexts.read.payments.payment(number)["status"] == "SUCCEEDED"
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 1800


def test_a_direct_debit_set_up_on_the_page_keeps_the_bank_account(
    backend: str,
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
) -> None:
    # given
    url = hosted_url(gql, settings, token, customer["account_number"], ledger, instructionType="DIRECT_DEBIT")
    shown = client.get(url)
    assert "Set up a Direct Debit" in text_of(shown.text) and 'name="sort_code"' in shown.text
    # when
    answer = client.post(url, data=hidden_fields(shown.text) | BANK_ACCOUNT)
    # then with no return URL the page says it is done
    assert answer.status_code == 200, answer.text
    assert "Your bank account ending 9911 is set up" in text_of(answer.text)
    [instruction] = instructions(contexts, ledger)
    assert (instruction.instruction_type, instruction.sort_code, instruction.account_holder) == (
        InstructionType.DIRECT_DEBIT,
        "200000",
        "Ada Lovelace",
    )
    assert instruction.vendor_reference.startswith("sbx_md_")


@pytest.mark.parametrize(
    ("kind", "typed", "status", "said"),
    [
        ("CARD", CARD | {"card_number": "4000 0000 0000 0002"}, 402, "declined"),
        ("CARD", CARD | {"card_number": "4242 4242 4242 4241"}, 422, "This card number is not valid."),
        ("CARD", CARD | {"expiry": "01/20"}, 422, "This card has expired."),
        ("CARD", CARD | {"expiry": "soon"}, 422, "Enter the expiry date as MM/YY."),
        ("CARD", {}, 422, "Enter the card number."),
        ("DIRECT_DEBIT", BANK_ACCOUNT | {"account_number": "55779402"}, 402, "declined"),
        ("DIRECT_DEBIT", BANK_ACCOUNT | {"sort_code": "12"}, 422, "6-digit sort code"),
        ("DIRECT_DEBIT", BANK_ACCOUNT | {"authorised": ""}, 422, "Confirm that you may authorise"),
    ],
)
def test_details_refused_store_nothing_and_the_page_may_be_sent_again(
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    kind: str,
    typed: dict[str, str],
    status: int,
    said: str,
) -> None:
    url = hosted_url(gql, settings, token, customer["account_number"], ledger, instructionType=kind)
    refused = submit(client, url, typed)
    assert refused.status_code == status
    assert said in text_of(refused.text)
    assert instructions(contexts, ledger) == []
    # the card number and security code typed are never written back into the page
    assert re.search(r'<input[^>]*name="(card_number|cvc)"[^>]*value=', refused.text) is None
    # and the form, shown again, still works
    good = CARD if kind == "CARD" else BANK_ACCOUNT
    assert client.post(url, data=hidden_fields(refused.text) | good).status_code == 200
    assert len(instructions(contexts, ledger)) == 1


def test_a_used_expired_or_unknown_link_stores_nothing(
    backend: str,
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    clock: FrozenClock,
) -> None:
    # a used one: the page and a second post are refused (the first instruction stays the only one)
    used = hosted_url(gql, settings, token, customer["account_number"], ledger)
    shown = client.get(used)
    assert client.post(used, data=hidden_fields(shown.text) | CARD).status_code == 200
    again = client.post(used, data=hidden_fields(shown.text) | CARD)
    assert again.status_code == 410 and "This set-up link has already been used." in text_of(again.text)
    assert client.get(used).status_code == 410
    assert len(instructions(contexts, ledger)) == 1
    # an expired one: opened in time, sent too late
    expired = hosted_url(gql, settings, token, customer["account_number"], ledger)
    shown = client.get(expired)
    clock.advance(SETUP_SECRET_TTL + timedelta(seconds=1))
    late = client.post(expired, data=hidden_fields(shown.text) | CARD)
    assert late.status_code == 410 and "This set-up link has expired." in text_of(late.text)
    # an unknown one
    unknown = client.get(HOSTED_SETUP_PATH + "hpi_unknown")
    assert unknown.status_code == 404 and "not valid" in text_of(unknown.text)
    assert client.post(HOSTED_SETUP_PATH + "hpi_unknown", data=hidden_fields(shown.text) | CARD).status_code == 404
    assert len(instructions(contexts, ledger)) == 1


def test_a_post_not_from_the_page_stores_nothing(
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
) -> None:
    url = hosted_url(gql, settings, token, customer["account_number"], ledger)
    client.get(url)
    assert forged(client, url, CARD).status_code == 403
    assert instructions(contexts, ledger) == []
    assert setup_of(contexts, url).instruction_number is None


def test_return_urls_are_escaped_and_only_http_ones_are_followed(
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
) -> None:
    # given a cancel URL with markup in it, and a success URL that is a script
    url = hosted_url(
        gql,
        settings,
        token,
        customer["account_number"],
        ledger,
        returnUrlCancel='https://app.example/back?q="><script>alert(1)</script>',
        returnUrlSuccess="javascript:alert(1)",
    )
    # when
    shown = client.get(url)
    # then the cancel link is escaped, and the script URL is nowhere
    assert "<script>" not in shown.text and "javascript:" not in shown.text
    assert 'href="https://app.example/back?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in shown.text
    done = client.post(url, data=hidden_fields(shown.text) | CARD, follow_redirects=False)
    assert done.status_code == 200 and "All set" in text_of(done.text)
