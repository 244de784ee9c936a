"""Kraken's custom scalars: the Python types resolvers use, and their wire definitions.

Types are `NewType`s; `SCALARS` maps each to its definition for StrawberryConfig.scalar_map.
"""

from __future__ import annotations

import json
from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

BigInt = NewType("BigInt", int)
GenericScalar = NewType("GenericScalar", object)
JSONString = NewType("JSONString", object)
NonEmptyID = NewType("NonEmptyID", str)


def _identity(value: Any) -> Any:
    return value


def _json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _non_empty(value: Any) -> str:
    text = str(value)
    if not text.strip():
        raise ValueError("NonEmptyID cannot be empty.")
    return text


SCALARS: dict[object, ScalarDefinition] = {
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
