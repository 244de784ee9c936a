"""Principals of access tokens verified lately, so that a token presented again costs neither its
signature check nor a read of the event store.

An entry is dropped at once when an event of its user, organisation or staff member is saved in this
process (`forget`, called by the Identity application after every save), and when another process
saves one and this process's watch of the identity store hears of it. Whatever happens, no entry is
served longer than `seconds` after its principal was read, nor once its token has expired: that is
the bound within which a revocation takes effect everywhere.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.identity.principal import Principal


@dataclass(frozen=True, slots=True)
class _Entry:
    principal: Principal
    ids: frozenset[UUID]
    fresh_until: float  # on the monotonic clock
    token_expiry: int  # the token's `exp` claim, seconds since the epoch


class RecentPrincipals:
    """A bounded map from an access token to its principal (the oldest entry goes first); thread-safe."""

    def __init__(self, seconds: float, size: int = 10_000, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self.size, self._monotonic = seconds, size, monotonic
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._tokens_of: dict[UUID, set[str]] = {}  # which entries depend on each user, organisation, staff member
        self._lock = threading.Lock()
        # Counts every `forget`: a principal read before one may already be stale, so it is not kept.
        self._generation = 0

    def ticket(self) -> int:
        """Taken before reading a principal from the store, and handed back to `keep` with it."""
        return self._generation

    def get(self, token: str, now: datetime) -> Principal | None:
        """The token's principal if it was read lately and the token has not expired since; else None."""
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry.fresh_until <= self._monotonic() or entry.token_expiry <= now.timestamp():
            with self._lock:
                self._drop(token)
            return None
        return entry.principal

    def keep(self, token: str, principal: Principal, ids: Iterable[UUID], token_expiry: int, ticket: int) -> None:
        """Remembers the principal read for `token`, unless something was forgotten since `ticket`."""
        if self.seconds <= 0:
            return
        entry = _Entry(principal, frozenset(ids), self._monotonic() + self.seconds, token_expiry)
        with self._lock:
            if ticket != self._generation:
                return
            self._drop(token)
            self._entries[token] = entry
            for aggregate_id in entry.ids:
                self._tokens_of.setdefault(aggregate_id, set()).add(token)
            while len(self._entries) > self.size:
                self._drop(next(iter(self._entries)))

    def forget(self, aggregate_ids: Iterable[UUID]) -> None:
        """Drops every principal that depends on one of these users, organisations or staff members."""
        ids = set(aggregate_ids)
        if not ids:
            return
        with self._lock:
            self._generation += 1
            for aggregate_id in ids:
                for token in self._tokens_of.get(aggregate_id, set()).copy():
                    self._drop(token)

    def _drop(self, token: str) -> None:
        entry = self._entries.pop(token, None)
        if entry is None:
            return
        for aggregate_id in entry.ids:
            tokens = self._tokens_of.get(aggregate_id)
            if tokens is not None:
                tokens.discard(token)
                if not tokens:
                    del self._tokens_of[aggregate_id]
