"""GraphiQL's page and the assets it loads come from the app itself, and only when GraphiQL is on."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from api.app import API_PATH, AUTH_PATH
from api.graphiql import ASSETS_PATH
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings

HTML = {"Accept": "text/html"}
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css"}
# Every file the vendored page loads; the page test below fails when it references another one.
ASSETS = [
    "react/react.production.min.js",
    "react-dom/react-dom.production.min.js",
    "js-cookie/js.cookie.min.js",
    "graphiql/graphiql.min.css",
    "plugin-explorer/style.css",
    "graphiql/graphiql.min.js",
    "plugin-explorer/index.umd.js",
]


class _Resources(HTMLParser):
    """The URLs a browser fetches for the page (scripts and links) with their `integrity` attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = values.get("src") if tag == "script" else values.get("href") if tag == "link" else None
        if url is not None:
            self.found.append((url, values.get("integrity")))


def resources_of(page: str) -> list[tuple[str, str | None]]:
    parser = _Resources()
    parser.feed(page)
    return parser.found


@pytest.mark.parametrize("path", [API_PATH, AUTH_PATH])
def test_the_page_loads_everything_from_the_app(client: TestClient[Litestar], path: str) -> None:
    # when
    response = client.get(path, headers=HTML)

    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    urls = [url for url, _ in resources_of(response.text) if not url.startswith("data:")]
    assert urls == [f"{ASSETS_PATH}/{asset}" for asset in ASSETS]
    assert "unpkg.com" not in response.text
    assert "jsdelivr" not in response.text


def test_every_asset_the_page_references_is_served_as_what_it_is(client: TestClient[Litestar]) -> None:
    # given
    page = client.get(API_PATH, headers=HTML).text

    for url, integrity in resources_of(page):
        if url.startswith("data:"):
            continue
        # when
        response = client.get(url)

        # then
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(CONTENT_TYPES[url[url.rindex(".") :]]), url
        # the vendored bytes are the ones strawberry's page pins on the CDN
        assert integrity == "sha384-" + base64.b64encode(hashlib.sha384(response.content).digest()).decode(), url


def test_with_graphiql_off_neither_the_page_nor_its_assets_are_served(settings: Settings, clock: FrozenClock) -> None:
    # given
    off = msgspec.structs.replace(settings, graphiql=False)
    contexts = runtime.build(off, clock)
    try:
        with TestClient(create_app(off, contexts, follow=False)) as client:
            # when
            pages = [client.get(path, headers=HTML) for path in (API_PATH, AUTH_PATH)]
            assets = [client.get(f"{ASSETS_PATH}/{asset}") for asset in ASSETS]
    finally:
        contexts.close()

    # then
    assert [response.status_code for response in pages] == [404, 404]
    assert [response.status_code for response in assets] == [404] * len(ASSETS)
