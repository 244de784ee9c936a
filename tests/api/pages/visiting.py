"""Test helpers for the pages: a browser's view of a page (its form's fields), posting a page's form,
and the links the workers emailed."""

from __future__ import annotations

import email
import html
import re
from email.message import EmailMessage
from email.policy import default
from html.parser import HTMLParser
from pathlib import Path

import httpx
from litestar.testing import TestClient

from settings import Settings


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.forms = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms += 1
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.fields[str(found["name"])] = found.get("value") or ""


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden fields of the page's form, as a browser would post them (entities decoded)."""
    parser = _Fields()
    parser.feed(page)
    assert parser.forms == 1, page
    return parser.fields


def submit(client: TestClient, url: str, typed: dict[str, str], **headers: str) -> httpx.Response:
    """Opens the page at `url` and posts its form with `typed` filled in, as a visitor would."""
    shown = client.get(url)
    assert shown.status_code == 200, shown.text
    return client.post(url, data=hidden_fields(shown.text) | typed, headers=headers, follow_redirects=False)


def forged(client: TestClient, url: str, fields: dict[str, str]) -> httpx.Response:
    """A post from another site's page: without the page's token (and, in a browser, without its cookie)."""
    return client.post(url, data=fields, follow_redirects=False)


def emails(settings: Settings) -> list[EmailMessage]:
    folder = Path(settings.data_dir) / "mailbox"
    return [
        email.message_from_bytes(path.read_bytes(), policy=default)  # type: ignore[misc]
        for path in sorted(folder.glob("*.eml"))
    ]


def link_in(message: EmailMessage, settings: Settings) -> str:
    """The path and query of the link to this server that the email carries."""
    body = message.get_content()
    base = settings.public_url.rstrip("/")
    found = re.search(re.escape(base) + r"(/\S+)", body)
    assert found is not None, body
    return found[1]


def text_of(page: str) -> str:
    """The text of the page's body, without tags, entities decoded and spaces collapsed (what a visitor reads)."""
    body = page.partition("<body>")[2] or page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
