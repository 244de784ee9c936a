"""The sandbox provider's hosted set-up page: `/payments/instructions/setup/<token>`, the URL
getHostedUrlForNewPaymentInstruction answers.

The page asks for what the set-up's instruction type needs: a card, or a bank account and the
payer's authority for a direct debit. The post hands it to the provider, which records the card or
the mandate under its reference (once per set-up: a second post gets the same reference back); the
instruction is then stored through the payments application, which uses up the token in the same
save, and the browser goes back to the success URL the set-up was issued with (or sees a done
page). A token unknown, expired or used already answers 404 or 410 and stores nothing.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from api.pages.card_form import card_fields, card_from, sandbox_cards_note
from api.pages.forms import Form, call, contexts_of, posted, provider_of, refused_post, return_url
from api.pages.provider import SUCCEEDED, Answer, HostedProvider, failure, failure_status
from api.pages.rendering import Html, html, page, problems, redirect
from api.payments.mutations.get_hosted_url_for_new_payment_instruction import HOSTED_SETUP_PATH
from domain.payments import commands
from domain.payments.payment_instruction import InstructionSetup, InstructionType, SetupUnusable
from domain.shared.errors import KrakenError

_DIRECT_DEBIT_FIELDS = ("account_holder", "sort_code", "account_number")
_TITLES = {InstructionType.CARD: "Set up card payments", InstructionType.DIRECT_DEBIT: "Set up a Direct Debit"}


@get(HOSTED_SETUP_PATH + "{token:str}")
async def instruction_setup_page(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[str]:
    try:
        setup = await call(contexts_of(request).payments.hosted_instruction_setup, token)
    except SetupUnusable as refused:
        return _unusable(refused)
    return _form(request, setup, {}, [])


@post(HOSTED_SETUP_PATH + "{token:str}", status_code=200)
async def set_up_instruction(request: Request[Any, Any, Any], token: FromPath[str]) -> Response[str]:
    fields = await posted(request)
    if fields is None:
        return refused_post()
    payments = contexts_of(request).payments
    try:
        setup = await call(payments.hosted_instruction_setup, token)
    except SetupUnusable as refused:
        return _unusable(refused)
    provider = provider_of(request)
    if provider is None:
        return _no_provider()
    bank_details: commands.BankDetails | None = None
    if setup.instruction_type == InstructionType.DIRECT_DEBIT:
        bank_details, refusals = _bank_account_from(fields)
        answer = None if bank_details is None else await _mandate(provider, setup, bank_details)
    else:
        card, refusals = card_from(fields)
        answer = None
        if card is not None:
            answer = await call(
                provider.store_card,
                idempotency_key=_key(setup),
                card_number=card.number,
                expiry_month=card.expiry_month,
                expiry_year=card.expiry_year,
                cvc=card.cvc,
            )
    if answer is None:
        return _form(request, setup, fields, refusals, status=422)
    if answer.status != SUCCEEDED:
        return _form(request, setup, fields, [failure(answer.failure_code)], failure_status(answer.failure_code))
    command = commands.CompleteHostedInstructionSetup(
        token=token, vendor_reference=answer.reference, bank_details=bank_details
    )
    try:
        instruction = await call(payments.complete_hosted_instruction_setup, command)
    except SetupUnusable as refused:
        return _unusable(refused)
    except KrakenError as refused:
        # Bank details the provider took but the payments context refuses (KT-CT-3940).
        return _form(request, setup, fields, [refused.detail], status=422)
    success = return_url(setup.return_urls.get("success"))
    if success is not None:
        return redirect(success)
    what = "Your card ending" if instruction.instruction_type is InstructionType.CARD else "Your bank account ending"
    body = html(
        "<p>{what} {last_four} is set up to pay account {account}.</p><p>You can close this page.</p>",
        what=what,
        last_four=instruction.last_four,
        account=setup.account_number,
    )
    return page("All set", body)


def _key(setup: InstructionSetup) -> str:
    # One instrument per set-up, named by the set-up's id (never by the token, which the provider need not keep).
    return f"setup:{setup.id}"


async def _mandate(provider: HostedProvider, setup: InstructionSetup, details: commands.BankDetails) -> Answer:
    return await call(
        provider.store_bank_account,
        idempotency_key=_key(setup),
        account_holder=details.account_holder,
        sort_code=details.sort_code,
        account_number=details.account_number,
    )


def _bank_account_from(fields: dict[str, str]) -> tuple[commands.BankDetails | None, list[str]]:
    given = {name: fields.get(name, "").strip() for name in _DIRECT_DEBIT_FIELDS}
    refusals = [
        message
        for name, message in (
            ("account_holder", "Enter the account holder's name."),
            ("sort_code", "Enter the sort code."),
            ("account_number", "Enter the account number."),
        )
        if not given[name]
    ]
    if fields.get("authorised") != "yes":
        refusals.append("Confirm that you may authorise Direct Debits from this account.")
    if refusals:
        return None, refusals
    return commands.BankDetails(**given), []


def _form(
    request: Request[Any, Any, Any],
    setup: InstructionSetup,
    fields: dict[str, str],
    refusals: list[str],
    status: int = 200,
) -> Response[str]:
    form = Form(request)
    instruction_type = InstructionType(setup.instruction_type)
    if instruction_type is InstructionType.DIRECT_DEBIT:
        inputs = html(
            """<label for="account_holder">Account holder's name</label>
<input type="text" id="account_holder" name="account_holder" autocomplete="name" maxlength="18"
 value="{holder}" required>
<label for="sort_code">Sort code</label>
<input type="text" id="sort_code" name="sort_code" inputmode="numeric" value="{sort_code}" required>
<label for="account_number">Account number</label>
<input type="text" id="account_number" name="account_number" inputmode="numeric" value="{account_number}" required>
<label><input type="checkbox" name="authorised" value="yes" required> <span>I am the account holder and the only
person needed to authorise Direct Debits from this account.</span></label>
<p class="note">Sandbox: no real bank is asked. Any 6-digit sort code and 8-digit account number is taken,
except an account number ending in 402, which the bank refuses.</p>""",
            holder=fields.get("account_holder", ""),
            sort_code=fields.get("sort_code", ""),
            account_number=fields.get("account_number", ""),
        )
    else:
        inputs = Html(card_fields(fields) + "\n" + sandbox_cards_note())
    cancel = return_url(setup.return_urls.get("cancel"))
    body = html(
        """<p>For account {account}.</p>
{problems}
<form method="post">
{form_token}
{inputs}
<button type="submit">Set up</button>
</form>
{cancel}""",
        account=setup.account_number,
        problems=problems(refusals),
        form_token=form.field,
        inputs=inputs,
        cancel=html('<p><a href="{url}">Cancel and go back</a></p>', url=cancel) if cancel else "",
    )
    success = return_url(setup.return_urls.get("success"))
    return page(
        _TITLES[instruction_type],
        body,
        status=status,
        cookies=[form.cookie],
        leaving_to=[success] if success else [],
    )


def _unusable(refused: SetupUnusable) -> Response[str]:
    body = html(
        '<p class="problem" role="alert">{reason}</p><p>Go back to where you started and ask for a new link.</p>',
        reason=refused.reason,
    )
    return page("This set-up link cannot be used", body, status=410 if refused.known else 404)


def _no_provider() -> Response[str]:
    return page(
        "Payments are unavailable",
        Html("<p>This server has no payment provider to set this up with. Nothing was stored.</p>"),
        status=503,
    )
