"""Water meters and their readings (`property { activeWaterMeters { ... readings } }`), and the reading
a mutation answers.

Names follow what Severn Trent's customer site reads (`activeWaterMeters { id numberOfDigits
readings(first, excludeHeld, excludeQuarantined) { edges { node { valueCubicMetres readingDate source } } } }`);
`serialNumber` follows GB's electricity and gas meter types. Readings are newest first and, as Kraken
does, deprecated in favour of `properties.measurements`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import strawberry

from api.shared.connections import Connection, window_of
from domain.supply.meter_readings import ReadingStatus
from domain.supply.water_meter import MeterCapability
from projections.pages import page_of
from projections.supply.meter_readings import excluded_statuses, reading

READINGS = "meter-readings"
# Black digits are whole cubic metres; served to the litre, as ST's site shows "22.000".
_LITRES = Decimal("0.001")

MeterCapabilityType = strawberry.enum(
    MeterCapability,
    name="WaterMeterCapabilityType",
    description="Ours, not Kraken GB's: how a water meter's consumption reaches the supplier. SMART, AMI and AMR "
    "meters send interval data; MANUAL meters are read by eye.",
)


def cubic_metres(value: int) -> Decimal:
    return Decimal(value).quantize(_LITRES)


@strawberry.type(description="A meter reading.")
class ReadingType:
    id: strawberry.ID = strawberry.field(description="The ID of the reading.")
    meter_serial_number: str = strawberry.field(description="The serial number of the meter read.")
    value_cubic_metres: Decimal = strawberry.field(
        description="The reading in cubic metres: the register's black digits, as a decimal such as '22.000'."
    )
    reading_date: datetime.date = strawberry.field(description="The date the meter was read.")
    source: str | None = strawberry.field(
        description="Who provided the reading: CUSTOMER, OPS, SMART_METER, ESTIMATE or METER_EXCHANGE.", default=None
    )
    is_held: bool = strawberry.field(
        description="Ours, not Kraken GB's: the reading failed the plausibility checks and waits for review; it is "
        "not billed until released.",
        default=False,
    )
    is_quarantined: bool = strawberry.field(
        description="Ours, not Kraken GB's: an operator set the reading aside as suspicious.", default=False
    )

    @classmethod
    def of(cls, row: dict[str, Any], serial_number: str) -> ReadingType:
        return cls(
            id=strawberry.ID(row["id"]),
            meter_serial_number=serial_number,
            value_cubic_metres=cubic_metres(row["value"]),
            reading_date=row["read_on"],
            source=row["source"],
            is_held=row["status"] == ReadingStatus.HELD.value,
            is_quarantined=row["status"] == ReadingStatus.QUARANTINED.value,
        )


@strawberry.type
class ReadingEdge:
    node: ReadingType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="ReadingConnectionTypeConnection")
class ReadingConnection(Connection):
    edges: list[ReadingEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


@strawberry.type(
    description="A water meter. Ours, after GB's ElectricityMeterType and Severn Trent's activeWaterMeters."
)
class WaterMeterType:
    id: strawberry.ID = strawberry.field(description="The ID of the meter.")
    serial_number: str = strawberry.field(description="The serial number of the meter.")
    meter_point_reference: str | None = strawberry.field(
        description="The market supply point id of the meter point the meter serves.", default=None
    )
    capability_type: MeterCapabilityType | None = strawberry.field(  # type: ignore[valid-type]
        description="Ours, not Kraken GB's: whether the meter sends interval data or is read by eye.", default=None
    )
    number_of_digits: int | None = strawberry.field(
        description="How many black digits (whole cubic metres) the register shows.", default=None
    )
    installation_date: datetime.date | None = strawberry.field(
        description="The date the meter was installed.", default=None
    )
    active_from: datetime.date = strawberry.field(
        description="The date from which the meter is active at the property."
    )
    active_to: datetime.date | None = strawberry.field(
        description="The date the meter was removed or exchanged, if it has been.", default=None
    )
    location: str | None = strawberry.field(description="Where the meter is sited.", default=None)
    # The meter's readings as they stood at a past moment (account(asOf)); None: the read model's.
    readings_as_of: strawberry.Private[list[dict[str, Any]] | None] = None

    @strawberry.field(
        description="The meter's readings, newest first.",
        deprecation_reason="Please use `properties.measurements` instead.",
    )
    async def readings(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        exclude_held: bool | None = False,
        exclude_quarantined: bool | None = False,
    ) -> ReadingConnection:
        window = window_of(READINGS, (str, int), info.context.settings.max_page_size, first, after, last, before)
        if self.readings_as_of is not None:
            excluded = excluded_statuses(bool(exclude_held), bool(exclude_quarantined))
            kept = [row for row in self.readings_as_of if row["status"] not in excluded]

            async def replayed() -> int:
                return len(kept)

            return ReadingConnection.paged(
                READINGS,
                page_of(kept, ("read_on", "ordinal"), window),
                lambda row: ReadingType.of(reading(row), self.serial_number),
                ReadingEdge,
                replayed,
            )
        view = info.context.contexts.read.meter_readings
        flags = (bool(exclude_held), bool(exclude_quarantined))
        page = await info.context.loader(view.pages, *flags, window).load(str(self.id))

        async def counted() -> int:
            return int(await info.context.loader(view.counts, *flags).load(str(self.id)))

        return ReadingConnection.paged(
            READINGS, page, lambda row: ReadingType.of(reading(row), self.serial_number), ReadingEdge, counted
        )

    @classmethod
    def of(cls, row: dict[str, Any]) -> WaterMeterType:
        return cls(
            id=strawberry.ID(row["id"]),
            serial_number=row["serial_number"],
            meter_point_reference=row["meter_point_reference"],
            capability_type=MeterCapability(row["capability_type"]),
            number_of_digits=row["number_of_digits"],
            installation_date=row["installed_on"],
            active_from=row["installed_on"],
            active_to=row["removed_on"],
            location=row["location"],
            readings_as_of=row.get("readings"),
        )


async def active_water_meters(info: strawberry.Info, property_id: str) -> list[WaterMeterType]:
    """The meters fitted at the property today (one, or none)."""
    today = info.context.contexts.supply.clock.now().date()
    rows = await info.context.loader(info.context.contexts.read.water_meters.of_properties).load(property_id)
    return fitted_on(today, rows)


def fitted_on(day: datetime.date, rows: list[dict[str, Any]]) -> list[WaterMeterType]:
    """Of a property's meter rows, those fitted on `day`."""
    return [
        WaterMeterType.of(row)
        for row in rows
        if row["installed_on"] <= day and (row["removed_on"] is None or day < row["removed_on"])
    ]
