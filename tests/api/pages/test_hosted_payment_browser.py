"""The hosted payment page in a real headless Chromium against a real server: the customer types the test
card, pays, and the payment is paid through the API.

Skipped without Debian's Chromium at /usr/bin/chromium, unless KRAKEN_REQUIRE_SERVICES=1 (CI), which makes
it fail instead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
import msgspec
import pytest
import uvicorn
from playwright.sync_api import BrowserContext, ConsoleMessage, Page

from api.app import API_PATH
from ops.local_server import free_port
from ops.runtime import create_app
from projections.contexts import Contexts
from settings import Settings, served_url
from tests.api.test_graphiql_browser import browser
from tests.conftest import PASSWORD

__all__ = ["browser"]

LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
INITIATE = """
mutation($input: InitiateHostedStandalonePaymentInput!) {
  initiateHostedStandalonePayment(input: $input) { payment { url } }
}
"""
LEDGER = """
query($number: String!) {
  account(accountNumber: $number) {
    ledgers { number balance transactions(first: 5) { edges { node { __typename amount } } } }
  }
}
"""


@pytest.fixture
def served(settings: Settings, contexts: Contexts) -> Iterator[tuple[str, Settings]]:
    """The app as `kraken serve` runs it, under uvicorn on a free loopback port whose address is its
    public URL (the default when served there); yields its origin and settings."""
    port = free_port()
    public = msgspec.structs.replace(settings, public_url=served_url("127.0.0.1", port))
    config = uvicorn.Config(
        create_app(public, contexts, follow=False), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield public.public_url, public
    running.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    opened = browser.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    opened.close()


def graphql(origin: str, document: str, variables: dict[str, object], token: str | None = None) -> dict:
    headers = {"Authorization": token} if token else {}
    response = httpx.post(origin + API_PATH, json={"query": document, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_a_customer_pays_on_the_hosted_page_in_a_browser(
    backend: str,
    served: tuple[str, Settings],
    page: Page,
    customer: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    origin, _ = served
    number = customer["account_number"]
    ledger = "L-" + number.removeprefix("A-")
    catch_up()  # the account's main ledger is opened
    # given a hosted payment initiated through the API
    token = graphql(origin, LOGIN, {"input": {"email": customer["email"], "password": PASSWORD}})["obtainKrakenToken"][
        "token"
    ]
    given = {
        "accountNumber": number,
        "amount": 2750,
        "description": "Winter bill",
        "collectionMethod": "CARD",
        "ledgerNumber": ledger,
    }
    url = graphql(origin, INITIATE, {"input": given}, token)["initiateHostedStandalonePayment"]["payment"]["url"]
    assert url.startswith(origin + "/payments/hosted/")
    problems: list[str] = []
    page.on("console", lambda message: _note(problems, message))
    page.on("pageerror", lambda error: problems.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    # when the customer opens it, types the test card and pays
    page.goto(url)
    assert page.locator(".amount").inner_text() == "£27.50"
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry date (MM/YY)").fill("12/30")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name="Pay £27.50").click()

    # then the page says it is paid, and the browser asked nothing of any other host nor broke the page's policy
    page.get_by_role("heading", name="Payment received").wait_for()
    assert problems == []
    assert {urlsplit(seen).netloc for seen in requests} == {urlsplit(origin).netloc}
    # and once the worker has settled it, the ledger shows the payment through the API
    catch_up()
    [found] = graphql(origin, LEDGER, {"number": number}, token)["account"]["ledgers"]
    assert found["balance"] == 2750
    assert [edge["node"] for edge in found["transactions"]["edges"]] == [{"__typename": "Payment", "amount": 2750}]


def _note(problems: list[str], message: ConsoleMessage) -> None:
    # Chromium reports a Content-Security-Policy violation (e.g. a style it refused) as a console error.
    if message.type in ("error", "warning"):
        problems.append(message.text)
