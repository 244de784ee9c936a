"""What a request carries into resolvers, and the one seam between async handlers and sync domain code."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio.to_thread
from litestar.datastructures import Headers
from litestar.types import Scope
from strawberry.litestar import BaseContext

from domain.identity.user import User
from domain.shared.catalogue import AccountAccessDenied, AuthorizationHeaderMissing
from domain.shared.errors import KrakenError
from ops.runtime import Contexts
from ops.settings import Settings

T = TypeVar("T")

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

    async def call(self, command: Callable[..., T], *args: Any) -> T:
        """Run a synchronous application command off the event loop (eventsourcing is sync)."""
        return await anyio.to_thread.run_sync(partial(command, *args))

    async def viewer(self) -> User:
        """The authenticated account user; KT-CT-1112 without a header, 1111/1124 for a bad token."""
        if self.authenticated is None:
            token = token_of(self.authorization)
            if not token:
                raise AuthorizationHeaderMissing()
            self.authenticated = await self.call(self.contexts.identity.authenticate, token)
        return self.authenticated

    async def account_number(self, number: str, denied: type[KrakenError] = AccountAccessDenied) -> str:
        """The account, if the viewer belongs to it; otherwise the mutation's own "Unauthorized." code."""
        viewer = await self.viewer()
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
