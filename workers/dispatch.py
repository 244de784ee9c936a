"""Who reacts to what: the one table from stored events to the actors that carry out their side effects."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import dramatiq

from domain.accounts.account import Account
from domain.accounts.consents import Consents
from domain.goods.purchase import GoodsPurchase
from domain.goods.quote import GoodsQuote
from domain.identity.mfa_devices import MfaDevices
from domain.identity.password_reset import PasswordReset
from domain.identity.pre_signed_key import PreSignedKey
from domain.loyalty.contribution_agreement import ContributionAgreement
from domain.loyalty.referral import Referral
from domain.payments.billing_document import BillingDocument
from domain.payments.payment import Payment
from domain.payments.repayment_request import RepaymentRequest
from domain.supply.charge_basis import ChargeBasis
from domain.supply.house_move import HouseMove
from domain.supply.lifecycle_process import LifecycleProcess
from domain.supply.meter_readings import MeterReadings
from domain.supply.product_switch import ProductSwitch
from domain.supply.quote_follow_up import QuoteFollowUp
from domain.supply.service_order import ServiceOrder
from workers import broker  # noqa: F401  (the broker is set before any actor is declared)
from workers.accounts.consents import send_double_opt_in
from workers.goods.emails import send_goods_purchase_confirmation, send_goods_quote_share
from workers.identity import send_pre_signed_token_email
from workers.loyalty.contributions import send_contribution_agreement_confirmation
from workers.loyalty.referrals import draw_referral_code, notify_referrer
from workers.mfa import send_mfa_code
from workers.passwords import send_password_reset_email
from workers.payments.collections import collect_submitted_payment
from workers.payments.printing import print_bill
from workers.payments.repayments import pay_out_repayment
from workers.supply.charges import send_measured_charges_confirmation, send_service_order_confirmation
from workers.supply.house_moves import confirm_house_move
from workers.supply.processes import send_enrollment_cancelled_email
from workers.supply.product_switches import send_product_switch_confirmation
from workers.supply.quote_follow_ups import send_quote_follow_up
from workers.supply.readings import confirm_meter_reading


@dataclass(frozen=True)
class Reaction:
    upstream: str
    event: type[Any]
    actor: dramatiq.Actor[..., Any]
    arguments: Callable[[Any], tuple[Any, ...]]
    # Events of one sequence are handed over in order, one at a time, when a relay runs actors side
    # by side (workers/relay.py); by default, those of one aggregate.
    sequence: Callable[[Any], Hashable] = lambda e: e.originator_id


def _instruction(submitted: Payment.Submitted) -> Hashable:
    # Payments collected by one instruction settle on one ledger: side by side they would only
    # race for it. A payment with none (paid by the customer at the provider) is a sequence alone.
    return submitted.instruction_number or submitted.originator_id


REACTIONS: tuple[Reaction, ...] = (
    Reaction("identity", PreSignedKey.Issued, send_pre_signed_token_email, lambda e: (str(e.originator_id),)),
    Reaction("identity", PasswordReset.Requested, send_password_reset_email, lambda e: (str(e.originator_id),)),
    Reaction(
        "identity", MfaDevices.ChallengeIssued, send_mfa_code, lambda e: (str(e.originator_id), str(e.challenge_id))
    ),
    Reaction(
        "accounts", Consents.DoubleOptInRequested, send_double_opt_in, lambda e: (str(e.originator_id), e.token_digest)
    ),
    Reaction("accounts", Account.Opened, draw_referral_code, lambda e: (e.number,)),
    Reaction("loyalty", Referral.Created, notify_referrer, lambda e: (str(e.originator_id),)),
    Reaction("payments", Payment.Submitted, collect_submitted_payment, lambda e: (e.number,), _instruction),
    Reaction("payments", RepaymentRequest.Approved, pay_out_repayment, lambda e: (str(e.number),)),
    Reaction("payments", BillingDocument.PrintRequested, print_bill, lambda e: (str(e.number), e.print_request_id)),
    Reaction("supply", LifecycleProcess.Cancelled, send_enrollment_cancelled_email, lambda e: (str(e.originator_id),)),
    Reaction("supply", HouseMove.Recorded, confirm_house_move, lambda e: (str(e.originator_id),)),
    Reaction("supply", MeterReadings.Submitted, confirm_meter_reading, lambda e: (str(e.originator_id), e.ordinal)),
    Reaction("supply", ProductSwitch.Initiated, send_product_switch_confirmation, lambda e: (e.number,)),
    Reaction("supply", QuoteFollowUp.Released, send_quote_follow_up, lambda e: (str(e.originator_id),)),
    Reaction("supply", ServiceOrder.Raised, send_service_order_confirmation, lambda e: (e.number,)),
    Reaction(
        "supply",
        ChargeBasis.SwitchedToMeasured,
        send_measured_charges_confirmation,
        lambda e: (e.property_id, e.account_number),
    ),
    # Goods: a shared quote is emailed to its recipient; a purchase is confirmed to the account's users.
    Reaction("goods", GoodsQuote.Shared, send_goods_quote_share, lambda e: (e.quote_code, e.share_id)),
    Reaction("goods", GoodsPurchase.Made, send_goods_purchase_confirmation, lambda e: (e.code,)),
    Reaction(
        "loyalty",
        ContributionAgreement.Made,
        send_contribution_agreement_confirmation,
        lambda e: (str(e.originator_id),),
    ),
)
