"""How the pages are written: one HTML shell, every value escaped, and headers that keep them private.

A page is a template of ours filled with values that are escaped on the way in (`html`): a value
is markup only if it is already `Html`, which only this module's functions make. The pages run no
script at all, and their policy says so: the one inline style is allowed by its hash, and forms may
post only to this origin (and redirect only to the return URLs the page was opened with). Their URLs
carry secrets (a login key, a reset token, a hosted page's token), so no response is cached and no
Referer leaves them.
"""

from __future__ import annotations

import base64
import hashlib
import html as markup
from collections.abc import Iterable
from urllib.parse import urlsplit

from litestar import Response
from litestar.datastructures import Cookie
from litestar.enums import MediaType

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1f; }
h1 { font-size: 1.5rem; }
label { display: block; margin: 1rem 0 0.25rem; font-weight: 600; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 0.5rem; font-size: 1rem; }
input[type=checkbox] + span { font-weight: normal; }
button { margin-top: 1.5rem; padding: 0.6rem 1.2rem; font-size: 1rem; }
.amount { font-size: 2rem; font-weight: 700; }
.problem { color: #a4000f; }
.note { color: #55555f; font-size: 0.9rem; }
"""
_STYLE_SOURCE = "'sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode() + "'"

_SHELL = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


class Html(str):
    """Markup: written by us, or values escaped into it. Never make one from a value received."""


def escape(value: object) -> Html:
    return value if isinstance(value, Html) else Html(markup.escape(str(value), quote=True))


def html(template: str, **values: object) -> Html:
    """`template` (ours) with each `{name}` replaced by its value, escaped unless already Html."""
    return Html(template.format(**{name: escape(value) for name, value in values.items()}))


def lines(parts: Iterable[Html]) -> Html:
    return Html("\n".join(parts))


def problems(messages: Iterable[str]) -> Html:
    """What was wrong with the form, one paragraph each."""
    return lines(html('<p class="problem" role="alert">{message}</p>', message=message) for message in messages)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def secured(response: Response[str], leaving_to: Iterable[str] = ()) -> Response[str]:
    """The headers every answer of the pages carries; `leaving_to`: the URLs a form of the page may
    end up at (a return URL its submission redirects to), whose origins the policy lets forms reach."""
    targets = " ".join(sorted({origin_of(url) for url in leaving_to}))
    policy = (
        "default-src 'none'; "
        f"style-src {_STYLE_SOURCE}; "
        f"form-action 'self'{' ' + targets if targets else ''}; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    response.headers.update(
        {
            "Content-Security-Policy": policy,
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
        }
    )
    return response


def page(
    title: str,
    body: Html,
    *,
    status: int = 200,
    cookies: Iterable[Cookie] = (),
    leaving_to: Iterable[str] = (),
) -> Response[str]:
    document = _SHELL.format(title=escape(title), style=STYLE, body=body)
    response = Response(document, status_code=status, media_type=MediaType.HTML, cookies=list(cookies))
    return secured(response, leaving_to)


def redirect(url: str) -> Response[str]:
    """303 See Other: the browser follows it with a GET, so a reload does not post the form again."""
    return secured(Response("", status_code=303, headers={"Location": url}), [url])


def amount(minor_units: int, currency: str) -> str:
    """£42.00: money is kept in minor units, and shown without ever going through a float."""
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency, f"{currency} ")
    return f"{symbol}{minor_units // 100:,}.{minor_units % 100:02d}"
