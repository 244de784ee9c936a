"""Water products and quotes: `quote(code)` (Kraken GB's QuoteType and QuotedProductType, for water)
and the product an agreement names.

GB answers a quote to a logged-in viewer: an account user sees the quotes of their own accounts, an
organisation any; another account's quote, or a code no quote has, is null alike.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry

from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from domain.supply.quote import MAX_QUOTE_CODE, quoted_product_id


@strawberry.enum(description="Ours, not Kraken GB's: how a water product charges.")
class WaterProductBasis(Enum):
    MEASURED = strawberry.enum_value("MEASURED", description="For the water a meter measures.")
    UNMEASURED = strawberry.enum_value("UNMEASURED", description="Without a meter: rateable value or assessed.")


@strawberry.type(
    description="Ours, not Kraken GB's (its EnergyProductType, for water): one of the supplier's water products."
)
class WaterProductType:
    code: str
    display_name: str = strawberry.field(description="The product's name as customers see it.")
    full_name: str = strawberry.field(description="The product's full name (the display name for water).")
    description: str
    basis: WaterProductBasis | None = strawberry.field(
        description="How the product charges; null for a product code missing from the catalogue.", default=None
    )
    standing_charge: Decimal | None = strawberry.field(description="The standing charge, in pence a day.", default=None)
    volumetric_rate: Decimal | None = strawberry.field(
        description="The charge for each cubic metre of water, in pence (0 for an unmeasured product).", default=None
    )
    available_from: datetime.date | None = strawberry.field(
        description="The first day the product may be quoted and agreed.", default=None
    )
    available_to: datetime.date | None = strawberry.field(
        description="The last day the product may be agreed; null while it stays on sale.", default=None
    )

    @classmethod
    def of(cls, code: str, row: dict[str, Any] | None) -> WaterProductType:
        if row is None:
            # A product code no product has (e.g. a default product not added yet): its code is all there is.
            return cls(code=code, display_name=code, full_name=code, description="")
        return cls(
            code=row["code"],
            display_name=row["display_name"],
            full_name=row["display_name"],
            description=row["description"],
            basis=WaterProductBasis(row["basis"]),
            standing_charge=row["standing_charge"],
            volumetric_rate=row["volumetric_rate"],
            available_from=row["available_from"],
            available_to=row["available_to"],
        )


async def product_of(info: strawberry.Info, code: str) -> WaterProductType:
    row = await info.context.loader(info.context.contexts.read.water_products.products).load(code)
    return WaterProductType.of(code, row)


@strawberry.type
class QuotedProductType:
    id: strawberry.ID
    name: str
    description: str
    product: WaterProductType | None = None
    recommended: bool = False
    allowed_supply_start_dates: list[datetime.date | None] | None = strawberry.field(
        description="A list of dates allowable to start supply of the quoted product.", default=None
    )


@strawberry.type
class QuoteType:
    code: str | None = None
    postcode: str = strawberry.field(description="The postcode of the quoted property.", default="")
    supply_point_id: str = strawberry.field(
        description="Ours, not Kraken GB's (its mpan/mprn, for water): the supply point the products are quoted for.",
        default="",
    )
    property_id: strawberry.ID | None = strawberry.field(
        description="Ours, not Kraken GB's: the property the quote is for.", default=None
    )
    expires_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: until when a quoted product may be switched to.", default=None
    )
    is_business: bool = False
    quoted_products_list: strawberry.Private[list[QuotedProductType]]

    @strawberry.field(
        description="A list of the products that have been quoted for the usage provided at the time the quote "
        "was created."
    )
    def quoted_products(self, id: str | None = None) -> list[QuotedProductType | None] | None:
        return [p for p in self.quoted_products_list if id is None or str(p.id) == id]


def _allowed_dates(quote: dict[str, Any], product: dict[str, Any] | None, today: datetime.date) -> list[datetime.date]:
    first, last = max(quote["first_start_date"], today), quote["last_start_date"]
    if product is not None:
        first = max(first, product["available_from"])
        last = min(last, product["available_to"] or last)
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


async def quote_by_code(info: strawberry.Info[RequestContext, None], code: str | None) -> QuoteType | None:
    with raised_as(QUERY_REFUSALS):
        principal = await info.context.authenticate()
    if not code or len(code) > MAX_QUOTE_CODE:
        return None
    read = info.context.contexts.read
    quote = await info.context.loader(read.water_products.quotes).load(code)
    if quote is None or not principal.viewer.belongs_to(quote["account_number"]):
        return None
    codes = [p["product_code"] for p in quote["products"]]
    rows = await info.context.loader(read.water_products.products).load_many(codes)
    homes = await info.context.loader(read.properties.properties).load(quote["property_id"])
    now = info.context.contexts.supply.clock.now()
    # An expired quote offers no start date any more.
    today = now.date()
    quoted = []
    for item, row in zip(quote["products"], rows, strict=True):
        product = WaterProductType.of(item["product_code"], row)
        quoted.append(
            QuotedProductType(
                id=strawberry.ID(quoted_product_id(quote["code"], item["ordinal"])),
                name=product.display_name,
                description=product.description,
                product=product,
                recommended=item["ordinal"] == 1,
                allowed_supply_start_dates=list(_allowed_dates(quote, row, today)) if now < quote["expires_at"] else [],
            )
        )
    return QuoteType(
        code=quote["code"],
        postcode=homes["postcode"] if homes else "",
        supply_point_id=quote["supply_point_id"],
        property_id=strawberry.ID(quote["property_id"]),
        expires_at=quote["expires_at"],
        quoted_products_list=quoted,
    )


@strawberry.type
class ProductsQueries:
    @strawberry.field(
        description="If a quote code is supplied, this returns that quote, if the viewer may see it (the quotes "
        "of their own accounts)."
    )
    async def quote(self, info: strawberry.Info[RequestContext, None], code: str | None = None) -> QuoteType | None:
        return await quote_by_code(info, code)
