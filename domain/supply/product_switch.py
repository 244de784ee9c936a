"""The ProductSwitch aggregate: an account's switch to a quoted product from a date (initiateProductSwitch).

Initiated when asked for; applied on its date (at once when that is today, else by the scheduler's
job), which makes the new agreement on the occupancy period's SupplyAgreements in the same save.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_SWITCHES = uuid5(NAMESPACE_URL, "https://kraken-es/supply/product-switch/")


class ProductSwitch(Aggregate):
    @staticmethod
    def id_for(number: int) -> UUID:
        return uuid5(_SWITCHES, str(number))

    @classmethod
    def initiate(
        cls,
        number: int,
        account_number: str,
        property_id: str,
        period_id: str,
        supply_point_id: str,
        quote_code: str,
        quoted_product_id: str,
        product_code: str,
        switch_date: date,
        suppress_communications: bool,
        notify_email: str | None,
        at: datetime,
    ) -> ProductSwitch:
        return cls._create(
            cls.Initiated,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            property_id=property_id,
            period_id=period_id,
            supply_point_id=supply_point_id,
            quote_code=quote_code,
            quoted_product_id=quoted_product_id,
            product_code=product_code,
            switch_date=switch_date,
            suppress_communications=suppress_communications,
            notify_email=notify_email,
            initiated_at=at,
        )

    class Initiated(Aggregate.Created):
        number: int
        account_number: str
        property_id: str
        period_id: str
        supply_point_id: str
        quote_code: str
        quoted_product_id: str
        product_code: str
        switch_date: date
        suppress_communications: bool
        # Where the confirmation goes (the supply store is encrypted at rest); None: nowhere to send it.
        notify_email: str | None
        initiated_at: datetime

    @event(Initiated)
    def __init__(
        self,
        number: int,
        account_number: str,
        property_id: str,
        period_id: str,
        supply_point_id: str,
        quote_code: str,
        quoted_product_id: str,
        product_code: str,
        switch_date: date,
        suppress_communications: bool,
        notify_email: str | None,
        initiated_at: datetime,
    ) -> None:
        self.number, self.account_number, self.property_id, self.period_id = (
            number,
            account_number,
            property_id,
            period_id,
        )
        self.supply_point_id, self.quote_code, self.quoted_product_id = supply_point_id, quote_code, quoted_product_id
        self.product_code, self.switch_date = product_code, switch_date
        self.suppress_communications, self.notify_email = suppress_communications, notify_email
        self.initiated_at = initiated_at
        self.applied_at: datetime | None = None
        self.confirmation_sent_at: datetime | None = None

    def apply(self, at: datetime) -> None:
        self._apply(applied_at=at)

    class Applied(Aggregate.Event):
        applied_at: datetime

    @event(Applied)
    def _apply(self, applied_at: datetime) -> None:
        self.applied_at = applied_at

    class ConfirmationSent(Aggregate.Event):
        sent_at: datetime

    @event(ConfirmationSent)
    def record_confirmation_sent(self, sent_at: datetime) -> None:
        self.confirmation_sent_at = sent_at
