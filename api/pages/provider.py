"""What the provider's hosted pages need of the payment provider (the composition root hands one in).

The pages are the provider's: they take the customer's card or bank account and hand it to the
provider, which answers with a reference and a status (`SUCCEEDED`, `PENDING` or `FAILED`). A
refusal is an answer, not an exception: `FAILED` with a failure code the page explains (FAILURES).
"""

from __future__ import annotations

from typing import Protocol

SUCCEEDED, PENDING, FAILED = "SUCCEEDED", "PENDING", "FAILED"

# The provider's failure codes, as the customer is told them; any other code reads as the last one.
FAILURES = {
    "declined": "Your card or bank declined this. Try another card or account.",
    "invalid_number": "This card number is not valid.",
    "expired_card": "This card has expired.",
    "invalid_cvc": "The security code (CVC) is 3 or 4 digits.",
    "invalid_account": "A bank account has a 6-digit sort code, an 8-digit account number and a holder's name.",
    "unavailable": "The payment service is unavailable at the moment. Nothing was charged: please try again.",
    "duplicate": "This has already been submitted with other details; it was not charged again.",
    "": "The payment service could not complete this.",
}


def failure(code: str | None) -> str:
    return FAILURES.get(code or "", FAILURES[""])


def failure_status(code: str | None) -> int:
    """The HTTP status of a page showing the refusal: 402 for a decline, 503 for an outage, 409 for a
    conflicting second submission, 422 for details the provider refused."""
    return {"declined": 402, "unavailable": 503, "duplicate": 409}.get(code or "", 422)


class Answer(Protocol):
    @property
    def reference(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def failure_code(self) -> str | None: ...


class HostedProvider(Protocol):
    def pay_by_card(
        self,
        *,
        idempotency_key: str,
        amount: int,
        currency: str,
        card_number: str,
        expiry_month: int,
        expiry_year: int,
        cvc: str,
    ) -> Answer:
        """Charges the card (once per key): accepted PENDING, or FAILED with nothing charged."""
        ...

    def collection(self, reference: str) -> Answer:
        """How the charge under `reference` stands (SUCCEEDED, PENDING or FAILED)."""
        ...

    def store_card(
        self, *, idempotency_key: str, card_number: str, expiry_month: int, expiry_year: int, cvc: str
    ) -> Answer:
        """Records the card for later charges: SUCCEEDED under its reference, or FAILED."""
        ...

    def store_bank_account(
        self, *, idempotency_key: str, account_holder: str, sort_code: str, account_number: str
    ) -> Answer:
        """Records a direct debit mandate on the bank account: SUCCEEDED under its reference, or FAILED."""
        ...
