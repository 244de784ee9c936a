"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec

# Products: the catalogue, quotes, product switches and quote follow-ups ----------------------------


class AddProduct(msgspec.Struct, frozen=True, kw_only=True):
    """Adds a water product to the catalogue (an operator's command); available from today by default."""

    code: str
    display_name: str
    basis: str
    standing_charge: Decimal
    volumetric_rate: Decimal = Decimal(0)
    description: str = ""
    available_from: date | None = None
    available_to: date | None = None


class QuoteProducts(msgspec.Struct, frozen=True, kw_only=True):
    """Quotes products for the supply point of a property the account occupies."""

    account_number: str
    property_id: str
    product_codes: tuple[str, ...]


class InitiateProductSwitch(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    quoted_product_id: str
    switch_date: date
    suppress_communications: bool = True
    # Where the confirmation goes when it is not suppressed (else the account's billing email).
    notify_email: str | None = None


class ScheduleQuoteFollowUp(msgspec.Struct, frozen=True, kw_only=True):
    quote_code: str
    # Who asks (a client address): the throttle counts per quote and per client.
    client: str
    account_number: str | None = None
    email: str = ""
    mobile: str = ""
    given_name: str = ""
    family_name: str = ""
