"""Properties and their occupancy periods (`account { properties }`, `property(id)`,
`properties(accountNumber, active)`), named and shaped as Kraken GB's PropertyType.

Occupancy is kept in whole days; a period's effectiveFrom and effectiveTo are served as midnight in
Great Britain on those days. A user sees a property only through their accounts' periods there
(and only those periods); an organisation sees every property and every period.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry

from api.accounts.queries.billing import RichAddressType
from api.scalars import GenericScalar, local_midnight
from api.supply.queries.measurements import MeasurementConnection, measurements_of_property
from api.supply.queries.meters import WaterMeterType, active_water_meters, fitted_on
from domain.accounts.property import parse_property_id
from domain.identity.organisation import Organisation
from projections.accounts.as_of import AccountAsOf


@strawberry.enum(description="The built form of a property, used to set assessed (unmeasured) charges.")
class PropertyTypeChoices(Enum):
    DETACHED = strawberry.enum_value("DETACHED", description="A detached house.")
    SEMI_DETACHED = strawberry.enum_value("SEMI_DETACHED", description="A semi-detached house.")
    TERRACED = strawberry.enum_value("TERRACED", description="A mid-terrace house.")
    END_OF_TERRACE = strawberry.enum_value("END_OF_TERRACE", description="An end-of-terrace house.")
    BUNGALOW = strawberry.enum_value("BUNGALOW", description="A bungalow.")
    FLAT = strawberry.enum_value("FLAT", description="A flat.")
    MAISONETTE = strawberry.enum_value("MAISONETTE", description="A maisonette.")
    OTHER = strawberry.enum_value("OTHER", description="Any other kind of property.")


@strawberry.type
class PropertyRichAddressType(RichAddressType):
    """Kraken names a property's address apart from a billing address; the fields are the same."""

    street_address: str | None = strawberry.field(
        description="The 'street address' component: the address lines, one a line.", default=None
    )
    structured_street_address: GenericScalar | None = strawberry.field(
        description="The 'street address' component, in a structured format.", default=None
    )


@strawberry.type
class OccupancyPeriodType:
    id: strawberry.ID | None = None
    effective_from: datetime.datetime | None = strawberry.field(
        description="Date the occupancy period is effective from.", default=None
    )
    effective_to: datetime.datetime | None = strawberry.field(
        description="Date the occupancy period is effective to.", default=None
    )
    is_occupier: bool | None = strawberry.field(
        description="Whether the account associated with the occupancy period is an occupier account type.",
        default=None,
    )

    @classmethod
    def of(cls, period: dict[str, Any]) -> OccupancyPeriodType:
        ends = period["effective_to"]
        return cls(
            id=strawberry.ID(period["id"]),
            effective_from=local_midnight(period["effective_from"]),
            effective_to=local_midnight(ends) if ends is not None else None,
            # Every account here is a named customer's, none Kraken's "The Occupier" placeholder account.
            is_occupier=False,
        )


