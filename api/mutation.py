"""Declaring a mutation: its possible errors, whether it needs a viewer, and whether it is available.

Every mutation field goes through one gate (a field extension) that, before the resolver runs,
answers KT-CT-1113 for a mutation that is disabled by configuration or not implemented yet,
authenticates the viewer for a mutation that needs one, and refuses a string (or list) input
longer than its declared bound (api/bounds.py) with the error the mutation names as `invalid`.
Resolvers stay thin: they never re-check.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from api.bounds import InputBounds, describe
from api.context import scope_cleared
from domain.shared.actor import acting_as
from domain.shared.catalogue import FieldDisabled, PermissionDenied, Unauthorized
from domain.shared.errors import KrakenError


@dataclass(frozen=True)
class MutationSpec:
    name: str
    errors: tuple[type[KrakenError], ...]
    auth: bool
    implemented: bool
    scopes: frozenset[str] = frozenset()
    # The error an over-long input is refused with, and the bounds of the inputs (implemented mutations only).
    invalid: type[KrakenError] | None = None
    bounds: InputBounds | None = None


# Filled when a schema is built: mutation name -> its declaration, payload type name -> mutation.
MUTATIONS: dict[str, MutationSpec] = {}
PAYLOADS: dict[str, str] = {}


class Gate(FieldExtension):
    def __init__(
        self,
        errors: Sequence[type[KrakenError]],
        auth: bool,
        implemented: bool,
        scopes: frozenset[str] = frozenset(),
        invalid: type[KrakenError] | None = None,
    ) -> None:
        self.errors, self.auth, self.implemented, self.scopes = tuple(errors), auth, implemented, scopes
        self.invalid = invalid
        self.bounds: InputBounds | None = None
        self.name = ""

    def apply(self, field: StrawberryField) -> None:
        self.name = field.graphql_name or to_camel_case(field.python_name)
        if self.implemented:
            # Building the schema fails here for a string without a bound, or one without an error to refuse it with.
            self.bounds = InputBounds.of(self.name, field.arguments)
            if self.bounds and self.invalid is None:
                raise TypeError(f"{self.name} takes strings: name the error refusing an over-long one (invalid=...)")
            if not self.bounds and self.invalid is not None:
                raise TypeError(f"{self.name} takes no strings or lists: it needs no invalid=")
            if self.invalid is not None and self.invalid not in self.errors:
                self.errors = (*self.errors, self.invalid)
        MUTATIONS[self.name] = MutationSpec(
            self.name, self.errors, self.auth, self.implemented, self.scopes, self.invalid, self.bounds
        )

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        if not self.implemented:
            raise FieldDisabled(f"The '{self.name}' mutation is not available yet.")
        if self.name in info.context.settings.disabled:
            raise FieldDisabled(f"The '{self.name}' mutation has been disabled on this server.")
        actor = f"client:{info.context.client}"
        cleared: AbstractContextManager[None] = nullcontext()
        if self.auth:
            # A scoped token (from a pre-signed key) reaches only the mutations that allow its scope.
            denied = PermissionDenied if PermissionDenied in self.errors else Unauthorized
            # The actor names who really acts: a masquerading staff member as well as the user.
            actor = (await info.context.acting(self.scopes, denied)).actor
            cleared = scope_cleared()
        # After authentication, so that an anonymous caller still learns only that it must log in.
        if self.bounds and self.invalid is not None:
            problems = self.bounds.problems(kwargs)
            if problems:
                raise self.invalid(describe(problems), problems=problems)
        with acting_as(actor), cleared:
            return await next_(source, info, **kwargs)


def kraken_mutation(
    *,
    errors: Sequence[type[KrakenError]],
    auth: bool,
    invalid: type[KrakenError] | None = None,
    scopes: Sequence[str] = (),
    description: str | None = None,
    deprecation_reason: str | None = None,
) -> Callable[[Callable[..., Awaitable[Any]]], Any]:
    """Decorates an implemented mutation resolver (an `async def` method).

    `invalid` is the error (from the mutation's own codes where one fits) that refuses an input
    longer than its bound; a mutation that takes strings must name it, one that takes none must not.
    `scopes` are the pre-signed key scopes (Kraken's ExpiringTokenScope) whose tokens may call it.
    """

    def wrap(resolver: Callable[..., Awaitable[Any]]) -> Any:
        return strawberry.mutation(
            resolver,
            description=description,
            deprecation_reason=deprecation_reason,
            extensions=[Gate(errors, auth, implemented=True, scopes=frozenset(scopes), invalid=invalid)],
        )

    return wrap


def pending_mutation(
    *,
    args: dict[str, Any],
    payload: Any,
    errors: Sequence[type[KrakenError]],
    auth: bool,
    description: str | None = None,
    deprecation_reason: str | None = None,
) -> Any:
    """A mutation in the schema whose rules no issue has implemented yet: it answers KT-CT-1113.

    The resolver's signature is built from `args` so that the field has the wire contract's
    arguments and payload today; implementing it means replacing this with `kraken_mutation`.
    """

    async def resolver(*_: Any, **__: Any) -> Any:
        raise FieldDisabled("This mutation is not available yet.")

    parameters = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        *(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind) for name, kind in args.items()),
    ]
    resolver.__signature__ = inspect.Signature(parameters, return_annotation=payload)  # type: ignore[attr-defined]
    resolver.__annotations__ = {**args, "return": payload}
    return strawberry.mutation(
        resolver,
        description=description,
        deprecation_reason=deprecation_reason,
        extensions=[Gate(errors, auth, implemented=False)],
    )
