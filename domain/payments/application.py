"""The payments context's application: its command groups joined, and its reactions to events (other
contexts' and its own)."""

from __future__ import annotations

from datetime import datetime
from functools import singledispatchmethod
from typing import Any

from eventsourcing.application import ProcessingEvent
from eventsourcing.projection import EventSourcedProjection
from eventsourcing.utils import get_topic

from domain.accounts.account import Account
from domain.goods.purchase import GoodsPurchase
from domain.loyalty.contribution_agreement import ContributionAgreement
from domain.loyalty.ledger import LoyaltyLedger
from domain.loyalty.referral import Referral
from domain.payments.bill_commands import BillCommands
from domain.payments.collection_commands import CollectionCommands
from domain.payments.instruction_commands import InstructionCommands
from domain.payments.ledger import EntryKind, Ledger
from domain.payments.payment import Payment
from domain.payments.repayment_commands import RepaymentCommands
from domain.payments.schedule_commands import ScheduleCommands
from domain.payments.transfer_commands import TransferCommands

REDEMPTION = "LOYALTY_POINTS_REDEMPTION"
GOODS_PURCHASE = "GOODS_PURCHASE"
REFERRAL_REWARD = "REFERRAL_REWARD"
CONTRIBUTION = "CONTRIBUTION"


