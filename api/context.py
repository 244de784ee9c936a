"""What a request carries into resolvers, and the one seam between async handlers and sync domain code."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import Any, TypeVar

import anyio.to_thread
import msgspec
from litestar.datastructures import Headers
from litestar.types import Scope
from strawberry.dataloader import DataLoader
from strawberry.litestar import BaseContext

from api.errors import raised_as
from api.observability import Observed, observed
from api.rate_limits.allowance import PointsAllowance
from domain.identity.organisation import Organisation
from domain.identity.principal import Principal
from domain.identity.user import User
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    AuthorizationHeaderMissing,
    PermissionDenied,
    Unauthorized,
)
from projections.contexts import Contexts
from settings import Settings

T = TypeVar("T")

# How a query field answers a token it may not read with.
QUERY_REFUSALS = {PermissionDenied: Unauthorized, AccountUserRequired: Unauthorized, AccountAccessDenied: Unauthorized}

# Kraken documents the raw token; clients in the wild also send it after one of these schemes.
_SCHEMES = {"jwt", "bearer"}


def token_of(header: str | None) -> str:
    parts = (header or "").strip().split(None, 1)
    if parts and parts[0].lower() in _SCHEMES:
        return parts[1].strip() if len(parts) > 1 else ""
    return (header or "").strip()


class RequestContext(BaseContext, kw_only=True):
    contexts: Contexts
    settings: Settings
    client: str
    authorization: str | None = None
    # Every request's points are charged to it before execution (api/rate_limits/gate.py); None: no allowance.
    allowance: PointsAllowance | None = None
    # Who the token speaks for (a user or an organisation) and who really acts (masquerading staff):
    # established once per request, by the mutation gate or by a query field that needs it.
    principal: Principal | None = None
    # One DataLoader per batch function, for this request only (what it caches is this request's view).
    loaders: dict[tuple[Hashable, ...], DataLoader[Any, Any]] = msgspec.field(default_factory=dict)
    # What the request's log line and metrics say about it (api/observability.py); None outside HTTP.
    observed: Observed | None = None

    async def call(self, command: Callable[..., T], *args: Any) -> T:
        """Run a synchronous application command off the event loop (eventsourcing is sync)."""
        return await anyio.to_thread.run_sync(partial(command, *args))

    def loader(self, read: Callable[..., Sequence[Any]], *args: Hashable) -> DataLoader[Any, Any]:
        """Batches `read(*args, keys)`: the keys resolvers ask for in one turn of the event loop are
        read in one call off the loop (one query per level of a document, however many parents it
        lists). `read` answers one value per key, in the keys' order."""
        found = self.loaders.get((read, *args))
        if found is None:

            async def load(keys: list[Any]) -> Sequence[Any]:
                return await self.call(read, *args, keys)

            found = self.loaders[(read, *args)] = DataLoader(load_fn=load)
        return found

    async def authenticate(self, scopes: frozenset[str] = frozenset()) -> Principal:
        """The request's principal; KT-CT-1112 without a header, 1111/1124 for a bad token.

        A token from a pre-signed key is limited to one scope: it is refused (KT-CT-1132) unless
        that scope is among `scopes`, the ones the caller allows.
        """
        principal = self.principal
        if principal is None:
            token = token_of(self.authorization)
            if not token:
                raise AuthorizationHeaderMissing()
            # A token verified lately is answered here, on the event loop (a dictionary lookup); only a
            # new one needs its signature checked and its user read, off the loop.
            identity = self.contexts.identity
            principal = identity.recent_principal(token)
            if principal is None:
                principal = await self.call(identity.principal, token)
            self.principal = principal
        scope = principal.scope
        if scope is not None and scope not in scopes:
            raise PermissionDenied(f"This token is limited to {scope}; this needs a full login or another scope.")
        return principal

    async def authenticate_staff(self) -> str:
        """For a staff mutation: the actor of the request's staff token ("staff:<id>"); KT-CT-1112
        without a header, KT-CT-1111 for any other token (an account user's, an organisation's) or a
        deactivated staff member, KT-CT-1124 once expired. Checked on every request, never cached."""
        token = token_of(self.authorization)
        if not token:
            raise AuthorizationHeaderMissing()
        staff = await self.call(self.contexts.identity.staff_of, token)
        return staff.actor

    @property
    def acting(self) -> Principal:
        """The principal `authenticate` established (the gate does, for a mutation that needs a viewer)."""
        if self.principal is None:
            raise RuntimeError("No principal: declare the mutation with auth=True, or authenticate first.")
        return self.principal

    def viewer(self) -> User:
        """The authenticated account user; an organisation's token is not one (KT-CT-1128)."""
        viewer = self.acting.viewer
        if isinstance(viewer, Organisation):
            raise AccountUserRequired("This needs an account user's token, not an organisation's.")
        return viewer

    async def reader(self, scopes: frozenset[str] = frozenset()) -> User:
        """For a query field: the account user, established as for a mutation; Kraken's queries answer
        a refused scope or an organisation's token as unauthorised (KT-CT-1111)."""
        with raised_as(QUERY_REFUSALS):
            await self.authenticate(scopes)
            return self.viewer()

    def account_number(self, number: str) -> str:
        """The account, if the viewer may act on it (an organisation on any); KT-CT-4123 otherwise."""
        if not self.acting.viewer.belongs_to(number):
            raise AccountAccessDenied(f"The viewer does not belong to account {number}.")
        return number


async def request_context(scope: Scope) -> RequestContext:
    # Built from the ASGI scope (a kwarg Litestar offers to HTTP and WebSocket handlers alike).
    state = scope["litestar_app"].state
    client = scope.get("client")
    return RequestContext(
        contexts=state.contexts,
        settings=state.settings,
        client=client[0] if client else "unknown",
        authorization=Headers.from_scope(scope).get("authorization"),
        allowance=state.allowance,
        observed=observed(scope),
    )
