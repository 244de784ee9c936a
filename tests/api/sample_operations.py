"""A type-valid operation for every seed mutation, built from the live schema: what tests that call
all 90 at once send."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    is_non_null_type,
)

from api.app import API_PATH, AUTH_PATH
from api.schema import api_schema, auth_schema
from settings import Settings

SEED = json.loads((Path(__file__).parents[2] / "spec" / "mutations.json").read_text())["mutations"]
SCHEMAS: dict[str, GraphQLSchema] = {
    "api": api_schema(Settings())._schema,
    "auth": auth_schema(Settings())._schema,
}
# Every seed mutation, with the server that answers it.
EVERY = sorted((m["mutation"], m["server"]) for m in SEED)
PATHS = {"api": API_PATH, "auth": AUTH_PATH}

SCALAR_SAMPLES: dict[str, Any] = {
    "String": "x",
    "ID": "1",
    "NonEmptyID": "1",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2026-01-15",
    "DateTime": "2026-01-15T09:30:00Z",
    "BigInt": 1,
    "JSONString": "{}",
    "GenericScalar": {},
}


def sample(kind: GraphQLInputType) -> Any:
    """A minimal valid value of an input type: required input fields only, one element per list."""
    if isinstance(kind, GraphQLNonNull):
        return sample(kind.of_type)
    if isinstance(kind, GraphQLList):
        return [sample(kind.of_type)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {name: sample(field.type) for name, field in kind.fields.items() if is_non_null_type(field.type)}
    assert isinstance(kind, GraphQLScalarType)
    return SCALAR_SAMPLES[kind.name]


def operation(name: str, field: GraphQLField) -> tuple[str, dict[str, Any]]:
    """A document calling `name` with every argument passed as a variable of its exact type."""
    declared = ", ".join(f"${arg}: {spec.type}" for arg, spec in field.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    query = (
        f"mutation Disabled{'(' + declared + ')' if declared else ''} "
        f"{{ {name}{'(' + passed + ')' if passed else ''} {{ __typename }} }}"
    )
    return query, {arg: sample(spec.type) for arg, spec in field.args.items()}
