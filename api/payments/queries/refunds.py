"""Whether an account may ask for a refund of its credit, and how much (`account { canRequestRefund
maximumRefund requestRefundEligibility }`): the rule submitRepaymentRequest applies, read from the
ledgers' and repayments' read models. An account-level refund is one from its main ledger."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import strawberry

from api.payments.queries.account_ledgers import ledgers_of
from domain.payments.ledger import LedgerKind
from domain.payments.limits import MoneyLimits
from domain.payments.repayment_request import repayable


@strawberry.enum
class MaximumRefundReasonChoices(Enum):
    MAX_AVAILABLE_AMOUNT = "MAX_AVAILABLE_AMOUNT"
    TOTAL_AMOUNT_PAID_VIA_ACTIVE_DDI = "TOTAL_AMOUNT_PAID_VIA_ACTIVE_DDI"
    MAX_ALLOWED_TO_REQUEST_VIA_DASHBOARD = "MAX_ALLOWED_TO_REQUEST_VIA_DASHBOARD"


@strawberry.type
class MaximumRefundType:
    amount: int | None = strawberry.field(
        description="The maximum amount available to be requested as a refund.", default=None
    )
    reason_to_recommend_amount: MaximumRefundReasonChoices | None = strawberry.field(
        description="The reason why a specific amount is the maximum available to be requested as a refund.",
        default=None,
    )
    # No balance is recommended to be kept: every penny of credit not already asked for may be.
    recommended_balance: int | None = strawberry.field(
        description="The recommended minimum balance an account should have when asking for a refund.", default=None
    )


@strawberry.type
class RequestRefundEligibilityType:
    can_request_refund: bool = strawberry.field(description="Whether the account can request a refund.")
    reason: str | None = strawberry.field(description="The reason why a refund cannot be requested.", default=None)


@dataclass(frozen=True, slots=True)
class Credit:
    """The main ledger's credit, what its open repayment requests hold back of it, and the most one
    request may move."""

    balance: int
    reserved: int
    limits: MoneyLimits

    @property
    def refundable(self) -> int:
        return repayable(self.balance, self.reserved, self.limits)

    @property
    def capped(self) -> bool:
        """Whether the most one request may move, not the credit, sets the maximum."""
        return self.balance - self.reserved > self.limits.payment_amount


async def main_ledger_credit(info: strawberry.Info, account_number: str) -> Credit | None:
    """None until the payments context has opened the account's main ledger."""
    read = info.context.contexts.read
    main = next((row for row in await ledgers_of(info, account_number) if row["kind"] == LedgerKind.MAIN.value), None)
    if main is None:
        return None
    reserved = int(await info.context.loader(read.repayments.reserved).load(main["number"]))
    return Credit(main["balance"], reserved, info.context.contexts.payments.limits)


async def can_request_refund(info: strawberry.Info, account_number: str) -> bool:
    credit = await main_ledger_credit(info, account_number)
    return credit is not None and credit.refundable > 0


async def maximum_refund(info: strawberry.Info, account_number: str) -> MaximumRefundType | None:
    credit = await main_ledger_credit(info, account_number)
    if credit is None:
        return None
    reason = (
        MaximumRefundReasonChoices.MAX_ALLOWED_TO_REQUEST_VIA_DASHBOARD
        if credit.capped
        else MaximumRefundReasonChoices.MAX_AVAILABLE_AMOUNT
    )
    return MaximumRefundType(amount=credit.refundable, reason_to_recommend_amount=reason)


async def request_refund_eligibility(info: strawberry.Info, account_number: str) -> RequestRefundEligibilityType:
    credit = await main_ledger_credit(info, account_number)
    if credit is None:
        return RequestRefundEligibilityType(can_request_refund=False, reason="The account has no ledger yet.")
    if credit.refundable > 0:
        return RequestRefundEligibilityType(can_request_refund=True)
    if credit.balance <= 0:
        return RequestRefundEligibilityType(can_request_refund=False, reason="The account is not in credit.")
    return RequestRefundEligibilityType(
        can_request_refund=False, reason="The account's credit is already held by repayment requests in progress."
    )
