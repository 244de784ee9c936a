"""The water agreements of an account (`account { agreements }`): ours, not Kraken GB's, whose
agreements are per fuel (electricityAgreements); named and shaped as its AgreementInterface.

Each occupancy period of the account is on the default product (KRAKEN_DEFAULT_WATER_PRODUCT) from
its first day until a product switch records agreements for it; an agreement ends, at the latest,
when the occupancy does. Days are served as midnight in Great Britain, as occupancy periods are.
"""

from __future__ import annotations

import datetime
from typing import Any

import strawberry

from api.scalars import local_midnight
from api.supply.queries.products import WaterProductType
from domain.supply.agreements import agreement_id


@strawberry.type(description="Ours, not Kraken GB's: an agreement to supply water to a property on a product.")
class WaterAgreementType:
    id: strawberry.ID
    valid_from: datetime.datetime | None = None
    valid_to: datetime.datetime | None = strawberry.field(
        description="When the agreement ends; null while it runs on.", default=None
    )
    property_id: strawberry.ID | None = strawberry.field(description="The property supplied.", default=None)
    product: WaterProductType | None = None


def _terms(period: dict[str, Any], recorded: list[dict[str, Any]], default_product: str) -> list[dict[str, Any]]:
    """The period's agreements, recorded or (none recorded) the default one; none runs beyond the period."""
    terms = recorded or [
        {"ordinal": 1, "product_code": default_product, "valid_from": period["effective_from"], "valid_to": None}
    ]
    ends = period["effective_to"]
    kept = []
    for term in terms:
        if ends is not None and term["valid_from"] >= ends:
            continue
        valid_to = term["valid_to"]
        if ends is not None and (valid_to is None or valid_to > ends):
            valid_to = ends
        kept.append({**term, "valid_to": valid_to})
    return kept


async def agreements_of_account(
    info: strawberry.Info, account_number: str, active: bool | None
) -> list[WaterAgreementType | None]:
    read = info.context.contexts.read
    homes = await info.context.loader(read.properties.of_accounts).load(account_number)
    recorded = await info.context.loader(read.supply_agreements.of_accounts).load(account_number)
    supply = info.context.contexts.supply
    today = supply.clock.now().date()
    listed = []
    for home in homes:
        for period in home["periods"]:
            for term in _terms(period, recorded.get(period["id"], []), supply.product_settings.default_product):
                running = term["valid_from"] <= today and (term["valid_to"] is None or today < term["valid_to"])
                if active is None or running is active:
                    listed.append((home["property_id"], period["id"], term))
    # Every product named is read in one statement.
    rows = await info.context.loader(read.water_products.products).load_many([t["product_code"] for *_, t in listed])
    return [
        WaterAgreementType(
            id=strawberry.ID(agreement_id(period_id, term["ordinal"])),
            valid_from=local_midnight(term["valid_from"]),
            valid_to=local_midnight(term["valid_to"]) if term["valid_to"] else None,
            property_id=strawberry.ID(property_id),
            product=WaterProductType.of(term["product_code"], row),
        )
        for (property_id, period_id, term), row in zip(listed, rows, strict=True)
    ]
