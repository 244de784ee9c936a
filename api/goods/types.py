"""GraphQL output types (payloads, objects, enums, unions) of the goods context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime

import strawberry

from api.possible_errors import KrakenPayload
from api.scalars import JSONString


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
class GoodsPurchase:
    code: str | None = strawberry.field(description="Purchase code.", default=None)
    ledger_id: str | None = strawberry.field(description="Ledger ID associated to the purchase.", default=None)
    market_params: JSONString | None = strawberry.field(description="Market parameters of the purchase.", default=None)
    client_params: JSONString | None = strawberry.field(description="Client parameters of the purchase.", default=None)


@strawberry.type
class GoodsQuote:
    id: int | None = strawberry.field(description="ID of the quote.", default=None)
    code: str | None = strawberry.field(description="Code of the quote.", default=None)
    total_net_amount: int | None = strawberry.field(description="Total net amount of the quote in cents.", default=None)
    quoted_at: datetime.datetime | None = strawberry.field(
        description="Date and time when the quote was created.", default=None
    )
    has_quote_expired: bool | None = strawberry.field(
        description="Indicates whether or not the quote is expired.", default=None
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