@strawberry.type
class PropertyType:
    id: str | None = None
    postcode: str = ""
    address: str | None = strawberry.field(
        description="The address of the property, formatted into a single string", default=None
    )
    rich_address: PropertyRichAddressType | None = strawberry.field(description="Property rich address.", default=None)
    split_address: list[str | None] | None = strawberry.field(description="List of address lines.", default=None)
    occupancy_periods: list[OccupancyPeriodType | None] | None = strawberry.field(
        description="Time periods during which the property is associated with an account. Useful to display "
        "information about house-moves, as performing a move out of a property will set the end date for the "
        "occupancy period.",
        default=None,
    )
    property_type: PropertyTypeChoices | None = strawberry.field(
        description="Ours, not Kraken GB's: the built form the occupier declared (updatePropertyType); null until "
        "one is declared.",
        default=None,
    )
    number_of_occupants: int | None = strawberry.field(
        description="Ours, not Kraken GB's: how many people live at the property, as the occupier last declared "
        "(updateNumberOfOccupants); null until declared.",
        default=None,
    )
    measurements: MeasurementConnection | None = strawberry.field(
        resolver=measurements_of_property, description="Measurements at a property"
    )
    # The property's meters as they stood at a past moment, and that moment's day (account(asOf));
    # None: the read model's, today.
    meters_as_of: strawberry.Private[tuple[datetime.date, list[dict[str, Any]]] | None] = None

    @classmethod
    def of(cls, row: dict[str, Any], periods: list[dict[str, Any]]) -> PropertyType:
        lines = [*row["lines"], *([row["locality"]] if row["locality"] else []), row["postcode"]]
        return cls(
            id=row["property_id"],
            postcode=row["postcode"],
            address=", ".join(lines),
            rich_address=PropertyRichAddressType(
                street_address="\n".join(row["lines"]),
                locality=row["locality"] or None,
                postal_code=row["postcode"],
                country=row["country"],
            ),
            split_address=list(lines),
            occupancy_periods=[OccupancyPeriodType.of(period) for period in periods],
            property_type=PropertyTypeChoices(row["property_type"]) if row["property_type"] else None,
            number_of_occupants=row["occupants"],
        )

    @strawberry.field(description="The water meters fitted at the property today.")
    async def active_water_meters(self, info: strawberry.Info) -> list[WaterMeterType]:
        if self.meters_as_of is not None:
            return fitted_on(*self.meters_as_of)
        return await active_water_meters(info, str(self.id))


async def properties_of_account(
    info: strawberry.Info, account_number: str, keep: Callable[[list[dict[str, Any]]], bool]
) -> list[PropertyType | None]:
    """The account's properties whose periods there (the account's own) `keep` accepts."""
    rows = await info.context.loader(info.context.contexts.read.properties.of_accounts).load(account_number)
    return [PropertyType.of(row, row["periods"]) for row in rows if keep(row["periods"])]


def historical_properties(
    snapshot: AccountAsOf, keep: Callable[[list[dict[str, Any]]], bool]
) -> list[PropertyType | None]:
    """The account's properties as they stood at a past moment, those whose periods `keep` accepts."""
    found: list[PropertyType | None] = []
    for row in snapshot.properties:
        if keep(row["periods"]):
            home = PropertyType.of(row, row["periods"])
            home.meters_as_of = (snapshot.as_of.date(), row["meters"])
            found.append(home)
    return found


def ending_at_or_after(moment: datetime.datetime | None) -> Callable[[list[dict[str, Any]]], bool]:
    """Kraken's `activeFrom`: properties with a period that ends at or after `moment` (or has no end)."""

    def keep(periods: list[dict[str, Any]]) -> bool:
        return moment is None or any(
            p["effective_to"] is None or local_midnight(p["effective_to"]) >= moment for p in periods
        )

    return keep


def active_on(day: datetime.date, active: bool | None) -> Callable[[list[dict[str, Any]]], bool]:
    """Kraken's `active`: with True the properties occupied on `day`, with False the others."""

    def keep(periods: list[dict[str, Any]]) -> bool:
        occupied = any(
            p["effective_from"] <= day and (p["effective_to"] is None or day < p["effective_to"]) for p in periods
        )
        return active is None or occupied is active

    return keep


async def property_by_id(info: strawberry.Info, property_id: str) -> PropertyType | None:
    """The property, if the viewer may see it: null alike for an unknown id and for another customer's."""
    parsed = parse_property_id(property_id)
    if parsed is None:
        return None
    row = await info.context.loader(info.context.contexts.read.properties.properties).load(parsed)
    if row is None:
        return None
    viewer = info.context.acting.viewer
    if isinstance(viewer, Organisation):
        return PropertyType.of(row, row["periods"])
    periods = [period for period in row["periods"] if viewer.belongs_to(period["account_number"])]
    return PropertyType.of(row, periods) if periods else None
