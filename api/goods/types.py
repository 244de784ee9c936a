"""GraphQL output types (payloads, objects, enums, unions) of the goods context, as the Kraken wire contract names them.

The reference SDL lost goodsQuotedProducts, goodsSaleItems and goodsGrants to truncation: they are
restored from Kraken GB's public schema; GoodsPurchase.id is ours (updateActivePurchase needs it).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import msgspec
import strawberry

from api.possible_errors import KrakenPayload
from api.scalars import JSONString
from domain.goods import purchase as domain_purchase
from domain.goods import quote as domain_quote


@strawberry.type
class AcceptGoodsQuote(KrakenPayload):
    goods_purchase: GoodsPurchase | None = strawberry.field(description="Goods purchase created.", default=None)


@strawberry.type
class CreateGoodsPurchase(KrakenPayload):
    goods_purchase: GoodsPurchase | None = strawberry.field(description="Goods purchase created.", default=None)


@strawberry.type
class CreateGoodsQuote(KrakenPayload):
    goods_quote: GoodsQuote | None = strawberry.field(description="Goods quote created for the customer.", default=None)


@strawberry.type
class CreateGoodsQuoteWithoutAccount(KrakenPayload):
    goods_quote: GoodsQuote | None = strawberry.field(description="Goods quote created for the customer.", default=None)


@strawberry.type
class GoodsSaleItem:
    product: str | None = strawberry.field(description="Product code.", default=None)
    number_of_units: int | None = strawberry.field(description="Number of units.", default=None)
    price_per_unit: float | None = strawberry.field(description="Price per unit.", default=None)
    net_amount: float | None = strawberry.field(description="Net amount.", default=None)
    gross_amount: float | None = strawberry.field(description="Gross amount.", default=None)
    currency: str | None = strawberry.field(description="Currency.", default=None)

    @classmethod
    def of(cls, line: dict[str, Any]) -> GoodsSaleItem:
        # Kraken's Float money fields carry the same integer minor units as its Int ones.
        return cls(
            product=line["product_code"],
            number_of_units=line["units"],
            price_per_unit=float(line["unit_price"]),
            net_amount=float(line["net"]),
            gross_amount=float(line["gross"]),
            currency=line["currency"],
        )


@strawberry.type
class GoodsGrant:
    type: str | None = strawberry.field(description="Grant type.", default=None)
    net_amount: float | None = strawberry.field(description="Net amount.", default=None)
    gross_amount: float | None = strawberry.field(description="Gross amount.", default=None)
    currency: str | None = strawberry.field(description="Currency.", default=None)

    @classmethod
    def of(cls, grant: dict[str, Any]) -> GoodsGrant:
        return cls(
            type=grant["grant_code"],
            net_amount=float(grant["net"]),
            gross_amount=float(grant["gross"]),
            currency=grant["currency"],
        )


@strawberry.type
class GoodsPurchase:
    id: strawberry.ID | None = strawberry.field(
        description="Ours, not Kraken GB's: the purchase's ID, which updateActivePurchase takes as purchaseId.",
        default=None,
    )
    code: str | None = strawberry.field(description="Purchase code.", default=None)
    ledger_id: str | None = strawberry.field(description="Ledger ID associated to the purchase.", default=None)
    goods_sale_items: list[GoodsSaleItem | None] | None = strawberry.field(
        description="Sale items in this purchase.", default=None
    )
    goods_grants: list[GoodsGrant | None] | None = strawberry.field(
        description="Grants that apply in this purchase.", default=None
    )
    market_params: JSONString | None = strawberry.field(description="Market parameters of the purchase.", default=None)
    client_params: JSONString | None = strawberry.field(description="Client parameters of the purchase.", default=None)

    @classmethod
    def of(cls, row: dict[str, Any]) -> GoodsPurchase:
        """From a read model row, or from the aggregate (`purchase_row`) for a mutation's payload."""
        return cls(
            id=strawberry.ID(str(row["number"])),
            code=row["code"],
            ledger_id=row["ledger_number"],
            goods_sale_items=[GoodsSaleItem.of(item) for item in row["items"]],
            goods_grants=[GoodsGrant.of(grant) for grant in row["grants"]],
            market_params=_params(row["market_params"]),
            client_params=_params(row["client_params"]),
        )


@strawberry.type
class GoodsQuotedProduct:
    product: str | None = strawberry.field(description="Product code.", default=None)
    number_of_units: int | None = strawberry.field(description="Number of units.", default=None)
    price_per_unit: int | None = strawberry.field(description="Price per unit.", default=None)
    net_amount: int | None = strawberry.field(description="Net amount.", default=None)
    currency: str | None = strawberry.field(description="Currency.", default=None)


@strawberry.type
class GoodsQuote:
    id: int | None = strawberry.field(description="ID of the quote.", default=None)
    code: str | None = strawberry.field(description="Code of the quote.", default=None)
    total_net_amount: int | None = strawberry.field(description="Total net amount of the quote in cents.", default=None)
    quoted_at: datetime.datetime | None = strawberry.field(
        description="Date and time when the quote was created.", default=None
    )
    goods_quoted_products: list[GoodsQuotedProduct | None] | None = strawberry.field(
        description="Products of this quote.", default=None
    )
    has_quote_expired: bool | None = strawberry.field(
        description="Indicates whether or not the quote is expired.", default=None
    )

    @classmethod
    def of(cls, row: dict[str, Any], now: datetime.datetime) -> GoodsQuote:
        """From a read model row, or from the aggregate (`quote_row`) for a mutation's payload."""
        return cls(
            id=row["number"],
            code=row["code"],
            total_net_amount=row["total_net"],
            quoted_at=row["quoted_at"],
            goods_quoted_products=[
                GoodsQuotedProduct(
                    product=line["product_code"],
                    number_of_units=line["units"],
                    price_per_unit=line["unit_price"],
                    net_amount=line["net"],
                    currency=line["currency"],
                )
                for line in row["lines"]
            ],
            has_quote_expired=now >= row["expires_at"],
        )


@strawberry.type
class GoodsQuoteShare:
    id: int | None = strawberry.field(description="The ID of the quote share.", default=None)


@strawberry.type
class ShareGoodsQuote(KrakenPayload):
    share: GoodsQuoteShare | None = strawberry.field(description="Goods quote shared.", default=None)


@strawberry.type
class UpdateActivePurchase(KrakenPayload):
    goods_purchase: GoodsPurchase | None = strawberry.field(default=None)


def _params(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def quote_row(quote: domain_quote.GoodsQuote) -> dict[str, Any]:
    """The quote as its read model's row reads (lines as plain dicts)."""
    return {
        "number": quote.number,
        "code": quote.code,
        "total_net": quote.total_net,
        "quoted_at": quote.quoted_at,
        "expires_at": quote.expires_at,
        "lines": msgspec.to_builtins(quote.lines),
    }


def purchase_row(purchase: domain_purchase.GoodsPurchase) -> dict[str, Any]:
    """The purchase as its read model's row reads."""
    return {
        "number": purchase.number,
        "code": purchase.code,
        "ledger_number": purchase.ledger_number,
        "items": msgspec.to_builtins(purchase.items),
        "grants": msgspec.to_builtins(purchase.grants),
        "market_params": purchase.market_params,
        "client_params": purchase.client_params,
    }
