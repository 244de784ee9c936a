"""What every page's form shares: the forgery check, reading what was posted, and what the app holds.

Forgery: a page's form carries a random token that the page also sets as a cookie (HttpOnly,
SameSite=Strict); a post is taken only if the two match and the browser, when it says where the post
came from (Sec-Fetch-Site), says it came from this origin. A page on another site can neither read
the token nor get the Strict cookie sent with its post. What the forms do needs no login (their
authority is the secret in the link), but without this a stranger's page could log a visitor in as
the stranger with the stranger's own login link, and see the visitor's later actions as theirs.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

import anyio.to_thread
from litestar import Request, Response
from litestar.datastructures import Cookie

from api.pages.provider import HostedProvider
from api.pages.rendering import Html, html, page
from projections.contexts import Contexts
from settings import Settings

T = TypeVar("T")

FORM_COOKIE = "kraken_form"
FORM_FIELD = "form_token"
# token_urlsafe(32): 43 characters of the URL-safe alphabet.
_TOKEN_LENGTH = 43
# A form of these pages is a few short fields; anything larger is not one of ours.
MAX_FORM_BYTES = 16 * 1024


def contexts_of(request: Request[Any, Any, Any]) -> Contexts:
    contexts: Contexts = request.app.state.contexts
    return contexts


def settings_of(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def provider_of(request: Request[Any, Any, Any]) -> HostedProvider | None:
    provider: HostedProvider | None = request.app.state.get("provider")
    return provider


def client_of(request: Request[Any, Any, Any]) -> str:
    """Who the login and reset throttles count the request against, as for the API (api/context.py)."""
    return request.client.host if request.client else "unknown"


async def call(command: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A synchronous command (of an application or the provider), off the event loop (as api/context.py's `call`)."""
    return await anyio.to_thread.run_sync(partial(command, *args, **kwargs))


def is_https(request: Request[Any, Any, Any]) -> bool:
    """Whether the browser reached us over TLS: directly, or (as configured) through a proxy in front."""
    return request.url.scheme == "https" or settings_of(request).public_url.startswith("https:")


def cookie(request: Request[Any, Any, Any], key: str, value: str, max_age: int) -> Cookie:
    """A cookie no script can read and no other site's request carries; Secure when served over TLS."""
    return Cookie(
        key=key, value=value, max_age=max_age, path="/", httponly=True, secure=is_https(request), samesite="strict"
    )


class Form:
    """The forgery token of the form a page is about to show, and the cookie that goes with it."""

    def __init__(self, request: Request[Any, Any, Any]) -> None:
        held = request.cookies.get(FORM_COOKIE, "")
        # The browser's token is kept while it has one, so that two pages open side by side both post.
        self.token = held if _well_formed(held) else secrets.token_urlsafe(32)
        self.cookie = cookie(request, FORM_COOKIE, self.token, max_age=24 * 60 * 60)

    @property
    def field(self) -> Html:
        return html('<input type="hidden" name="{name}" value="{token}">', name=FORM_FIELD, token=self.token)


async def posted(request: Request[Any, Any, Any]) -> dict[str, str] | None:
    """The fields posted (the last value of each), or None when the post is not from our own form."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return None
    form = await request.form()
    fields = {name: value for name, value in form.items() if isinstance(value, str)}
    held = request.cookies.get(FORM_COOKIE, "")
    sent = fields.get(FORM_FIELD, "")
    if not (_well_formed(held) and _well_formed(sent) and secrets.compare_digest(held, sent)):
        return None
    return fields


def refused_post() -> Response[str]:
    return page(
        "This form has expired",
        Html(
            "<p>For your security this form can only be sent from the page that showed it, in the same browser."
            " Open the link you were given again and send the form from there.</p>"
        ),
        status=403,
    )


def return_url(url: str | None) -> str | None:
    """A return URL the pages may send the browser to: an absolute http(s) URL, else none."""
    if not url or any(ord(character) < 0x21 for character in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _well_formed(token: str) -> bool:
    return len(token) == _TOKEN_LENGTH and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)
