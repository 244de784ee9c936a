"""Possible errors, discoverable three ways (Kraken announcement 92).

1. the deprecated `possibleErrors` field on each mutation payload;
2. the `possibleErrors(name)` query;
3. the `X-Possible-Errors` request header: the operation is validated, not executed, and the
   answer lists what each of its mutations could raise.
All three read the declarations made with `api.mutation`.
"""

from __future__ import annotations

import builtins
from typing import Any

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
)
from graphql.language import DocumentNode, SelectionSetNode

from api.mutation import MUTATIONS, PAYLOADS, MutationSpec
from domain.shared.errors import KrakenError

DEPRECATION = (
    "The 'possibleErrors' field is deprecated. "
    "Please use the 'possibleErrors' query or the 'X-Possible-Errors' header instead."
)


@strawberry.type
class PossibleErrorType:
    message: str | None = strawberry.field(
        description="The error message that might be returned from the query/mutation."
    )
    code: str | None = strawberry.field(description="The error code that might be returned from the query/mutation.")
    type: str | None = strawberry.field(description="The error type that might be returned from the query/mutation.")
    description: str | None = strawberry.field(
        description="The error description that might be returned from the query/mutation."
    )

    @classmethod
    def of(cls, error: builtins.type[KrakenError]) -> PossibleErrorType:
        return cls(message=error.message, code=error.code, type=error.type.value, description=error.description)


@strawberry.type(description="The errors a query or mutation may raise.")
class PossibleErrors:
    name: str = strawberry.field(description="The name of the query or mutation.")
    type: str = strawberry.field(description="Whether it is a query or a mutation.")
    auth_errors: bool = strawberry.field(description="Whether it also raises the authentication errors.")
    possible_errors: list[PossibleErrorType] = strawberry.field(description="The errors it may raise.")

    @classmethod
    def of(cls, spec: MutationSpec) -> PossibleErrors:
        return cls(
            name=spec.name,
            type="mutation",
            auth_errors=spec.auth,
            possible_errors=[PossibleErrorType.of(error) for error in spec.errors],
        )


@strawberry.type
class KrakenPayload:
    """Base of every mutation payload that carries the deprecated `possibleErrors` field."""

    @strawberry.field(
        description="Field with the possible errors of the query/mutation.",
        deprecation_reason=DEPRECATION,
    )
    def possible_errors(self, info: strawberry.Info) -> list[PossibleErrorType | None] | None:
        spec = MUTATIONS[PAYLOADS[info._raw_info.parent_type.name]]
        return [PossibleErrorType.of(error) for error in spec.errors]


@strawberry.type
class PossibleErrorsQuery:
    @strawberry.field(description="The errors a mutation of this API may raise, by name.")
    def possible_errors(self, name: str) -> PossibleErrors | None:
        spec = MUTATIONS.get(name)
        return None if spec is None else PossibleErrors.of(spec)


def bind_payloads(schema: GraphQLSchema) -> None:
    """Record which mutation each payload type belongs to, for the payload field above."""
    if schema.mutation_type is None:
        return
    for name, field in schema.mutation_type.fields.items():
        kind: Any = field.type
        while hasattr(kind, "of_type"):
            kind = kind.of_type
        PAYLOADS[kind.name] = name


def for_operation(document: DocumentNode, operation_name: str | None) -> list[dict[str, Any]]:
    """What the `X-Possible-Errors` header answers for an already validated operation."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next(
        (o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)), None
    )
    if operation is None:
        return []
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    # Root fields in the order first met; each fragment is read once, however often it is spread.
    names: dict[str, None] = {}
    read: set[str] = set()

    def collect(selections: SelectionSetNode) -> None:
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                names.setdefault(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                collect(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in read:
                read.add(selection.name.value)
                if selection.name.value in fragments:
                    collect(fragments[selection.name.value].selection_set)

    collect(operation.selection_set)
    return [
        strawberry_asdict(PossibleErrors.of(MUTATIONS[name]))
        for name in names
        if name in MUTATIONS and operation.operation.value == "mutation"
    ]


def strawberry_asdict(answer: PossibleErrors) -> dict[str, Any]:
    return {
        "name": answer.name,
        "type": answer.type,
        "authErrors": answer.auth_errors,
        "possibleErrors": [
            {"message": e.message, "code": e.code, "type": e.type, "description": e.description}
            for e in answer.possible_errors
        ],
    }
