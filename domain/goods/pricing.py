"""Pricing a basket: the priced lines a quote or a purchase records, and the grants applied to them.

Every amount is integer minor units. A line's net is units times the unit price; its gross adds VAT at the
product's rate, rounded half up on the line. A grant line's net is what the grant takes off a line's
net (never more than the line's net), and its gross the same plus VAT at the line's rate, so the
amount due (gross of the lines less gross of the grants) is never negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import msgspec

from domain.goods.catalogue import GoodsGrantOffer, GoodsProduct, vat

# A basket has at most this many lines, each at most this many units.
MAX_LINES, MAX_UNITS = 20, 1000


class PricedLine(msgspec.Struct, frozen=True, kw_only=True):
    product_id: int
    product_code: str
    units: int
    unit_price: int
    net: int
    gross: int
    vat_basis_points: int
    currency: str


class GrantLine(msgspec.Struct, frozen=True, kw_only=True):
    grant_code: str
    product_code: str
    units: int
    net: int
    gross: int
    currency: str


def priced_line(product: GoodsProduct, units: int, unit_price: int) -> PricedLine:
    net = units * unit_price
    return PricedLine(
        product_id=product.id,
        product_code=product.code,
        units=units,
        unit_price=unit_price,
        net=net,
        gross=net + vat(net, product.vat_basis_points),
        vat_basis_points=product.vat_basis_points,
        currency=product.currency,
    )


def granted(
    lines: Sequence[PricedLine], offers: Iterable[GoodsGrantOffer], room: Mapping[str, int]
) -> tuple[tuple[GrantLine, ...], dict[str, int]]:
    """The grant lines for `lines`, each grant on as many units as its `room` (units the account may
    still be granted) allows, the earlier lines first; and the units each grant takes."""
    left = dict(room)
    grant_lines: list[GrantLine] = []
    for offer in offers:
        for line in lines:
            if line.product_code != offer.product_code or left.get(offer.code, 0) <= 0:
                continue
            units = min(line.units, left[offer.code])
            net = min(units * offer.amount_per_unit, line.net)
            if net <= 0:
                continue
            left[offer.code] -= units
            grant_lines.append(
                GrantLine(
                    grant_code=offer.code,
                    product_code=line.product_code,
                    units=units,
                    net=net,
                    gross=net + vat(net, line.vat_basis_points),
                    currency=line.currency,
                )
            )
    taken: dict[str, int] = {}
    for grant in grant_lines:
        taken[grant.grant_code] = taken.get(grant.grant_code, 0) + grant.units
    return tuple(grant_lines), taken


def amount_due(lines: Sequence[PricedLine], grants: Sequence[GrantLine]) -> int:
    return sum(line.gross for line in lines) - sum(grant.gross for grant in grants)
