"""Declaring a mutation: its own possible errors, which domain errors it answers with which of its
codes, and whether it needs a viewer.

Every mutation field goes through one gate (a field extension) that, before the resolver runs,
answers KT-CT-1113 for a mutation that an operator disabled (KRAKEN_DISABLED_MUTATIONS),
authenticates the viewer for a mutation that needs one, and refuses a string (or list) input
longer than its declared bound (api/bounds.py) with the error the mutation names as `invalid`.
The codes every mutation implies are added here, so a declaration lists only its own: KT-CT-1113
always; KT-CT-1111, 1112 and 1124 when it needs a viewer. Resolvers stay thin: they never re-check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from api.bounds import InputBounds, describe
from api.errors import Codes, raised_as
from domain.shared.actor import acting_as
from domain.shared.catalogue import (
    AccountUserRequired,
    AuthorizationHeaderMissing,
    FieldDisabled,
    PermissionDenied,
    TokenExpired,
    Unauthorized,
)
from domain.shared.errors import KrakenError

# What a viewer's token may be refused with, whichever mutation it calls.
VIEWER_ERRORS: tuple[type[KrakenError], ...] = (Unauthorized, AuthorizationHeaderMissing, TokenExpired)
# A scoped token, or an organisation's where an account user's is needed, is refused with the
# mutation's own code for it when it lists one, else as unauthorised.
_REFUSED_VIEWER = (PermissionDenied, AccountUserRequired)


@dataclass(frozen=True)
class MutationSpec:
    name: str
    errors: tuple[type[KrakenError], ...]
    auth: bool
    scopes: frozenset[str] = frozenset()
    # The error an over-long input is refused with, and the bounds of the inputs.
    invalid: type[KrakenError] | None = None
    bounds: InputBounds | None = None
    # A staff mutation takes a staff token only (`kraken staff token`): no account user's or organisation's.
    staff: bool = False


# Filled when a schema is built: mutation name -> its declaration, payload type name -> mutation.
MUTATIONS: dict[str, MutationSpec] = {}
PAYLOADS: dict[str, str] = {}


def _declared(
    own: Sequence[type[KrakenError]], auth: bool, invalid: type[KrakenError] | None
) -> tuple[type[KrakenError], ...]:
    listed = [*own, *([invalid] if invalid is not None else []), FieldDisabled, *(VIEWER_ERRORS if auth else ())]
    return tuple(dict.fromkeys(listed))


def _codes(own: Codes, errors: Sequence[type[KrakenError]], auth: bool) -> dict[type[KrakenError], type[KrakenError]]:
    codes = dict(own)
    if auth:
        for refused in _REFUSED_VIEWER:
            if refused not in errors:
                codes.setdefault(refused, Unauthorized)
    return codes


class Gate(FieldExtension):
    def __init__(
        self,
        errors: Sequence[type[KrakenError]],
        auth: bool,
        scopes: frozenset[str] = frozenset(),
        invalid: type[KrakenError] | None = None,
        codes: Codes | None = None,
        staff: bool = False,
    ) -> None:
        auth = auth or staff
        self.errors = _declared(errors, auth, invalid)
        self.auth, self.scopes, self.invalid, self.staff = auth, scopes, invalid, staff
        self.codes = _codes(codes or {}, self.errors, auth)
        self.bounds: InputBounds | None = None
        self.name = ""

    def apply(self, field: StrawberryField) -> None:
        self.name = field.graphql_name or to_camel_case(field.python_name)
        # Building the schema fails here for a string without a bound, or one without an error to refuse it with.
        self.bounds = InputBounds.of(self.name, field.arguments)
        if self.bounds and self.invalid is None:
            raise TypeError(f"{self.name} takes strings: name the error refusing an over-long one (invalid=...)")
        if not self.bounds and self.invalid is not None:
            raise TypeError(f"{self.name} takes no strings or lists: it needs no invalid=")
        undeclared = [code.__name__ for code in self.codes.values() if code not in self.errors]
        if undeclared:
            raise TypeError(f"{self.name} answers with codes it does not declare: {', '.join(undeclared)}")
        MUTATIONS[self.name] = MutationSpec(
            self.name, self.errors, self.auth, self.scopes, self.invalid, self.bounds, staff=self.staff
        )

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: strawberry.Info, **kwargs: Any
    ) -> Any:
        if self.name in info.context.settings.disabled:
            raise FieldDisabled(f"The '{self.name}' mutation has been disabled on this server.")
        with raised_as(self.codes):
            actor = f"client:{info.context.client}"
            if self.staff:
                actor = await info.context.authenticate_staff()
            elif self.auth:
                # The actor names who really acts: a masquerading staff member as well as the user.
                actor = (await info.context.authenticate(self.scopes)).actor
            # After authentication, so that an anonymous caller still learns only that it must log in.
            if self.bounds and self.invalid is not None:
                problems = self.bounds.problems(kwargs)
                if problems:
                    raise self.invalid(describe(problems), problems=problems)
            with acting_as(actor):
                return await next_(source, info, **kwargs)


def kraken_mutation(
    *,
    errors: Sequence[type[KrakenError]],
    auth: bool,
    invalid: type[KrakenError] | None = None,
    codes: Codes | None = None,
    scopes: Sequence[str] = (),
    description: str | None = None,
    deprecation_reason: str | None = None,
    staff: bool = False,
) -> Callable[[Callable[..., Awaitable[Any]]], Any]:
    """Decorates an implemented mutation resolver (an `async def` method).

    `errors` are the mutation's own codes (the gate adds the implied ones). `codes` says which
    error raised below answers as which of them (e.g. the account-access refusal KT-CT-4123 as
    the mutation's own KT-CT-3822). `invalid` is the error (from the mutation's own codes where
    one fits) that refuses an input longer than its bound; a mutation that takes strings must
    name it, one that takes none must not. `scopes` are the pre-signed key scopes (Kraken's
    ExpiringTokenScope) whose tokens may call it. `staff` takes a staff token instead of a viewer's
    (its refusals are the viewer's: KT-CT-1111, 1112, 1124).
    """

    def wrap(resolver: Callable[..., Awaitable[Any]]) -> Any:
        return strawberry.mutation(
            resolver,
            description=description,
            deprecation_reason=deprecation_reason,
            extensions=[Gate(errors, auth, scopes=frozenset(scopes), invalid=invalid, codes=codes, staff=staff)],
        )

    return wrap
