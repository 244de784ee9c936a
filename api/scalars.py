"""Kraken's custom scalars, as its schema names them."""

from __future__ import annotations

import json
from typing import Any, NewType

import strawberry


def _big_int(value: Any) -> int:
    return int(value)


BigInt = strawberry.scalar(
    NewType("BigInt", int),
    name="BigInt",
    description="The `BigInt` scalar type represents non-fractional whole numeric values.",
    serialize=_big_int,
    parse_value=_big_int,
)

GenericScalar = strawberry.scalar(
    NewType("GenericScalar", object),
    name="GenericScalar",
    description=(
        "The `GenericScalar` scalar type represents a generic GraphQL scalar value that could be: "
        "String, Boolean, Int, Float, List or Object."
    ),
    serialize=lambda value: value,
    parse_value=lambda value: value,
)

JSONString = strawberry.scalar(
    NewType("JSONString", object),
    name="JSONString",
    description="Allows use of a JSON String for input / output from the GraphQL schema.",
    serialize=json.dumps,
    parse_value=lambda value: json.loads(value) if isinstance(value, str) else value,
)

NonEmptyID = strawberry.scalar(
    NewType("NonEmptyID", str),
    name="NonEmptyID",
    description="An ID that must not be empty.",
    serialize=str,
    parse_value=lambda value: _non_empty(str(value)),
)


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("NonEmptyID cannot be empty.")
    return value
