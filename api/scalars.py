"""Kraken's custom scalars: the Python types resolvers use, and their wire definitions.

Types are `NewType`s; `SCALARS` maps each to its definition for StrawberryConfig.scalar_map, which
also replaces strawberry's own `DateTime`.

DateTime inputs take what ISO 8601 clients send: `2026-01-16T00:00:00Z`, with fractions of a second
(`...00.123456Z`), with an offset (`+00:00`, `+01:00`). A time without an offset is read as Kraken
reads one (a Django service with time zones on, in Great Britain): as the local time in
Europe/London; a date alone is that day's midnight there. Every DateTime we serve carries its
offset: a value without one (it can only have lost it in storage, every clock here being UTC) is
served as UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, NewType
from zoneinfo import ZoneInfo

import dateutil.parser
import strawberry
from strawberry.types.scalar import ScalarDefinition

# Where Kraken GB reads a time given without an offset.
LOCAL_TIME = ZoneInfo("Europe/London")


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of the day where the supply is: how a date-only fact is answered as a DateTime."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIME)


BigInt = NewType("BigInt", int)
GenericScalar = NewType("GenericScalar", object)
JSONString = NewType("JSONString", object)
NonEmptyID = NewType("NonEmptyID", str)


def _identity(value: Any) -> Any:
    return value


@dataclass(frozen=True, slots=True)
class MalformedJSON:
    """A JSONString input that is not JSON. It reaches the resolver, which answers it as that mutation
    says (createFormSubmission in its payload's errors), not as a GraphQL error without a Kraken code;
    a mutation taking JSONString must check for it."""

    text: str
    reason: str


def _json_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except (ValueError, RecursionError) as exc:
        return MalformedJSON(value, str(exc) if isinstance(exc, ValueError) else "nested too deeply")


def _non_empty(value: Any) -> str:
    text = str(value)
    if not text.strip():
        raise ValueError("NonEmptyID cannot be empty.")
    return text


def _parse_datetime(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("A DateTime is an ISO 8601 string, such as 2026-01-16T00:00:00Z.")
    try:
        parsed: dt.datetime = dateutil.parser.isoparse(value)
    except (ValueError, OverflowError):
        raise ValueError(f"'{value}' is not an ISO 8601 date and time, such as 2026-01-16T00:00:00Z.") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LOCAL_TIME)
    # A fixed offset from the standard library, whatever parsed it: what events and read models store.
    return parsed.replace(tzinfo=dt.timezone(parsed.utcoffset() or dt.timedelta(0)))


def _serialize_datetime(value: Any) -> str:
    moment = dateutil.parser.isoparse(value) if isinstance(value, str) else value
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"A DateTime field answered {type(value).__name__}, not a datetime.")
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat()


SCALARS: dict[object, ScalarDefinition] = {
    dt.datetime: strawberry.scalar(
        name="DateTime",
        description="The `DateTime` scalar type represents a DateTime value as specified by "
        "[iso8601](https://en.wikipedia.org/wiki/ISO_8601).",
        serialize=_serialize_datetime,
        parse_value=_parse_datetime,
    ),
    BigInt: strawberry.scalar(
        name="BigInt",
        description="The `BigInt` scalar type represents non-fractional whole numeric values.",
        serialize=int,
        parse_value=int,
    ),
    GenericScalar: strawberry.scalar(
        name="GenericScalar",
        description=(
            "The `GenericScalar` scalar type represents a generic GraphQL scalar value that could be: "
            "String, Boolean, Int, Float, List or Object."
        ),
        serialize=_identity,
        parse_value=_identity,
    ),
    JSONString: strawberry.scalar(
        name="JSONString",
        description="Allows use of a JSON String for input / output from the GraphQL schema.",
        serialize=json.dumps,
        parse_value=_json_value,
    ),
    NonEmptyID: strawberry.scalar(
        name="NonEmptyID",
        description="An ID that must not be empty.",
        serialize=str,
        parse_value=_non_empty,
    ),
}
