"""Service orders (meter applications) and the basis of charge of an account at each property it
occupies or occupied (`account { serviceOrders chargeBases }`). Kraken GB has neither: both are ours,
named after Kraken's agreement fields (validFrom, validTo) and described as ours.

A basis of charge is derived when asked, from the occupancy periods (accounts), the meters at the
property and what was decided in supply (the rateable value, the switch to measured charges, an offer
of assessed charges): an occupancy starts MEASURED where a meter was active on its first day, else on
the rateable value where the property has one, else ASSESSED; a switch makes it MEASURED from its date.
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import strawberry

from domain.accounts.property import BuiltForm, charge_band
from domain.supply.charge_basis import BasisPeriod, basis_periods
from domain.supply.service_order import ServiceOrder


@strawberry.enum(description="The status of a service order.")
class ServiceOrderStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="The order has been received and not yet started.")
    IN_PROGRESS = strawberry.enum_value(
        "IN_PROGRESS", description="Work on the order is under way (e.g. a survey or installation is booked)."
    )
    COMPLETED = strawberry.enum_value("COMPLETED", description="The order has been fulfilled.")
    CANCELLED = strawberry.enum_value("CANCELLED", description="The order was cancelled before it was fulfilled.")
    NOT_PRACTICABLE = strawberry.enum_value(
        "NOT_PRACTICABLE",
        description="Ours, not Kraken GB's: a meter cannot reasonably be fitted at the property; the customer is "
        "offered assessed charges instead.",
    )


@strawberry.enum(description="Ours, not Kraken GB's: what a service order is for.")
class ServiceOrderKind(Enum):
    METER_APPLICATION = strawberry.enum_value(
        "METER_APPLICATION", description="An application for a water meter to be fitted at the property."
    )


@strawberry.type(description="A service order (e.g. an application for a meter) for a property.")
class ServiceOrderType:
    id: strawberry.ID = strawberry.field(description="The ID of the service order.")
    status: ServiceOrderStatus = strawberry.field(description="The status of the order.")
    created_at: datetime.datetime = strawberry.field(description="When the order was created.")
    kind: ServiceOrderKind = strawberry.field(description="Ours, not Kraken GB's: what the order is for.")
    property_id: strawberry.ID = strawberry.field(description="Ours, not Kraken GB's: the property the order is for.")
    notes: str = strawberry.field(description="Ours, not Kraken GB's: the access or siting notes given with it.")
    survey_date: datetime.date | None = strawberry.field(
        description="Ours, not Kraken GB's: the day a surveyor is booked to visit; null until one is booked.",
        default=None,
    )
    closed_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: when the order was completed, cancelled or found not practicable; "
        "null while it is open.",
        default=None,
    )
    closing_reason: str | None = strawberry.field(
        description="Ours, not Kraken GB's: why it was cancelled or found not practicable; null otherwise.",
        default=None,
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> ServiceOrderType:
        return cls(
            id=strawberry.ID(row["number"]),
            status=ServiceOrderStatus(row["status"]),
            created_at=row["raised_at"],
            kind=ServiceOrderKind(row["kind"]),
            property_id=strawberry.ID(row["property_id"]),
            notes=row["notes"],
            survey_date=row["survey_on"],
            closed_at=row["closed_at"],
            closing_reason=row["closing_reason"] or None,
        )

    @classmethod
    def changed(cls, order: ServiceOrder) -> ServiceOrderType:
        """The order as a mutation just left it, not yet projected."""
        return cls.of(
            {
                "number": order.number,
                "status": order.status.value,
                "raised_at": order.raised_at,
                "kind": order.kind.value,
                "property_id": order.property_id,
                "notes": order.notes,
                "survey_on": order.survey_on,
                "closed_at": order.closed_at,
                "closing_reason": order.closing_reason,
            }
        )


async def service_orders_of_account(info: strawberry.Info, account_number: str) -> list[ServiceOrderType]:
    rows = await info.context.loader(info.context.contexts.read.service_orders.of_accounts).load(account_number)
    return [ServiceOrderType.of(row) for row in rows]


@strawberry.enum(description="Ours, not Kraken GB's: what an account's water charges are based on.")
class ChargeBasisChoices(Enum):
    MEASURED = strawberry.enum_value("MEASURED", description="On the water the meter records.")
    UNMEASURED_RV = strawberry.enum_value("UNMEASURED_RV", description="Unmeasured, on the property's rateable value.")
    ASSESSED = strawberry.enum_value(
        "ASSESSED",
        description="Unmeasured, an assessed charge by the property's band or for a single occupier (no meter and "
        "no rateable value, or a meter cannot be fitted).",
    )


@strawberry.enum(description="Ours, not Kraken GB's: the band an assessed charge is set by.")
class AssessedChargeBand(Enum):
    DETACHED = strawberry.enum_value("DETACHED", description="A detached house or a bungalow.")
    SEMI_DETACHED = strawberry.enum_value("SEMI_DETACHED", description="A semi-detached house.")
    FLAT_OR_TERRACED = strawberry.enum_value("FLAT_OR_TERRACED", description="A flat, maisonette or terraced house.")


@strawberry.type(description="Ours, not Kraken GB's: one stretch of an occupancy on one basis of charge.")
class ChargeBasisPeriodType:
    basis: ChargeBasisChoices = strawberry.field(description="What the charges are based on over the period.")
    valid_from: datetime.date = strawberry.field(description="The first day of the period.")
    valid_to: datetime.date | None = strawberry.field(
        description="The day the period ended (the next basis or the move out began); null while it runs.",
        default=None,
    )
    reversion_deadline: datetime.date | None = strawberry.field(
        description="For MEASURED after a switch: the last day the customer may revert to unmeasured charges "
        "(KRAKEN_REVERSION_MONTHS after the switch); null where there is no right to revert (a home already "
        "metered when the account moved in) or the basis is unmeasured.",
        default=None,
    )
    rateable_value: int | None = strawberry.field(
        description="For UNMEASURED_RV: the property's rateable value, in pence; null for the other bases.",
        default=None,
    )
    assessed_band: AssessedChargeBand | None = strawberry.field(
        description="For ASSESSED: the band of the property's declared type; null for the other bases, or while "
        "no type (or one with no band) is declared.",
        default=None,
    )
    is_single_occupier: bool = strawberry.field(
        description="For ASSESSED: whether the single-occupier assessed charge applies (one occupant declared).",
        default=False,
    )

    @classmethod
    def of(cls, period: BasisPeriod) -> ChargeBasisPeriodType:
        return cls(
            basis=ChargeBasisChoices(period.basis.value),
            valid_from=period.valid_from,
            valid_to=period.valid_to,
            reversion_deadline=period.reversion_deadline,
            rateable_value=period.rateable_value,
            assessed_band=AssessedChargeBand(period.assessed_band) if period.assessed_band else None,
            is_single_occupier=period.single_occupier,
        )


@strawberry.type(description="Ours, not Kraken GB's: assessed charges offered where a meter could not be fitted.")
class AssessedChargeOfferType:
    service_order_id: strawberry.ID = strawberry.field(description="The meter application found not practicable.")
    assessed_band: AssessedChargeBand | None = strawberry.field(
        description="The band offered; null while the property has no declared type with a band.", default=None
    )
    is_single_occupier: bool = strawberry.field(description="Whether the single-occupier charge is offered.")
    offered_at: datetime.datetime = strawberry.field(description="When the offer was made.")


@strawberry.type(description="Ours, not Kraken GB's: the basis of charge of an account at one property.")
class ChargeBasisType:
    property_id: strawberry.ID = strawberry.field(description="The property.")
    rateable_value: int | None = strawberry.field(
        description="The property's rateable value, in pence; null if it has none.", default=None
    )
    periods: list[ChargeBasisPeriodType] = strawberry.field(
        description="The account's periods at the property, one per basis, the first first."
    )
    measured_tariff_requested_at: datetime.datetime | None = strawberry.field(
        description="When the account asked for measured charges that wait for a meter to be fitted; null when no "
        "request is waiting.",
        default=None,
    )
    assessed_charge_offer: AssessedChargeOfferType | None = strawberry.field(
        description="Assessed charges offered because a meter could not be fitted; null if none was offered.",
        default=None,
    )


async def charge_bases_of_account(info: strawberry.Info, account_number: str) -> list[ChargeBasisType]:
    """The account's bases at each property it occupies or occupied, from three read models, one statement each."""
    read = info.context.contexts.read
    homes = await info.context.loader(read.properties.of_accounts).load(account_number)
    ids = [home["property_id"] for home in homes]
    decided = await info.context.loader(read.charge_bases.of_properties).load_many(ids)
    meters = await info.context.loader(read.water_meters.of_properties).load_many(ids)
    return [
        _bases(account_number, home, found, at_home)
        for home, found, at_home in zip(homes, decided, meters, strict=True)
    ]


