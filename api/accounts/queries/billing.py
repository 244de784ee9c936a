"""`account { billingEmail billingAddress billingAddressLine1..5 billingAddressPostcode splitBillingAddress
address commsDeliveryPreference }`: the account's billing details, from the billing read model."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Any

import strawberry

from api.scalars import GenericScalar


@strawberry.enum
class CommsDeliveryPreference(Enum):
    EMAIL = "EMAIL"
    POSTAL_MAIL = "POSTAL_MAIL"


@strawberry.type
class RichAddressType:
    name: str | None = strawberry.field(description="A personal name.", default=None)
    organization: str | None = strawberry.field(description="The name of a business or organisation.", default=None)
    street_address: str | None = strawberry.field(
        description="The 'street address' component; generated from `structuredStreetAddress` when that is set.",
        default=None,
    )
    structured_street_address: GenericScalar | None = strawberry.field(
        description="The 'street address' component, in a structured format (for GB, Royal Mail PAF's parts).",
        default=None,
    )
    dependent_locality: str | None = strawberry.field(
        description="UK dependent localities, or neighbourhoods or boroughs in some other locations.", default=None
    )
    locality: str | None = strawberry.field(
        description="City or town portion of an address, e.g. US city, AU suburb/town, IT comune, UK post town.",
        default=None,
    )
    administrative_area: str | None = strawberry.field(
        description="Top-level administrative subdivision, e.g. US state, AU state/territory, JP prefecture.",
        default=None,
    )
    postal_code: str | None = strawberry.field(description="Postal code (ZIP code in the US).", default=None)
    sorting_code: str | None = strawberry.field(
        description="Sorting code, e.g. FR CEDEX code. This field is not used in many countries.", default=None
    )
    country: str | None = strawberry.field(
        description="ISO 3166-1 alpha-2 code of the country this address belongs to, e.g. `AU`, `GB`.", default=None
    )
    delivery_point_identifier: str | None = strawberry.field(
        description="Identifier used by the local postal service for this address.", default=None
    )


@dataclass(frozen=True)
class Billing:
    """One account's billing row, as the fields of AccountType read it (every field None without one)."""

    row: dict[str, Any] | None

    def get(self, column: str) -> str | None:
        return None if self.row is None else self.row[column]

    @property
    def lines(self) -> list[str]:
        lines = self.get("lines")
        return [str(line) for line in json.loads(lines)] if lines else []

    def line(self, number: int) -> str | None:
        lines = self.lines
        return lines[number - 1] if number <= len(lines) else None

    @property
    def split(self) -> list[str | None] | None:
        """The printed lines and the postcode, as Kraken's splitBillingAddress lists them."""
        if self.get("street_address") is None:
            return None
        return [*self.lines, self.get("postal_code")]

    @property
    def text(self) -> str | None:
        """The address as one string, its lines separated by newlines (Kraken's billingAddress)."""
        split = self.split
        return None if split is None else "\n".join(line for line in split if line)

    @property
    def address(self) -> RichAddressType | None:
        if self.get("street_address") is None:
            return None
        structured = self.get("structured_street_address")
        return RichAddressType(
            street_address=self.get("street_address"),
            structured_street_address=json.loads(structured) if structured else None,
            dependent_locality=self.get("dependent_locality"),
            locality=self.get("locality"),
            administrative_area=self.get("administrative_area"),
            postal_code=self.get("postal_code"),
            sorting_code=self.get("sorting_code"),
            country=self.get("country"),
            delivery_point_identifier=self.get("delivery_point_identifier"),
        )


async def billing_of(info: strawberry.Info, account_number: str, fresh: dict[str, Any] | None = None) -> Billing:
    """The account's billing row: `fresh` when a mutation just made it, else through the one loader every
    billing field of the request shares (one query for every account the document reaches)."""
    if fresh is not None:
        return Billing(fresh)
    return Billing(await info.context.loader(info.context.contexts.read.account_billing.billing).load(account_number))


# The resolvers of AccountType's billing fields: the account is the root; its `changed_billing` is what a
# mutation just changed.


async def _of(root: Any, info: strawberry.Info) -> Billing:
    return await billing_of(info, str(root.number), root.changed_billing)


async def billing_email(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).get("billing_email")


async def billing_address(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).text


async def billing_address_line1(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).line(1)


async def billing_address_line2(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).line(2)


async def billing_address_line3(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).line(3)


async def billing_address_line4(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).line(4)


async def billing_address_line5(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).line(5)


async def billing_address_postcode(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).get("postal_code")


async def billing_country_code(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).get("country")


async def billing_delivery_point_identifier(root: strawberry.Parent[Any], info: strawberry.Info) -> str | None:
    return (await _of(root, info)).get("delivery_point_identifier")


async def split_billing_address(root: strawberry.Parent[Any], info: strawberry.Info) -> list[str | None] | None:
    return (await _of(root, info)).split


async def address(root: strawberry.Parent[Any], info: strawberry.Info) -> RichAddressType | None:
    return (await _of(root, info)).address


async def comms_delivery_preference(
    root: strawberry.Parent[Any], info: strawberry.Info
) -> CommsDeliveryPreference | None:
    chosen = (await _of(root, info)).get("comms_delivery_preference")
    return CommsDeliveryPreference(chosen) if chosen else None
