"""The Property aggregate: a home the supplier serves, its address, built form and occupants, and
which accounts occupy it over which days.

Property ids are Kraken's integers-as-ID strings. Each is drawn at random (below 2**31, so that it
also fits an Int) and the property lives at a UUID derived from it: registering one under an id
already taken makes the save conflict, and the command's retry draws another.

Occupancy periods are whole days, [effective_from, effective_to): an account occupies the property
from the first day and has left it on the second. The periods of one property never overlap, so at
most one account occupies it on any day. Each period is known by the property id and its ordinal,
e.g. "1234567-2", which never changes (periods are ended, never removed: a period withdrawn before
it began, when the move-in was cancelled, is marked withdrawn and no longer counts).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.errors import OccupantsNumberInvalid, PropertyTypeInvalid
from domain.accounts.postcodes import gb_postcode
from domain.shared.int_ids import new_number, parse_number

_PROPERTIES = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/property/")

# The most address lines a property keeps (Kraken's billing address has five), and their length.
MAX_LINES, MAX_LINE_LENGTH = 5, 100


def new_property_id() -> str:
    return str(new_number())


def parse_property_id(text: object) -> str | None:
    """A property id as a client sent it, in its one spelling; None if it cannot name a property."""
    number = parse_number(text)
    return None if number is None else str(number)


class BuiltForm(StrEnum):
    """What kind of building the property is (Kraken's PropertyTypeChoices)."""

    DETACHED = "DETACHED"
    SEMI_DETACHED = "SEMI_DETACHED"
    TERRACED = "TERRACED"
    END_OF_TERRACE = "END_OF_TERRACE"
    BUNGALOW = "BUNGALOW"
    FLAT = "FLAT"
    MAISONETTE = "MAISONETTE"
    OTHER = "OTHER"


class ChargeBand(StrEnum):
    """The bands an assessed (unmeasured) charge is set by: "detached, semi-detached or flat/terraced"."""

    DETACHED = "DETACHED"
    SEMI_DETACHED = "SEMI_DETACHED"
    FLAT_OR_TERRACED = "FLAT_OR_TERRACED"


_BANDS = {
    BuiltForm.DETACHED: ChargeBand.DETACHED,
    # A bungalow is assessed by the footprint of a house standing on its own.
    BuiltForm.BUNGALOW: ChargeBand.DETACHED,
    BuiltForm.SEMI_DETACHED: ChargeBand.SEMI_DETACHED,
    # An end-of-terrace house is still a terraced house: the band names the row, not the end wall.
    BuiltForm.END_OF_TERRACE: ChargeBand.FLAT_OR_TERRACED,
    BuiltForm.TERRACED: ChargeBand.FLAT_OR_TERRACED,
    BuiltForm.FLAT: ChargeBand.FLAT_OR_TERRACED,
    BuiltForm.MAISONETTE: ChargeBand.FLAT_OR_TERRACED,
}


def charge_band(built_form: BuiltForm) -> ChargeBand | None:
    """The assessed-charge band of a built form; None for OTHER, which no band describes."""
    return _BANDS.get(built_form)


class PropertyAddressInvalid(ValueError):
    """The address has no first line, too many or too long lines, or no GB postcode."""


class PropertyNotFound(LookupError):
    """No property has the id given."""


class OccupancyConflict(ValueError):
    """The occupancy asked for overlaps another period of the property, or there is none to end."""


@dataclass(frozen=True, slots=True)
class OccupancyPeriod:
    """An account's occupation of the property over [effective_from, effective_to); open while to is None."""

    ordinal: int
    account_number: str
    effective_from: date
    effective_to: date | None = None
    withdrawn: bool = False

    def covers(self, day: date) -> bool:
        return (
            not self.withdrawn and self.effective_from <= day and (self.effective_to is None or day < self.effective_to)
        )

    def ends_by(self, day: date) -> bool:
        return self.withdrawn or (self.effective_to is not None and self.effective_to <= day)


class Property(Aggregate):
    """A home at an address; the accounts that occupy it, one at a time, and what they declared of it."""

    @staticmethod
    def id_for(property_id: str) -> UUID:
        return uuid5(_PROPERTIES, property_id)

    @classmethod
    def register(
        cls, property_id: str, lines: tuple[str, ...], locality: str, postcode: str, country: str, at: datetime
    ) -> Property:
        kept = tuple(line.strip() for line in lines if line.strip())
        if not kept:
            raise PropertyAddressInvalid("A property's address needs a first line.")
        if len(kept) > MAX_LINES or any(len(line) > MAX_LINE_LENGTH for line in (*kept, locality)):
            raise PropertyAddressInvalid(
                f"A property's address has at most {MAX_LINES} lines of {MAX_LINE_LENGTH} characters."
            )
        spelled = gb_postcode(postcode)
        if spelled is None:
            raise PropertyAddressInvalid(f"'{postcode}' is not a GB postcode.")
        return cls._create(
            cls.Registered,
            id=cls.id_for(property_id),
            property_id=property_id,
            lines=kept,
            locality=locality.strip(),
            postcode=spelled,
            country=country,
            registered_at=at,
        )

    class Registered(Aggregate.Created):
        property_id: str
        lines: tuple[str, ...]
        locality: str
        postcode: str
        country: str
        registered_at: datetime

    @event(Registered)
    def __init__(
        self,
        property_id: str,
        lines: tuple[str, ...],
        locality: str,
        postcode: str,
        country: str,
        registered_at: datetime,
    ) -> None:
        self.property_id = property_id
        self.lines, self.locality, self.postcode, self.country = lines, locality, postcode, country
        self.registered_at = registered_at
        self.periods: list[OccupancyPeriod] = []
        self.built_form: BuiltForm | None = None
        self.occupants: int | None = None

    # Occupancy -----------------------------------------------------------------------------------

    def occupier_on(self, day: date) -> str | None:
        """The account occupying the property on `day`, if any."""
        return next((p.account_number for p in self.periods if p.covers(day)), None)

    def occupy(self, account_number: str, effective_from: date) -> None:
        """The account occupies the property from `effective_from` on: every earlier period must end by then."""
        if not all(period.ends_by(effective_from) for period in self.periods):
            raise OccupancyConflict(
                f"Property {self.property_id} is occupied on or after {effective_from.isoformat()}: "
                "its periods may not overlap."
            )
        self._occupy(ordinal=len(self.periods) + 1, account_number=account_number, effective_from=effective_from)

    class Occupied(Aggregate.Event):
        ordinal: int
        account_number: str
        effective_from: date

    @event(Occupied)
    def _occupy(self, ordinal: int, account_number: str, effective_from: date) -> None:
        self.periods.append(OccupancyPeriod(ordinal, account_number, effective_from))

    def vacate(self, account_number: str, effective_to: date) -> None:
        """The account's open period ends: it has left the property on `effective_to`."""
        period = next(
            (
                p
                for p in self.periods
                if p.account_number == account_number and p.effective_to is None and not p.withdrawn
            ),
            None,
        )
        if period is None:
            raise OccupancyConflict(f"Account {account_number} does not occupy property {self.property_id}.")
        if effective_to <= period.effective_from:
            raise OccupancyConflict(
                f"The occupancy began on {period.effective_from.isoformat()}: it cannot end on or before that day."
            )
        self._vacate(ordinal=period.ordinal, account_number=account_number, effective_to=effective_to)

    class Vacated(Aggregate.Event):
        ordinal: int
        account_number: str
        effective_to: date

    @event(Vacated)
    def _vacate(self, ordinal: int, account_number: str, effective_to: date) -> None:
        index = ordinal - 1
        self.periods[index] = replace(self.periods[index], effective_to=effective_to)

    def withdraw(self, account_number: str, effective_from: date, today: date) -> None:
        """The account's move-in from `effective_from` is called off before it began: the period no
        longer counts. Refused once it has begun, or when a later period follows it."""
        period = next(
            (
                p
                for p in self.periods
                if p.account_number == account_number and p.effective_from == effective_from and not p.withdrawn
            ),
            None,
        )
        if period is None:
            if any(p.account_number == account_number and p.effective_from == effective_from for p in self.periods):
                return  # withdrawn already: a retried cancellation changes nothing
            raise OccupancyConflict(
                f"Account {account_number} has no occupancy of property {self.property_id} "
                f"from {effective_from.isoformat()}."
            )
        if period.effective_from <= today:
            raise OccupancyConflict(
                f"The occupancy began on {period.effective_from.isoformat()}: it can no longer be withdrawn."
            )
        if any(p.ordinal > period.ordinal and not p.withdrawn for p in self.periods):
            raise OccupancyConflict(f"A later occupancy of property {self.property_id} follows this one.")
        self._withdraw(ordinal=period.ordinal, account_number=account_number)

    class OccupancyWithdrawn(Aggregate.Event):
        ordinal: int
        account_number: str

    @event(OccupancyWithdrawn)
    def _withdraw(self, ordinal: int, account_number: str) -> None:
        index = ordinal - 1
        self.periods[index] = replace(self.periods[index], withdrawn=True)

    # What the occupier declares ------------------------------------------------------------------

    def declare_type(self, account_number: str, built_form: BuiltForm, declared_by: str, at: datetime) -> None:
        """An occupier (now, or from a day to come) says what kind of building the property is."""
        day = at.date()
        if not any(p.account_number == account_number and not p.ends_by(day) for p in self.periods):
            raise PropertyTypeInvalid(f"Property {self.property_id} is not a property of account {account_number}.")
        if charge_band(built_form) is None:
            raise PropertyTypeInvalid(
                f"{built_form.value} cannot be declared: it has no assessed-charge band. Choose the nearest built form."
            )
        self._declare_type(property_type=built_form, declared_by=declared_by, at=at)

    class TypeDeclared(Aggregate.Event):
        property_type: BuiltForm
        declared_by: str
        at: datetime

    @event(TypeDeclared)
    def _declare_type(self, property_type: BuiltForm, declared_by: str, at: datetime) -> None:
        self.built_form = property_type

    def declare_occupants(
        self, account_number: str, count: int, maximum: int, declared_by: str, effective_from: date
    ) -> None:
        """The account occupying the property today says how many people live there, from today."""
        if self.occupier_on(effective_from) != account_number:
            raise OccupantsNumberInvalid(
                f"Property {self.property_id} is not occupied by account {account_number} today."
            )
        if not 1 <= count <= maximum:
            raise OccupantsNumberInvalid(f"The number of occupants must be from 1 to {maximum}.")
        self._declare_occupants(count=count, declared_by=declared_by, effective_from=effective_from)

    class OccupantsDeclared(Aggregate.Event):
        count: int
        declared_by: str
        effective_from: date

    @event(OccupantsDeclared)
    def _declare_occupants(self, count: int, declared_by: str, effective_from: date) -> None:
        self.occupants = count
