"""What a request carries into resolvers, and the one seam between async handlers and sync domain code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

import anyio.to_thread
from litestar.datastructures import Headers
from litestar.types import Scope
from strawberry.litestar import BaseContext

from domain.identity.access import Principal
from domain.identity.organisation import Organisation
from domain.identity.user import User
from domain.shared.catalogue import AccountAccessDenied, AuthorizationHeaderMissing, Unauthorized
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from settings import Settings

T = TypeVar("T")

# Set by the mutation gate once it has checked a scoped token against the mutation's own scopes,
# so that the resolver's own `viewer()` call does not refuse it again.
_scope_cleared: ContextVar[bool] = ContextVar("scope_cleared", default=False)


@contextmanager
def scope_cleared() -> Iterator[None]:
    token = _scope_cleared.set(True)
    try:
        yield
    finally:
        _scope_cleared.reset(token)


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
    authenticated: User | None = None
    scope: str | None = None
    # Who the token speaks for (a user or an organisation) and who really acts (masquerading staff).
    principal: Principal | None = None

    async def call(self, command: Callable[..., T], *args: Any) -> T:
        """Run a synchronous application command off the event loop (eventsourcing is sync)."""
        return await anyio.to_thread.run_sync(partial(command, *args))

    async def viewer(
        self,
        scopes: frozenset[str] = frozenset(),
        denied: type[KrakenError] = Unauthorized,
        not_a_user: type[KrakenError] = Unauthorized,
    ) -> User:
        """The authenticated account user; KT-CT-1112 without a header, 1111/1124 for a bad token.

        A token from a pre-signed key is limited to one scope: it is refused (with `denied`) unless
        that scope is among `scopes`, the ones the caller allows. An organisation's token is not an
        account user's: it is refused with `not_a_user` (e.g. KT-CT-1128 where the seed lists it).
        """
        viewer = (await self.acting(scopes, denied)).viewer
        if isinstance(viewer, Organisation):
            raise not_a_user("This needs an account user's token, not an organisation's.")
        return viewer

    async def acting(self, scopes: frozenset[str] = frozenset(), denied: type[KrakenError] = Unauthorized) -> Principal:
        """Who the token speaks for, user or organisation, and who really acts; scopes as in `viewer`."""
        principal = self.principal or await self._authenticate()
        if self.scope is not None and self.scope not in scopes and not _scope_cleared.get():
            raise denied(f"This token is limited to {self.scope}; this needs a full login or another scope.")
        return principal

    async def _authenticate(self) -> Principal:
        token = token_of(self.authorization)
        if not token:
            raise AuthorizationHeaderMissing()
        principal = await self.call(self.contexts.identity.principal, token)
        self.principal, self.scope = principal, principal.scope
        if isinstance(principal.viewer, User):
            self.authenticated = principal.viewer
        return principal

    async def account_number(self, number: str, denied: type[KrakenError] = AccountAccessDenied) -> str:
        """The account, if the viewer may act on it (an organisation on any); otherwise the mutation's code."""
        viewer = (await self.acting()).viewer
        if not viewer.belongs_to(number):
            raise denied(f"The viewer does not belong to account {number}.")
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
    )
