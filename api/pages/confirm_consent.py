"""The double opt-in link's page: `/confirm-consent?token=...` (what requestDoubleOptIn's message carries).

Opening the link changes nothing: mail scanners and link previews fetch it. The page asks the visitor
to confirm, and the confirming post runs the command confirmDoubleOptIn runs, with the visitor's
address as the evidence of the consent.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post

from api.pages.forms import Form, call, client_of, contexts_of, posted, refused_post
from api.pages.rendering import Html, html, page
from domain.accounts import commands
from domain.shared.errors import KrakenError

CONFIRM_CONSENT_PATH = "/confirm-consent"


@get(CONFIRM_CONSENT_PATH, sync_to_thread=False)
def confirm_consent_page(request: Request[Any, Any, Any]) -> Response[str]:
    token = request.query_params.get("token", "")
    if not token:
        return _incomplete()
    form = Form(request)
    body = html(
        """<p>You asked to give your consent. Confirm it to record it.</p>
<form method="post">
{form_token}
<input type="hidden" name="token" value="{token}">
<button type="submit">I confirm</button>
</form>
<p class="note">If you did not ask for this, close this page: nothing changes until you confirm.</p>""",
        form_token=form.field,
        token=token,
    )
    return page("Confirm your consent", body, cookies=[form.cookie])


@post(CONFIRM_CONSENT_PATH, status_code=200)
async def confirm_consent(request: Request[Any, Any, Any]) -> Response[str]:
    fields = await posted(request)
    if fields is None:
        return refused_post()
    token = fields.get("token", "")
    if not token:
        return _incomplete()
    command = commands.ConfirmDoubleOptIn(token=token, ip=client_of(request))
    try:
        consent = await call(contexts_of(request).accounts.confirm_double_opt_in, command)
    except KrakenError as refused:
        # KT-CT-9021 unknown, 9022 already accepted, 9020 expired or used, 9016 switched off.
        body = html(
            """<p class="problem" role="alert">{detail}</p>
<p class="note">{message} ({code})</p>""",
            detail=refused.detail,
            message=refused.message,
            code=refused.code,
        )
        return page("This confirmation link cannot be used", body, status=400)
    return page("Thank you", html("<p>Your consent to {name} is recorded.</p>", name=consent.type.name))


def _incomplete() -> Response[str]:
    return page(
        "This confirmation link is incomplete",
        Html("<p>Copy the whole link from the message into the address bar.</p>"),
        status=400,
    )
