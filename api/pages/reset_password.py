"""The password reset link's page: `/reset-password?userId=...&token=...` (what requestPasswordReset emails).

The form asks for the new password twice; the post runs the command resetPassword and
resetUserPassword run (same policy, same throttle, the link used up in the same save as the new
password) and shows its refusals as text: a link that cannot be used any more ends the page, a
password the policy refuses lets the visitor try another (the link stays unused).
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Request, Response, get, post

from api.pages.forms import Form, call, client_of, contexts_of, posted, refused_post
from api.pages.rendering import Html, html, page, problems
from domain.identity import commands
from domain.shared.catalogue import PasswordInvalid
from domain.shared.errors import KrakenError

RESET_PASSWORD_PATH = "/reset-password"
MISMATCH = "The two password fields didn't match."


@get(RESET_PASSWORD_PATH, sync_to_thread=False)
def reset_password_page(request: Request[Any, Any, Any]) -> Response[str]:
    user_id, token = request.query_params.get("userId", ""), request.query_params.get("token", "")
    if not (user_id and token):
        return _incomplete()
    return _form(request, user_id, token, [])


@post(RESET_PASSWORD_PATH, status_code=200)
async def reset_password(request: Request[Any, Any, Any]) -> Response[str]:
    fields = await posted(request)
    if fields is None:
        return refused_post()
    user_id, token = fields.get("userId", ""), fields.get("token", "")
    if not (user_id and token):
        return _incomplete()
    password = fields.get("new_password", "")
    if not hmac.compare_digest(password.encode(), fields.get("new_password_confirmed", "").encode()):
        # Django's check of a password form (password_mismatch), made before the domain is asked.
        return _form(request, user_id, token, [MISMATCH], status=422)
    command = commands.ResetUserPassword(client=client_of(request), user_id=user_id, token=token, new_password=password)
    try:
        await call(contexts_of(request).identity.reset_user_password, command)
    except PasswordInvalid as refused:
        return _form(request, user_id, token, [p.message for p in refused.problems] or [refused.detail], status=422)
    except KrakenError as refused:
        # KT-CT-4125: the link is malformed, expired, used or for another user; KT-CT-1199: throttled.
        body = html(
            """<p class="problem" role="alert">{detail}</p>
<p>Ask for a new password reset link: your password has not changed.</p>
<p class="note">{message} ({code})</p>""",
            detail=refused.detail,
            message=refused.message,
            code=refused.code,
        )
        return page("This reset link cannot be used", body, status=429 if refused.code == "KT-CT-1199" else 400)
    return page(
        "Your password has been changed",
        Html("<p>You can now log in with your new password. You have been logged out everywhere else.</p>"),
    )


def _form(
    request: Request[Any, Any, Any], user_id: str, token: str, refusals: list[str], status: int = 200
) -> Response[str]:
    form = Form(request)
    body = html(
        """{problems}
<form method="post">
{form_token}
<input type="hidden" name="userId" value="{user_id}">
<input type="hidden" name="token" value="{token}">
<label for="new_password">New password</label>
<input type="password" id="new_password" name="new_password" autocomplete="new-password" required>
<label for="new_password_confirmed">New password again</label>
<input type="password" id="new_password_confirmed" name="new_password_confirmed" autocomplete="new-password" required>
<button type="submit">Change my password</button>
</form>""",
        problems=problems(refusals),
        form_token=form.field,
        user_id=user_id,
        token=token,
    )
    return page("Choose a new password", body, status=status, cookies=[form.cookie])


def _incomplete() -> Response[str]:
    return page(
        "This reset link is incomplete",
        Html("<p>Copy the whole link from the email into the address bar, or ask for a new one.</p>"),
        status=400,
    )
