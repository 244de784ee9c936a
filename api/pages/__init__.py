"""The pages the links we send point to, served by the API app itself: one module per page.

- login.py: the login link of a pre-signed key email (`/login?preSignedKey=...`);
- reset_password.py: the password reset link (`/reset-password?userId=...&token=...`);
- instruction_setup.py: the sandbox provider's hosted page that sets up a card or a direct debit;
- hosted_payment.py: the sandbox provider's hosted page where a standalone payment is paid by card;
- confirm_consent.py: the double opt-in link (`/confirm-consent?token=...`);
- refer.py: a customer's personal referral link (`/refer/<code>`).

Small server-rendered HTML (rendering.py), forms checked against forgery (forms.py). Their URLs carry
secrets: `redacted` is how a log line may show one.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from litestar import Request, Response, Router
from litestar.exceptions import HTTPException

from api.pages.confirm_consent import confirm_consent, confirm_consent_page
from api.pages.forms import MAX_FORM_BYTES
from api.pages.hosted_payment import HOSTED_PAYMENT_PATH, hosted_payment_page, pay
from api.pages.instruction_setup import instruction_setup_page, set_up_instruction
from api.pages.login import KEY_PARAMETER, log_in, login_page
from api.pages.refer import refer_page
from api.pages.rendering import html, page
from api.pages.reset_password import reset_password, reset_password_page
from api.payments.mutations.get_hosted_url_for_new_payment_instruction import HOSTED_SETUP_PATH

log = logging.getLogger("kraken.pages")

_SECRET_SEGMENT = re.compile(f"^({re.escape(HOSTED_PAYMENT_PATH)}|{re.escape(HOSTED_SETUP_PATH)})[^/?#]+")
_SECRET_PARAMETER = re.compile(f"([?&](?:{KEY_PARAMETER}|token)=)[^&#]*")


def redacted(target: str) -> str:
    """A request's path and query with the pages' secrets (a hosted page's token, a login key, a reset
    token) replaced by `***`: what an access log or an error may show of it."""
    return _SECRET_PARAMETER.sub(r"\1***", _SECRET_SEGMENT.sub(r"\1***", target))


def router() -> Router:
    return Router(
        "/",
        route_handlers=[
            login_page,
            log_in,
            reset_password_page,
            reset_password,
            instruction_setup_page,
            set_up_instruction,
            hosted_payment_page,
            pay,
            confirm_consent_page,
            confirm_consent,
            refer_page,
        ],
        exception_handlers={HTTPException: _refused, Exception: _failed},
        request_max_body_size=MAX_FORM_BYTES,
    )


def _refused(request: Request[Any, Any, Any], exc: HTTPException) -> Response[str]:
    """What Litestar refuses on a page's route (a form too large, a malformed body), as a page."""
    return page("This request cannot be answered", html("<p>{detail}</p>", detail=exc.detail), status=exc.status_code)


def _failed(request: Request[Any, Any, Any], exc: Exception) -> Response[str]:
    """A bug: logged under a correlation id, with the path's secrets redacted; the visitor sees only the id."""
    correlation_id = uuid.uuid4().hex[:16]
    log.error("unexpected error %s in %s %s", correlation_id, request.method, redacted(request.url.path), exc_info=exc)
    body = html("<p>Something went wrong on our side. Quote {id} when reporting it.</p>", id=correlation_id)
    return page("Something went wrong", body, status=500)
