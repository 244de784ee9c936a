"""The payments context's application: ledgers, and its reactions to other contexts' events."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from eventsourcing.application import ProcessingEvent
from eventsourcing.projection import EventSourcedProjection
from eventsourcing.utils import get_topic

from domain.loyalty.ledger import LoyaltyLedger
from domain.payments.ledger import Ledger, main_ledger_number
from domain.shared.application import ContextApplication

REDEMPTION = "LOYALTY_POINTS_REDEMPTION"


class Payments(ContextApplication, EventSourcedProjection[Any]):
    """Also a process application: new ledger events are recorded in one transaction with the
    position of the upstream event that caused them, so each reaction happens exactly once."""

    name = "Payments"
    topics = (get_topic(LoyaltyLedger.PointsRedeemed),)

    def ledger_of(self, account_number: str) -> Ledger | None:
        found: Ledger | None = self.find(Ledger.id_for(main_ledger_number(account_number)))
        return found

    @singledispatchmethod
    def policy(self, domain_event: Any, processing_event: ProcessingEvent[Any]) -> None:
        """Events this context does not react to."""

    @policy.register
    def _(self, redeemed: LoyaltyLedger.PointsRedeemed, processing_event: ProcessingEvent[Any]) -> None:
        # Redeemed points become account credit on the account's main ledger.
        ledger = self.ledger_of(redeemed.account_number) or Ledger.open(redeemed.account_number, redeemed.posted_at)
        ledger.credit(
            amount=redeemed.amount,
            reason_code=REDEMPTION,
            source=f"loyalty:{redeemed.originator_id}@{redeemed.originator_version}",
            posted_at=redeemed.posted_at,
        )
        processing_event.collect_events(ledger)