class Payments(
    InstructionCommands,
    ScheduleCommands,
    CollectionCommands,
    RepaymentCommands,
    TransferCommands,
    BillCommands,
    EventSourcedProjection[Any],
):
    """Also a process application: new ledger events are recorded in one transaction with the
    position of the upstream event that caused them, so each reaction happens exactly once."""

    name = "Payments"
    # Each upstream is followed apart (ops/following.py), tracked by its own name: Account.Opened
    # comes from the accounts context, PointsRedeemed from loyalty, Payment.Requested from this one.
    topics = (
        get_topic(LoyaltyLedger.PointsRedeemed),
        get_topic(Account.Opened),
        get_topic(Payment.Requested),
        # Goods purchases, from the goods context.
        get_topic(GoodsPurchase.Made),
        get_topic(GoodsPurchase.ItemsReplaced),
        # Referrals (loyalty): a reward that became payable is credited to each rewarded account.
        get_topic(Referral.RewardPaid),
        get_topic(ContributionAgreement.PeriodFulfilled),
    )

    @singledispatchmethod
    def policy(self, domain_event: Any, processing_event: ProcessingEvent[Any]) -> None:
        """Events this context does not react to."""

    @policy.register
    def _(self, opened: Account.Opened, processing_event: ProcessingEvent[Any]) -> None:
        # Every account has a main ledger from the start. It may already be open: a redemption
        # seen first opens it too (the two upstreams are followed independently).
        if self.ledger_of(opened.number) is None:
            processing_event.collect_events(*self._opened_ledger(opened.number, opened.opened_at))

    @policy.register
    def _(self, redeemed: LoyaltyLedger.PointsRedeemed, processing_event: ProcessingEvent[Any]) -> None:
        # Redeemed points become account credit on the account's main ledger.
        ledger = self._main_ledger(redeemed.account_number, redeemed.posted_at, processing_event)
        source = f"loyalty:{redeemed.originator_id}@{redeemed.originator_version}"
        self._post_or_refuse(ledger, EntryKind.CREDIT, redeemed.amount, REDEMPTION, source, redeemed.posted_at)
        processing_event.collect_events(ledger)

    @policy.register
    def _(self, paid: Referral.RewardPaid, processing_event: ProcessingEvent[Any]) -> None:
        # Each party's reward is a credit on their main ledger, named by the referral and the party.
        rewards = [
            (paid.referring_account, paid.referrer_reward, "referrer"),
            (paid.referred_account, paid.referred_reward, "referred"),
        ]
        for account_number, amount, party in rewards:
            if account_number is None or amount <= 0:
                continue
            ledger = self._main_ledger(account_number, paid.paid_at, processing_event)
            source = f"referral:{paid.originator_id}:{party}"
            self._post_or_refuse(ledger, EntryKind.CREDIT, amount, REFERRAL_REWARD, source, paid.paid_at)
            processing_event.collect_events(ledger)

    @policy.register
    def _(self, fulfilled: ContributionAgreement.PeriodFulfilled, processing_event: ProcessingEvent[Any]) -> None:
        # A contribution period that ended is charged on the account's main ledger, once: the source
        # names the agreement and the period.
        ledger = self._main_ledger(fulfilled.account_number, fulfilled.fulfilled_at, processing_event)
        source = f"contribution:{fulfilled.originator_id}:{fulfilled.period_from.isoformat()}"
        self._post_or_refuse(ledger, EntryKind.CHARGE, -fulfilled.amount, CONTRIBUTION, source, fulfilled.fulfilled_at)
        processing_event.collect_events(ledger)

    @policy.register
    def _(self, requested: Payment.Requested, processing_event: ProcessingEvent[Any]) -> None:
        # A payment due today is submitted at once; a later one waits for the scheduler. Recorded with
        # the position of the Requested event, so each request is submitted once; should a command
        # change the payment meanwhile, the insert conflicts and the event is processed again.
        processing_event.collect_events(*self.submitted(self.payment(requested.number)))

    # Goods -------------------------------------------------------------------------------------------

    @policy.register
    def _(self, made: GoodsPurchase.Made, processing_event: ProcessingEvent[Any]) -> None:
        # A purchase is charged to the account's main ledger: its amount due (gross less grants).
        ledger = self._main_ledger(made.account_number, made.made_at, processing_event)
        if made.amount_due:
            self._post_or_refuse(
                ledger, EntryKind.CHARGE, -made.amount_due, GOODS_PURCHASE, f"goods:{made.code}:0", made.made_at
            )
        processing_event.collect_events(ledger)

    @policy.register
    def _(self, replaced: GoodsPurchase.ItemsReplaced, processing_event: ProcessingEvent[Any]) -> None:
        # New items: the previous charge is reversed by a credit and the new amount charged, each
        # named by the purchase and its revision, so that each is posted once. A previous charge the
        # ledger refused took no money, so there is nothing to give back.
        ledger = self._main_ledger(replaced.account_number, replaced.replaced_at, processing_event)
        source, at = f"goods:{replaced.code}:{replaced.revision}", replaced.replaced_at
        if replaced.previous_amount_due and not ledger.refused(f"goods:{replaced.code}:{replaced.revision - 1}"):
            self._post_or_refuse(
                ledger, EntryKind.CREDIT, replaced.previous_amount_due, GOODS_PURCHASE, f"{source}:reversal", at
            )
        if replaced.amount_due:
            self._post_or_refuse(ledger, EntryKind.CHARGE, -replaced.amount_due, GOODS_PURCHASE, source, at)
        processing_event.collect_events(ledger)

    # What every reaction that moves money does -------------------------------------------------------

    def _main_ledger(self, account_number: str, at: datetime, processing_event: ProcessingEvent[Any]) -> Ledger:
        """The account's main ledger, opened here (and saved with the reaction) if its opening has not
        been seen yet: the upstreams are followed independently."""
        ledger = self.ledger_of(account_number)
        if ledger is None:
            opened = self._opened_ledger(account_number, at)
            processing_event.collect_events(*opened[1:])
            ledger = opened[0]
        return ledger

    def _post_or_refuse(
        self, ledger: Ledger, kind: EntryKind, amount: int, reason_code: str, source: str, at: datetime
    ) -> None:
        """Posts the signed `amount`, or records it refused when it is beyond the amount limit or would
        take the ledger beyond its balance limit: raising would stop this reaction for every account,
        and it would be tried again for ever, so the entry is left for an operator to settle."""
        limit = self.limits.ledger_balance
        if self.limits.allows(abs(amount)) and ledger.fits(amount, limit):
            ledger.post(kind, amount, reason_code, source, at, limit=limit)
        else:
            ledger.refuse_entry(kind, abs(amount), reason_code, source, at)
