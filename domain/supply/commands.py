"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations

import msgspec

# Lifecycle processes ------------------------------------------------------------------------------


class AcceptJoinSupplierTerms(msgspec.Struct, frozen=True, kw_only=True):
    """The customer accepts the terms of a join supplier process: the one numbered, or without a
    number the account's one open process. `accepted_by` is who acts (the request's actor)."""

    account_number: str
    process_number: str | None = None
    accepted_by: str


class SupplyPointMatch(msgspec.Struct, frozen=True, kw_only=True):
    """A supply point named by its identifier (the property id of the process), as cancelEnrollment's
    deprecated `supplyPoints` names them."""

    identifier: str
    market_name: str | None = None


class CancelEnrollment(msgspec.Struct, frozen=True, kw_only=True):
    """Cancels a join supplier or occupy property process: the one numbered, or without a number the
    account's one active process at the supply points given. `allowed` is the set of account numbers
    the viewer may act on (None: any account, as an organisation); a process of another account is
    answered as no process at all."""

    process_number: str | None = None
    account_number: str | None = None
    supply_points: tuple[SupplyPointMatch, ...] = ()
    reason: str = ""
    cancelled_by: str
    allowed: frozenset[str] | None = None
