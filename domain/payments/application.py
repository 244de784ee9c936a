"""The payments context's application: its command groups joined, and its reactions to events (other
contexts' and its own)."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from eventsourcing.application import ProcessingEvent
from eventsourcing.projection import EventSourcedProjection
from eventsourcing.utils import get_topic

from domain.accounts.account import Account
from domain.loyalty.contribution_agreement import ContributionAgreement
from domain.loyalty.ledger import LoyaltyLedger
from domain.loyalty.referral import Referral
from domain.payments.bill_commands import BillCommands
from domain.payments.collection_commands import CollectionCommands
from domain.payments.instruction_commands import InstructionCommands
from domain.payments.ledger import EntryKind
from domain.payments.payment import Payment
from domain.payments.repayment_commands import RepaymentCommands
from domain.payments.schedule_commands import ScheduleCommands
from domain.payments.transfer_commands import TransferCommands

REDEMPTION = "LOYALTY_POINTS_REDEMPTION"
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
        ledger = self.ledger_of(redeemed.account_number)
        if ledger is None:
            opened = self._opened_ledger(redeemed.account_number, redeemed.posted_at)
            processing_event.collect_events(*opened[1:])
            ledger = opened[0]
        source = f"loyalty:{redeemed.originator_id}@{redeemed.originator_version}"
        if self.limits.allows(redeemed.amount) and ledger.fits(redeemed.amount, self.limits.ledger_balance):
            ledger.credit(redeemed.amount, REDEMPTION, source, redeemed.posted_at, limit=self.limits.ledger_balance)
        else:
            # Raising would stop this reaction for every account, and it would be tried again for
            # ever: the credit the ledger cannot take is recorded instead, for an operator to settle.
            ledger.refuse_entry(EntryKind.CREDIT, redeemed.amount, REDEMPTION, source, redeemed.posted_at)
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
            ledger = self.ledger_of(account_number)
            if ledger is None:
                opened = self._opened_ledger(account_number, paid.paid_at)
                processing_event.collect_events(*opened[1:])
                ledger = opened[0]
            source = f"referral:{paid.originator_id}:{party}"
            if self.limits.allows(amount) and ledger.fits(amount, self.limits.ledger_balance):
                ledger.credit(amount, REFERRAL_REWARD, source, paid.paid_at, limit=self.limits.ledger_balance)
            else:
                ledger.refuse_entry(EntryKind.CREDIT, amount, REFERRAL_REWARD, source, paid.paid_at)
            processing_event.collect_events(ledger)

    @policy.register
    def _(self, fulfilled: ContributionAgreement.PeriodFulfilled, processing_event: ProcessingEvent[Any]) -> None:
        # A contribution period that ended is charged on the account's main ledger, once: the source
        # names the agreement and the period.
        ledger = self.ledger_of(fulfilled.account_number)
        if ledger is None:
            opened = self._opened_ledger(fulfilled.account_number, fulfilled.fulfilled_at)
            processing_event.collect_events(*opened[1:])
            ledger = opened[0]
        source = f"contribution:{fulfilled.originator_id}:{fulfilled.period_from.isoformat()}"
        charge = -fulfilled.amount
        if self.limits.allows(fulfilled.amount) and ledger.fits(charge, self.limits.ledger_balance):
            ledger.post(
                EntryKind.CHARGE, charge, CONTRIBUTION, source, fulfilled.fulfilled_at, limit=self.limits.ledger_balance
            )
        else:
            ledger.refuse_entry(EntryKind.CHARGE, charge, CONTRIBUTION, source, fulfilled.fulfilled_at)
        processing_event.collect_events(ledger)

    @policy.register
    def _(self, requested: Payment.Requested, processing_event: ProcessingEvent[Any]) -> None:
        # A payment due today is submitted at once; a later one waits for the scheduler. Recorded with
        # the position of the Requested event, so each request is submitted once; should a command
        # change the payment meanwhile, the insert conflicts and the event is processed again.
        processing_event.collect_events(*self.submitted(self.payment(requested.number)))
