"""The login link's page: `/login?preSignedKey=...` (the link the pre-signed key email carries).

Opening the link logs nobody in: mail scanners and link previews fetch it, and the key works once. The
page asks the visitor to confirm, and the confirming post exchanges the key for a Kraken Token through
the command obtainKrakenToken runs for a preSignedKey (same throttle, same refusals, the key used up in
the same save). The token is handed to the browser as a Kraken web app keeps it: in a cookie no script
can read (HttpOnly), sent back to this site only (SameSite=Strict, Path=/), over TLS only when the site
is served over TLS (Secure), for as long as the token lives. The page never shows the token itself.
The refresh token is not handed out: a pre-signed login is one short, scoped session.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response, get, post

from api.pages.forms import Form, call, client_of, contexts_of, cookie, posted, refused_post
from api.pages.rendering import Html, html, page
from domain.identity import commands
from domain.shared.errors import KrakenError

LOGIN_PATH = "/login"
KEY_PARAMETER = "preSignedKey"
# The cookie the Kraken Token is kept in.
TOKEN_COOKIE = "kraken_token"


@get(LOGIN_PATH, sync_to_thread=False)
def login_page(request: Request[Any, Any, Any]) -> Response[str]:
    key = request.query_params.get(KEY_PARAMETER, "")
    if not key:
        return _incomplete()
    form = Form(request)
    body = html(
        """<p>This link logs you in once. Continue to log in on this device.</p>
<form method="post">
{token}
<input type="hidden" name="{parameter}" value="{key}">
<button type="submit">Log in</button>
</form>
<p class="note">If you did not ask for this link, close this page: nothing happens until you log in.</p>""",
        token=form.field,
        parameter=KEY_PARAMETER,
        key=key,
    )
    return page("Log in", body, cookies=[form.cookie])


@post(LOGIN_PATH, status_code=200)
async def log_in(request: Request[Any, Any, Any]) -> Response[str]:
    fields = await posted(request)
    if fields is None:
        return refused_post()
    key = fields.get(KEY_PARAMETER, "")
    if not key:
        return _incomplete()
    identity = contexts_of(request).identity
    command = commands.ObtainKrakenToken(client=client_of(request), pre_signed_key=key)
    try:
        issued = await call(identity.obtain_kraken_token, command)
    except KrakenError as refused:
        # The Kraken code's own words: which of expired, used, invalidated or unknown it is.
        body = html(
            """<p class="problem" role="alert">{detail}</p>
<p>Ask for a new login link and use it within its time.</p>
<p class="note">{message} ({code})</p>""",
            detail=refused.detail,
            message=refused.message,
            code=refused.code,
        )
        return page("This login link cannot be used", body, status=429 if refused.code == "KT-CT-1199" else 400)
    expires = datetime.fromtimestamp(issued.payload["exp"], UTC)
    lifetime = issued.payload["exp"] - issued.payload["iat"]
    scope = issued.payload.get("scope")
    body = html(
        """<p>You are logged in as {email}{limited}.</p>
<p>Your session is kept in this browser, in a secure cookie only this site can read, until {until}.</p>""",
        email=issued.payload.get("email", ""),
        limited=html(", to {what}", what=scope.replace("_", " ").lower()) if isinstance(scope, str) else "",
        until=expires.strftime("%Y-%m-%d %H:%M UTC"),
    )
    return page("You are logged in", body, cookies=[cookie(request, TOKEN_COOKIE, issued.token, max(lifetime, 0))])


def _incomplete() -> Response[str]:
    return page(
        "This login link is incomplete",
        Html("<p>Copy the whole link from the email into the address bar, or ask for a new one.</p>"),
        status=400,
    )
