"""The SupplyAgreements aggregate: which product an account is charged on at a property, over which days.

One per occupancy period (domain/accounts/property.py names each "<property id>-<ordinal>"): an
account occupying a property is on the default product from its first day until a product switch
records otherwise. The aggregate is only recorded at the first switch, opening with that default
agreement, so that its days and id never change; until then the read side derives the same one.

Agreements run over whole days, [valid_from, valid_to); the last one is open and ends, on the read
side, with the occupancy. A switch is scheduled first (one at a time, so that two switches can never
make overlapping agreements) and applied on its date: the current agreement ends and the new one starts.
"""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from domain.supply.errors import AgreementCreationFailed

_AGREEMENTS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/agreements/")


def agreement_id(period_id: str, ordinal: int) -> str:
    """An agreement is known by its occupancy period and its ordinal there, e.g. "1234567-1-2"."""
    return f"{period_id}-{ordinal}"


class AgreementTerm(msgspec.Struct, frozen=True):
    ordinal: int
    product_code: str
    valid_from: date
    valid_to: date | None = None


class SupplyAgreements(Aggregate):
    """The agreements of one occupancy period, and the switch scheduled on them, if any."""

    @staticmethod
    def id_for(period_id: str) -> UUID:
        return uuid5(_AGREEMENTS, period_id)

    @classmethod
    def open(
        cls, period_id: str, account_number: str, property_id: str, product_code: str, valid_from: date
    ) -> SupplyAgreements:
        return cls._create(
            cls.Opened,
            id=cls.id_for(period_id),
            period_id=period_id,
            account_number=account_number,
            property_id=property_id,
            product_code=product_code,
            valid_from=valid_from,
        )

    class Opened(Aggregate.Created):
        period_id: str
        account_number: str
        property_id: str
        product_code: str
        valid_from: date

    @event(Opened)
    def __init__(
        self, period_id: str, account_number: str, property_id: str, product_code: str, valid_from: date
    ) -> None:
        self.period_id, self.account_number, self.property_id = period_id, account_number, property_id
        self.terms: list[AgreementTerm] = [AgreementTerm(1, product_code, valid_from)]
        self.pending_switch: int | None = None

    @property
    def current(self) -> AgreementTerm:
        return self.terms[-1]

    def schedule_switch(self, switch_number: int, product_code: str, switch_date: date) -> None:
        """A switch to `product_code` from `switch_date`, unless it cannot make a new agreement (KT-CT-1509)."""
        if self.pending_switch is not None:
            raise AgreementCreationFailed(
                f"Switch {self.pending_switch} is already scheduled: a second would overlap its agreement."
            )
        if switch_date <= self.current.valid_from:
            raise AgreementCreationFailed(
                f"The current agreement began on {self.current.valid_from.isoformat()}: a new one must start later."
            )
        if product_code == self.current.product_code:
            raise AgreementCreationFailed(f"The account is already on {product_code}.")
        self._schedule_switch(switch_number=switch_number, product_code=product_code, switch_date=switch_date)

    class SwitchScheduled(Aggregate.Event):
        switch_number: int
        product_code: str
        switch_date: date

    @event(SwitchScheduled)
    def _schedule_switch(self, switch_number: int, product_code: str, switch_date: date) -> None:
        self.pending_switch = switch_number

    def apply_switch(self, switch_number: int, product_code: str, switch_date: date) -> bool:
        """Ends the current agreement on `switch_date` and makes the new one; False if it is not the pending switch."""
        if self.pending_switch != switch_number:
            return False
        self._end(ordinal=self.current.ordinal, valid_to=switch_date)
        self._make(
            ordinal=self.current.ordinal + 1,
            product_code=product_code,
            valid_from=switch_date,
            switch_number=switch_number,
        )
        return True

    class AgreementEnded(Aggregate.Event):
        ordinal: int
        valid_to: date

    @event(AgreementEnded)
    def _end(self, ordinal: int, valid_to: date) -> None:
        self.terms[-1] = msgspec.structs.replace(self.terms[-1], valid_to=valid_to)

    class AgreementMade(Aggregate.Event):
        ordinal: int
        product_code: str
        valid_from: date
        switch_number: int

    @event(AgreementMade)
    def _make(self, ordinal: int, product_code: str, valid_from: date, switch_number: int) -> None:
        self.terms.append(AgreementTerm(ordinal, product_code, valid_from))
        self.pending_switch = None