def _bases(
    account_number: str, home: dict[str, Any], decided: dict[str, Any], meters: list[dict[str, Any]]
) -> ChargeBasisType:
    mine = decided["accounts"].get(account_number) or {}
    built = home["property_type"]
    band = charge_band(BuiltForm(built)) if built else None
    periods = [
        period
        for occupancy in home["periods"]
        for period in basis_periods(
            occupancy["effective_from"],
            occupancy["effective_to"],
            metered_at_start=any(_active(meter, occupancy["effective_from"]) for meter in meters),
            rateable_value=decided["rateable_value"],
            assessed_band=band.value if band else None,
            single_occupier=home["occupants"] == 1,
            switched_from=mine.get("switched_from"),
            reversion_deadline=mine.get("reversion_deadline"),
        )
    ]
    offer = None
    if mine.get("offer_order"):
        offer = AssessedChargeOfferType(
            service_order_id=strawberry.ID(mine["offer_order"]),
            assessed_band=AssessedChargeBand(mine["offer_band"]) if mine["offer_band"] else None,
            is_single_occupier=mine["offer_single_occupier"],
            offered_at=mine["offered_at"],
        )
    return ChargeBasisType(
        property_id=strawberry.ID(home["property_id"]),
        rateable_value=decided["rateable_value"],
        periods=[ChargeBasisPeriodType.of(period) for period in periods],
        measured_tariff_requested_at=mine.get("requested_at"),
        assessed_charge_offer=offer,
    )


def _active(meter: dict[str, Any], day: datetime.date) -> bool:
    return bool(meter["installed_on"] <= day and (meter["removed_on"] is None or day < meter["removed_on"]))
