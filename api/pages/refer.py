"""The personal referral link's page: `/refer/<code>` (what `activeReferralSchemes.domestic.referralUrl`
answers, and what a customer shares with a friend).

Opening it changes nothing and tells nothing about the referrer: it shows the friend the code to give
when their account is opened (createReferral takes the code, this link or the referrer's email).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from api.pages.rendering import Html, html, page
from domain.loyalty.referral_code import REFERRAL_CODE_LENGTH, normalise_referral_code

REFER_PATH = "/refer"


@get(f"{REFER_PATH}/{{code:str}}", sync_to_thread=False)
def refer_page(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[str]:
    code = normalise_referral_code(code)
    if not code or len(code) > REFERRAL_CODE_LENGTH or not code.isalnum():
        return page(
            "This referral link is incomplete",
            Html("<p>Copy the whole link from the message into the address bar.</p>"),
            status=400,
        )
    body = html(
        """<p>A friend has invited you to join us.</p>
<p>Once your account is open, tell us who referred you with this code, and you both get a reward:</p>
<p class="code"><strong>{code}</strong></p>
<p class="note">The reward is credited to your account when it falls due.</p>""",
        code=code,
    )
    return page("You have been referred", body)
