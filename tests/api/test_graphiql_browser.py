"""GraphiQL in a real headless Chromium against a real server: it renders and runs operations offline.

Skipped without Debian's Chromium at /usr/bin/chromium, unless KRAKEN_REQUIRE_SERVICES=1 (CI), which makes
it fail instead.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import BrowserContext, Page, sync_playwright

from api.app import API_PATH, AUTH_PATH
from ops import runtime
from ops.local_server import free_port
from ops.runtime import create_app
from settings import Settings
from tests.conftest import PASSWORD, REQUIRE_SERVICES

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking switches Chromium keeps trying to reach Google's services and,
# on a machine without internet, hangs; the rest keep a throwaway profile quiet and fast.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOGIN = f'mutation {{ obtainKrakenToken(input: {{email: "ada@example.com", password: "{PASSWORD}"}}) {{ token }} }}'
JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """One Chromium with a fresh profile for the module: starting it is most of a test's time."""
    if not CHROMIUM.exists():
        if REQUIRE_SERVICES:
            pytest.fail(f"Chromium is required (KRAKEN_REQUIRE_SERVICES=1) but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def server(settings: Settings, contexts: runtime.Contexts, customer: dict[str, str]) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread; yields its origin."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, contexts, follow=False), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    # Each server listens on its own port, so each test's page is a new origin with its own storage.
    opened = browser.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    opened.close()


def run_in_graphiql(page: Page, document: str) -> str:
    """Replaces the query editor's text as a user would, presses the run button, returns the response pane."""
    page.locator(".graphiql-query-editor .CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(document)
    page.locator(".graphiql-execute-button").click()
    response = page.locator(".graphiql-response .CodeMirror-code")
    response.filter(has_text='"data"').wait_for()
    return response.inner_text()


@pytest.mark.parametrize(
    ("path", "document", "expected"),
    [
        pytest.param(
            API_PATH,
            LOGIN,
            '"token"',
            id="api-login",
        ),
        pytest.param(
            AUTH_PATH,
            'query { possibleErrors(name: "createMfaDevice") { name } }',
            '"createMfaDevice"',
            id="auth-server",
        ),
    ],
)
def test_graphiql_runs_an_operation_offline(server: str, page: Page, path: str, document: str, expected: str) -> None:
    # given
    requests: list[tuple[str, str]] = []
    page.on("request", lambda request: requests.append((request.method, request.url)))
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(str(error)))

    # when
    page.goto(server + path)
    page.locator(".graphiql-query-editor .CodeMirror").wait_for(state="visible")
    answer = run_in_graphiql(page, document)

    # then it rendered: the editor replaced the placeholder and the scripts ran without an error
    assert "Loading..." not in page.locator("#graphiql").inner_text()
    assert failures == []
    # then nothing was asked of any other host, and the operations went to the endpoint the page is served at
    origin = urlsplit(server).netloc
    assert {urlsplit(url).netloc for _, url in requests if not url.startswith("data:")} == {origin}
    assert all(urlsplit(url).netloc == origin for url in sockets)
    assert {urlsplit(url).path for method, url in requests if method == "POST"} == {path}
    # then the response pane shows the answer
    assert expected in answer
    if path == API_PATH:
        token = JWT.search(answer)
        assert token is not None, answer
        header = token.group().split(".")[0]
        assert "alg" in json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
