"""A property's smart-meter measurements (`property { measurements }`), named and shaped as Kraken
GB's PropertyType.measurements: a connection of IntervalMeasurementType nodes, in cubic metres.

`utilityFilters: [{waterFilters: {...}}]` is the water counterpart of GB's electricityFilters.
With RAW_INTERVAL (the default) each node is one interval as the feed sent it; with a grouping, one
node per period of `timezone` that has reads (a day runs from local midnight to local midnight, 23
or 25 hours at the clock changes; weeks start on Monday), its start and end carrying the local
offset. A period cut by startAt/endAt is answered as the part inside them. A customer sees the
measurements of the days their accounts occupied the property; an organisation sees all of them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import strawberry

from api.shared.connections import Connection, window_of
from domain.identity.organisation import Organisation
from domain.shared.catalogue import InputInvalid
from domain.supply.measurement_store import Node, SeriesQuery
from domain.supply.measurements import (
    MILLILITRES_PER_CUBIC_METRE,
    Device,
    Frequency,
    MeasurementsNotApplicable,
    TooManyMeasurements,
)
from projections.pages import Page

MEASUREMENTS = "measurements"
LONDON = ZoneInfo("Europe/London")
# Beyond every instant the store answers for.
NO_END = 2**40
MAX_TIMEZONE_LENGTH = 64
MAX_FILTER_LENGTH = 64
# Grouped nodes are named by their quality: the sources of the reads they add up.
_GROUPED_SOURCE = {"ACTUAL": "SMART_METER", "ESTIMATE": "ESTIMATE", "COMBINED": "COMBINED"}


@strawberry.enum(description="The frequency of the reading.")
class ReadingFrequencyType(Enum):
    RAW_INTERVAL = strawberry.enum_value(
        "RAW_INTERVAL", description="Interval Readings as provided, may be variable in length."
    )
    FIVE_MIN_INTERVAL = strawberry.enum_value(
        "FIVE_MIN_INTERVAL", description="Readings taken in every 5 minute intervals."
    )
    FIFTEEN_MIN_INTERVAL = strawberry.enum_value(
        "FIFTEEN_MIN_INTERVAL", description="Readings taken in every 15 minute intervals."
    )
    THIRTY_MIN_INTERVAL = strawberry.enum_value(
        "THIRTY_MIN_INTERVAL", description="Readings taken in every 30 minute intervals."
    )
    HOUR_INTERVAL = "HOUR_INTERVAL"
    DAY_INTERVAL = "DAY_INTERVAL"
    WEEK_INTERVAL = "WEEK_INTERVAL"
    MONTH_INTERVAL = "MONTH_INTERVAL"
    QUARTER_INTERVAL = "QUARTER_INTERVAL"
    DAILY = strawberry.enum_value("DAILY", description="Readings taken on a day to day basis.")
    POINT_IN_TIME = strawberry.enum_value("POINT_IN_TIME", description="Readings taken at a point in time.")


@strawberry.enum
class ReadingQualityType(Enum):
    ACTUAL = "ACTUAL"
    ESTIMATE = "ESTIMATE"
    COMBINED = "COMBINED"


@strawberry.input(description="Ours, not Kraken GB's: filter measurements by water parameters.")
class WaterFiltersInput:
    reading_frequency_type: ReadingFrequencyType | None = ReadingFrequencyType.RAW_INTERVAL
    market_supply_point_id: str | None = None
    device_id: str | None = strawberry.field(description="A water meter's serial number.", default=None)
    exclude_held: bool | None = strawberry.field(
        description="Interval reads are stored as the feed sends them and are never held for checking, so this "
        "excludes nothing here; accepted so that a client sends the same filters as to a meter's readings.",
        default=None,
    )
    exclude_quarantined: bool | None = strawberry.field(
        description="Interval reads are never quarantined, so this excludes nothing here (as excludeHeld).",
        default=None,
    )


@strawberry.input(description="Filter measurements by the given utility parameters.")
class UtilityFiltersInput:
    water_filters: WaterFiltersInput | None = strawberry.field(
        description="Ours, not Kraken GB's: the water counterpart of electricityFilters.", default=None
    )


@strawberry.type(description="Ours, not Kraken GB's: the water counterpart of ElectricityFiltersOutput.")
class WaterFiltersOutput:
    reading_frequency_type: ReadingFrequencyType | None = None
    reading_quality: ReadingQualityType | None = None
    market_supply_point_id: str | None = None
    device_id: str | None = None


@strawberry.type
class MeasurementsMetadataOutput:
    utility_filters: WaterFiltersOutput | None = strawberry.field(
        description="The source information relating to the parent measurement node.", default=None
    )


@strawberry.interface
class MeasurementInterface:
    source: str
    meta_data: MeasurementsMetadataOutput | None = strawberry.field(
        description="This type will return more granular data about the measurement.", default=None
    )
    value: Decimal
    unit: str
    read_at: datetime.datetime


@strawberry.type
class IntervalMeasurementType(MeasurementInterface):
    start_at: datetime.datetime
    end_at: datetime.datetime
    duration_in_seconds: int


@strawberry.type(description="A Relay edge containing a `Measurement` and its cursor.")
class MeasurementEdge:
    node: MeasurementInterface | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(description="Pagination for measurements.")
class MeasurementConnection(Connection):
    edges: list[MeasurementEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


async def measurements_of_property(
    root: Any,
    info: strawberry.Info,
    start_at: Annotated[
        datetime.datetime | None,
        strawberry.argument(description="Defaults to the far past which will return the oldest readings."),
    ] = None,
    end_at: Annotated[
        datetime.datetime | None,
        strawberry.argument(description="Defaults to the far future which will return the most recent readings."),
    ] = None,
    start_on: Annotated[
        datetime.date | None, strawberry.argument(description="Earliest date to return measurements from.")
    ] = None,
    end_on: Annotated[
        datetime.date | None, strawberry.argument(description="Latest date to return measurements for (inclusive).")
    ] = None,
    timezone: Annotated[
        str | None, strawberry.argument(description="Timezone to use for grouping. Defaults to Kraken localtime.")
    ] = "Europe/London",
    utility_filters: Annotated[
        list[UtilityFiltersInput | None] | None,
        strawberry.argument(description="Filters for each utility being measured"),
    ] = None,
    before: str | None = None,
    after: str | None = None,
    first: int | None = None,
    last: int | None = None,
) -> MeasurementConnection | None:
    zone_name = timezone or "Europe/London"
    zone = _zone(zone_name)
    water = _water_filters(utility_filters)
    frequency = Frequency((water.reading_frequency_type or ReadingFrequencyType.RAW_INTERVAL).value)
    if frequency is Frequency.POINT_IN_TIME:
        raise InputInvalid(
            "POINT_IN_TIME does not apply to water interval measurements: a meter's register reads are its "
            "`readings`; ask for RAW_INTERVAL or a grouping such as DAY_INTERVAL."
        )
    raw = frequency is Frequency.RAW_INTERVAL
    listing = f"{MEASUREMENTS}:{frequency.value}"
    window = window_of(
        listing, (int, str) if raw else (int,), info.context.settings.max_page_size, first, after, last, before
    )
    store = info.context.contexts.supply.measurements
    meters = await info.context.loader(info.context.contexts.read.water_meters.of_properties).load(str(root.id))
    devices = [
        d
        for d in (
            Device.in_service(
                m["serial_number"], m["property_id"], m["meter_point_reference"], m["installed_on"], m["removed_on"]
            )
            for m in meters
        )
        if water.device_id in (None, d.device_id) and water.market_supply_point_id in (None, d.market_supply_point_id)
    ]
    lower, upper = await _range(info, root, zone, start_at, end_at, start_on, end_on)
    query = SeriesQuery(
        devices=tuple(devices),
        lower=lower,
        upper=upper,
        frequency=frequency,
        zone=zone_name,
        size=window.size,
        after=window.after,
        before=window.before,
        backwards=window.backwards,
    )
    try:
        series = await info.context.loader(store.pages).load(query)
    except (MeasurementsNotApplicable, TooManyMeasurements) as error:
        raise InputInvalid(str(error)) from None
    points = {d.device_id: d.market_supply_point_id for d in devices}
    only = devices[0].market_supply_point_id if len(devices) == 1 else None
    page = Page(
        [{"node": n} for n in series.nodes], [n.key for n in series.nodes], series.has_next, series.has_previous
    )

    def node(row: dict[str, Any]) -> IntervalMeasurementType:
        return _measurement(row["node"], frequency, zone, points.get(row["node"].device_id or "", only))

    async def counted() -> int:
        try:
            return int(await info.context.loader(store.counts).load(query))
        except TooManyMeasurements as error:
            raise InputInvalid(str(error)) from None

    return MeasurementConnection.paged(listing, page, node, MeasurementEdge, counted)


def _zone(name: str) -> ZoneInfo:
    if len(name) > MAX_TIMEZONE_LENGTH or not name.strip():
        raise InputInvalid("timezone must name an IANA time zone, such as Europe/London.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputInvalid(
            f"Unknown timezone {name[:MAX_TIMEZONE_LENGTH]!r}: name an IANA time zone, such as Europe/London."
        ) from None


def _water_filters(filters: list[UtilityFiltersInput | None] | None) -> WaterFiltersInput:
    given = [f.water_filters for f in filters or () if f is not None and f.water_filters is not None]
    if len(given) > 1:
        raise InputInvalid("utilityFilters takes one waterFilters at a time.")
    water = given[0] if given else WaterFiltersInput()
    for name in ("device_id", "market_supply_point_id"):
        value = getattr(water, name)
        if value is not None and len(value) > MAX_FILTER_LENGTH:
            raise InputInvalid(f"waterFilters.{name} is longer than {MAX_FILTER_LENGTH} characters.")
    return water


async def _range(
    info: strawberry.Info,
    root: Any,
    zone: ZoneInfo,
    start_at: datetime.datetime | None,
    end_at: datetime.datetime | None,
    start_on: datetime.date | None,
    end_on: datetime.date | None,
) -> tuple[int, int]:
    """[lower, upper) in epoch seconds: what the arguments ask for, within what the viewer may see."""
    lowers, uppers = [], []
    if start_at is not None:
        lowers.append(_epoch(start_at))
    if end_at is not None:
        uppers.append(_epoch(end_at))
    if start_on is not None:
        lowers.append(_epoch(datetime.datetime.combine(start_on, datetime.time(), tzinfo=zone)))
    if end_on is not None and end_on < datetime.date.max:
        uppers.append(_epoch(datetime.datetime.combine(end_on + datetime.timedelta(days=1), datetime.time(), zone)))
    viewer = info.context.acting.viewer
    if not isinstance(viewer, Organisation):
        lower, upper = await _own_days(info, viewer, str(root.id))
        lowers.append(lower)
        uppers.append(upper)
    return max(lowers, default=0), min(uppers, default=NO_END)


async def _own_days(info: strawberry.Info, viewer: Any, property_id: str) -> tuple[int, int]:
    """A customer sees the property's measurements from the end of the last other account's occupancy
    before their own to the start of the next one after it: never a neighbour's use, but the days
    nobody occupied it (a meter fitted before they moved in) are theirs to see."""
    row = await info.context.loader(info.context.contexts.read.properties.properties).load(property_id)
    periods = row["periods"] if row is not None else []
    own = [p for p in periods if viewer.belongs_to(p["account_number"])]
    if not own:
        return NO_END, NO_END
    first = min(_day(p["effective_from"]) for p in own)
    ends = [p["effective_to"] for p in own]
    last = NO_END if any(end is None for end in ends) else max(_day(end) for end in ends)
    others = [p for p in periods if not viewer.belongs_to(p["account_number"])]
    before = [
        _day(p["effective_to"]) for p in others if p["effective_to"] is not None and _day(p["effective_to"]) <= first
    ]
    after = [_day(p["effective_from"]) for p in others if _day(p["effective_from"]) >= last]
    return max(before, default=0), min(after, default=NO_END)


def _day(day: datetime.date) -> int:
    # Occupancy is kept in whole days of Great Britain.
    return _epoch(datetime.datetime.combine(day, datetime.time(), tzinfo=LONDON))


def _epoch(moment: datetime.datetime) -> int:
    try:
        return int(moment.timestamp())
    except (OverflowError, ValueError):
        return 0 if moment.year < 1970 else NO_END


def _measurement(node: Node, frequency: Frequency, zone: ZoneInfo, point: str | None) -> IntervalMeasurementType:
    grouped = node.device_id is None
    quality = node.source if grouped else ("ESTIMATE" if node.source == "ESTIMATE" else "ACTUAL")
    return IntervalMeasurementType(
        source=_GROUPED_SOURCE[node.source] if grouped else node.source,
        meta_data=MeasurementsMetadataOutput(
            utility_filters=WaterFiltersOutput(
                reading_frequency_type=ReadingFrequencyType(frequency.value),
                reading_quality=ReadingQualityType(quality),
                market_supply_point_id=point,
                device_id=node.device_id,
            )
        ),
        value=Decimal(node.value_ml) / MILLILITRES_PER_CUBIC_METRE,
        unit="m3",
        read_at=datetime.datetime.fromtimestamp(node.read_at, zone),
        start_at=datetime.datetime.fromtimestamp(node.start, zone),
        end_at=datetime.datetime.fromtimestamp(node.end, zone),
        duration_in_seconds=node.end - node.start,
    )


# Reached only through MeasurementInterface: the schema is told of it.
MEASUREMENT_TYPES = (IntervalMeasurementType,)
