"""Finding a property before signing up (`getAddressesByPostcode`, `propertiesSearch`), from the
accounts properties read model.

These are public, as the sign-up (moveInCreateCustomer) is: they answer addresses only, never who
occupies a property or which account. The search term and postcode are bounded, the results capped,
and the points allowance charges these fields as every other query.
"""

from __future__ import annotations

import decimal
from typing import Annotated, Any

import strawberry

from api.context import RequestContext
from domain.accounts.postcodes import gb_postcode
from domain.shared.catalogue import InputInvalid

# The longest postcode and search term taken, the most words a term may hold, and the most results.
MAX_POSTCODE, MAX_TERM, MAX_WORDS, MAX_RESULTS = 16, 100, 8, 50


@strawberry.type(description="An address found by postcode.")
class UPRNAddressLookup:
    uprn: str | None = strawberry.field(
        description="Unique Property Reference Number. Null: this deployment does not hold UPRNs.", default=None
    )
    address_line1: str | None = strawberry.field(description="First address line.", default=None)
    address_line2: str | None = strawberry.field(description="Second address line.", default=None)
    address_line3: str | None = strawberry.field(description="Third address line.", default=None)
    address_line4: str | None = strawberry.field(description="Fourth address line.", default=None)
    address_line5: str | None = strawberry.field(description="Fifth address line.", default=None)
    postcode: str = strawberry.field(description="Postcode.")
    display: str = strawberry.field(description="The complete and human-legible address in a single string.")
    address_key: str = strawberry.field(
        description="The non-human-legible address in a single string: here the id of the property, as "
        "moveInCreateCustomer's propertyId takes it."
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> UPRNAddressLookup:
        lines = [*row["lines"], *([row["locality"]] if row["locality"] else [])][:5]
        padded = lines + [None] * (5 - len(lines))
        return cls(
            address_line1=padded[0],
            address_line2=padded[1],
            address_line3=padded[2],
            address_line4=padded[3],
            address_line5=padded[4],
            postcode=row["postcode"],
            display=_display(row),
            address_key=row["property_id"],
        )


@strawberry.type(
    name="PropertySearchAddressType",
    description="Ours, not Kraken GB's: the address of a property found by propertiesSearch. GB answers its "
    "PropertyType; this public search answers the address fields only, never occupancy or meters.",
)
class PropertySearchAddress:
    id: strawberry.ID = strawberry.field(description="The ID of the property (moveInCreateCustomer's propertyId).")
    postcode: str = strawberry.field(description="The postcode of the property.")
    address: str = strawberry.field(description="The address of the property, formatted into a single string")
    split_address: list[str] = strawberry.field(description="List of address lines.")


@strawberry.type
class PropertySearchResult:
    score: decimal.Decimal = strawberry.field(description="A score representing the degree of confidence for a match.")
    property: PropertySearchAddress = strawberry.field(description="The matched property.")


def _display(row: dict[str, Any]) -> str:
    return ", ".join([*row["lines"], *([row["locality"]] if row["locality"] else []), row["postcode"]])


def _score(row: dict[str, Any], words: list[str], postcode: str | None) -> decimal.Decimal:
    """How much of the address the term covers: 1 for a term naming the whole address; a postcode
    given whole counts as its whole part of the address."""
    display = _display(row).lower()
    covered = sum(len(word) for word in words)
    if postcode is not None and postcode == row["postcode"]:
        covered = max(covered, len(postcode))
    letters = len(display.replace(",", "").replace(" ", "")) or 1
    return min(decimal.Decimal(1), decimal.Decimal(covered) / letters).quantize(decimal.Decimal("0.01"))


def _refused(what: str, longest: int) -> InputInvalid:
    return InputInvalid(f"The {what} is longer than {longest} characters.")


@strawberry.type
class AddressQueries:
    @strawberry.field(description="Get addresses that match the given postcode.")
    async def get_addresses_by_postcode(
        self,
        info: strawberry.Info[RequestContext, None],
        postcode: Annotated[str, strawberry.argument(description="The postcode of the addresses to return.")],
    ) -> list[UPRNAddressLookup | None] | None:
        if len(postcode) > MAX_POSTCODE:
            raise _refused("postcode", MAX_POSTCODE)
        spelled = gb_postcode(postcode)
        if spelled is None:
            return []
        view = info.context.contexts.read.properties
        rows = await info.context.call(view.addresses_at, spelled, MAX_RESULTS)
        return [UPRNAddressLookup.of(row) for row in rows]

    @strawberry.field(description="Search for properties that are already in Kraken and match the search term.")
    async def properties_search(
        self,
        info: strawberry.Info[RequestContext, None],
        search_term: Annotated[
            str,
            strawberry.argument(description="The search term. It can be an address or a meter point identifier."),
        ],
    ) -> list[PropertySearchResult]:
        if len(search_term) > MAX_TERM:
            raise _refused("search term", MAX_TERM)
        words = [word.strip(",.;") for word in search_term.lower().split()]
        words = [word for word in words if word][:MAX_WORDS]
        # A postcode typed with or without its space: "de215ab" or "de21 5ab" both find DE21 5AB.
        postcode = None
        for tail in (2, 1):
            spelled = gb_postcode("".join(words[-tail:])) if len(words) >= tail else None
            if spelled is not None:
                postcode, words = spelled, [*words[: len(words) - tail], *spelled.lower().split()]
                break
        view = info.context.contexts.read.properties
        rows = await info.context.call(view.addresses_matching, words, MAX_RESULTS)
        found = [
            PropertySearchResult(
                score=_score(row, words, postcode),
                property=PropertySearchAddress(
                    id=strawberry.ID(row["property_id"]),
                    postcode=row["postcode"],
                    address=_display(row),
                    split_address=[*row["lines"], *([row["locality"]] if row["locality"] else []), row["postcode"]],
                ),
            )
            for row in rows
        ]
        return sorted(found, key=lambda result: result.score, reverse=True)
