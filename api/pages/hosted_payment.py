"""The sandbox provider's hosted payment page: `/payments/hosted/<retrieval token>`, the URL
initiateHostedStandalonePayment answers (its query carries the return URLs, by outcome).

The page shows the amount and asks for a card. The post has the provider charge it under the
payment's own idempotency key, so that however often the form is sent (a double click, a reload, two
tabs) the payment is charged once; a card the provider refuses charges nothing and the customer may
try another. The charge is then handed to the payments application as the provider's confirmation
(complete_standalone_payment): the payment is submitted under the charge's reference and the
collection worker settles it as any other, crediting the ledger. The browser goes to the return URL
of the charge's outcome (success, pending or failure), or sees the outcome here.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from api.pages.card_form import card_fields, card_from, sandbox_cards_note
from api.pages.forms import Form, call, contexts_of, posted, provider_of, refused_post, return_url
from api.pages.provider import FAILED, PENDING, SUCCEEDED, failure, failure_status
from api.pages.rendering import Html, amount, html, page, problems, redirect
from domain.payments.payment import Payment, PaymentOrigin, PaymentStatus

HOSTED_PAYMENT_PATH = "/payments/hosted/"
# The return URLs the page may be opened with (initiateHostedStandalonePayment's), by outcome.
RETURNS = ("success", "pending", "failure", "error", "cancel", "expired")
_OUTCOMES = {SUCCEEDED: "success", PENDING: "pending", FAILED: "failure"}


@get(HOSTED_PAYMENT_PATH + "{token:str}")
async def hosted_payment_page(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[str]:
    payment = await _payment(request, token)
    if payment is None:
        return _unknown()
    if payment.status is not PaymentStatus.REQUESTED:
        return _outcome(payment)
    return await _form(request, payment, [])


@post(HOSTED_PAYMENT_PATH + "{token:str}", status_code=200)
async def pay(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[str]:
    fields = await posted(request)
    if fields is None:
        return refused_post()
    payments = contexts_of(request).payments
    payment = await _payment(request, token)
    if payment is None:
        return _unknown()
    if payment.status is not PaymentStatus.REQUESTED:
        # Paid (or ended) already: nothing is charged again.
        return _outcome(payment)
    provider = provider_of(request)
    if provider is None:
        return page(
            "Payments are unavailable",
            Html("<p>This server has no payment provider to take the payment. Nothing was charged.</p>"),
            status=503,
        )
    card, refusals = card_from(fields)
    if card is None:
        return await _form(request, payment, refusals, status=422)
    charge = await call(
        provider.pay_by_card,
        idempotency_key=Payment.key_for(payment.number),
        amount=payment.amount,
        currency=await _currency(request, payment),
        card_number=card.number,
        expiry_month=card.expiry_month,
        expiry_year=card.expiry_year,
        cvc=card.cvc,
    )
    if charge.status == FAILED:
        return await _form(request, payment, [failure(charge.failure_code)], failure_status(charge.failure_code))
    completed = await call(payments.complete_standalone_payment, token, charge.reference)
    # The provider knows at once how the charge stands; the payment records it when the worker settles it.
    settled = await call(provider.collection, charge.reference)
    outcome = "failure" if completed.status is PaymentStatus.FAILED else _OUTCOMES.get(settled.status, "pending")
    back = _returns(request).get(outcome)
    if back is not None:
        return redirect(back)
    return _outcome(completed, outcome)


async def _payment(request: Request[Any, Any, Any], token: str) -> Payment | None:
    payment = await call(contexts_of(request).payments.standalone_payment, token)
    # An embedded form's payment is paid in that form, with its client secret: not here.
    return payment if payment is not None and payment.origin is PaymentOrigin.HOSTED else None


async def _currency(request: Request[Any, Any, Any], payment: Payment) -> str:
    ledger = await call(contexts_of(request).payments.ledger, payment.ledger_number)
    # A payment is requested on a ledger that exists, and ledgers are never removed.
    assert ledger is not None, payment.ledger_number
    return ledger.currency


def _returns(request: Request[Any, Any, Any]) -> dict[str, str]:
    found = {name: return_url(request.query_params.get(name)) for name in RETURNS}
    return {name: url for name, url in found.items() if url is not None}


async def _form(
    request: Request[Any, Any, Any], payment: Payment, refusals: list[str], status: int = 200
) -> Response[str]:
    form = Form(request)
    returns = _returns(request)
    cancel = returns.get("cancel")
    body = html(
        """<p class="amount">{amount}</p>
<p>{description}</p>
{problems}
<form method="post">
{form_token}
{inputs}
<button type="submit">Pay {amount}</button>
</form>
{cancel}""",
        amount=amount(payment.amount, await _currency(request, payment)),
        description=payment.description,
        problems=problems(refusals),
        form_token=form.field,
        inputs=Html(card_fields({}) + "\n" + sandbox_cards_note()),
        cancel=html('<p><a href="{url}">Cancel and go back</a></p>', url=cancel) if cancel else "",
    )
    return page("Pay by card", body, status=status, cookies=[form.cookie], leaving_to=returns.values())


def _outcome(payment: Payment, outcome: str | None = None) -> Response[str]:
    """How the payment stands: as the charge just went (`outcome`), else as the payments context has it."""
    status = payment.status
    if outcome == "success" or status is PaymentStatus.SUCCEEDED:
        title, text = "Payment received", "Thank you: your payment has been received."
    elif outcome == "failure" or status is PaymentStatus.FAILED:
        title, text = "Payment failed", "Your payment did not go through."
    elif status is PaymentStatus.CANCELLED:
        return page("This payment was cancelled", Html("<p>There is nothing to pay here any more.</p>"), status=410)
    else:
        title, text = "Payment processing", "Your payment is being processed. You can close this page."
    body = html("<p>{text}</p><p>Reference: payment {number}.</p>", text=text, number=payment.number)
    return page(title, body)


def _unknown() -> Response[str]:
    return page(
        "This payment link is not valid",
        Html("<p>Go back to where you started and begin the payment again.</p>"),
        status=404,
    )
