"""Whom the viewer acts for on the supply context's properties: staff and organisations act on any
property; an account user on the properties of their own accounts (the domain checks occupancy)."""

from __future__ import annotations

import strawberry

from domain.identity.organisation import Organisation


def acting_for(info: strawberry.Info) -> frozenset[str] | None:
    """The accounts the viewer acts for; None when they may act on any property."""
    principal = info.context.acting
    viewer = principal.viewer
    if isinstance(viewer, Organisation) or principal.staff_id is not None:
        return None
    return frozenset(viewer.account_numbers)
