"""Supply point identifiers of properties that have no meter point reference of their own.

The water market names a supply point with a SPID: a ten-digit core, a letter for the service (W for
water) and two check digits. Household supply points in England are outside that market, so an
unmetered home has none: we derive one from the property id in the same shape (the id, zero-padded
to ten digits, "W", and the core modulo 97), so that a quote always names a supply point and the
same property always gets the same one. A metered property's supply point is its meter's point reference.
"""

from __future__ import annotations


def derived_supply_point_id(property_id: str) -> str:
    core = property_id.zfill(10)
    return f"{core}W{int(core) % 97:02d}"
