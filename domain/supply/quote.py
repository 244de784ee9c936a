"""The SupplyQuote aggregate: the products quoted to an account for one supply point, by code.

A quote's code is unguessable (80 random bits), because a code is all that scheduleQuoteFollowUp,
an unauthenticated mutation, needs. Each quoted product is known by the quote's code and its
ordinal there ("Q1A2B...-2"): initiateProductSwitch names the quote only through it, as Kraken's
input does, so an id that does not parse, or names no quote, is an unknown quote (KT-CT-4619), and
one whose ordinal is not on its quote is no product of the quote (KT-CT-4626).

The days a quoted product may start on are fixed when it is quoted: from the quote's day to
`window_days` later (Kraken's allowedSupplyStartDates; days already past are never allowed). A
quote can be accepted until it expires.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

_QUOTES = uuid5(NAMESPACE_URL, "https://kraken-es/supply/quote/")
# The longest code a client may send: ours are 21 characters; longer ones name no quote.
MAX_QUOTE_CODE = 40
MAX_QUOTED_PRODUCTS = 10


def new_quote_code() -> str:
    return "Q" + secrets.token_hex(10).upper()


def quoted_product_id(code: str, ordinal: int) -> str:
    return f"{code}-{ordinal}"


def parse_quoted_product_id(text: object) -> tuple[str, int] | None:
    """The quote code and ordinal a quoted product id names; None if it cannot name one."""
    code, _, ordinal = str(text).strip().rpartition("-")
    if not code or len(code) > MAX_QUOTE_CODE or not ordinal.isdigit() or len(ordinal) > 3:
        return None
    return code, int(ordinal)


class QuotedProduct(msgspec.Struct, frozen=True):
    ordinal: int
    product_code: str


class SupplyQuote(Aggregate):
    """Products quoted to an account for one supply point at one property, until an expiry."""

    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(_QUOTES, code)

    @classmethod
    def make(
        cls,
        code: str,
        account_number: str,
        property_id: str,
        supply_point_id: str,
        product_codes: tuple[str, ...],
        first_start_date: date,
        last_start_date: date,
        expires_at: datetime,
        at: datetime,
    ) -> SupplyQuote:
        return cls._create(
            cls.Made,
            id=cls.id_for(code),
            code=code,
            account_number=account_number,
            property_id=property_id,
            supply_point_id=supply_point_id,
            products=tuple(QuotedProduct(n, product) for n, product in enumerate(product_codes, start=1)),
            first_start_date=first_start_date,
            last_start_date=last_start_date,
            expires_at=expires_at,
            made_at=at,
        )

    class Made(Aggregate.Created):
        code: str
        account_number: str
        property_id: str
        supply_point_id: str
        products: tuple[QuotedProduct, ...]
        first_start_date: date
        last_start_date: date
        expires_at: datetime
        made_at: datetime

    @event(Made)
    def __init__(
        self,
        code: str,
        account_number: str,
        property_id: str,
        supply_point_id: str,
        products: tuple[QuotedProduct, ...],
        first_start_date: date,
        last_start_date: date,
        expires_at: datetime,
        made_at: datetime,
    ) -> None:
        self.code, self.account_number, self.property_id = code, account_number, property_id
        self.supply_point_id, self.products = supply_point_id, products
        self.first_start_date, self.last_start_date = first_start_date, last_start_date
        self.expires_at, self.made_at = expires_at, made_at

    def product(self, ordinal: int) -> QuotedProduct | None:
        return next((p for p in self.products if p.ordinal == ordinal), None)

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def allows_start_on(self, day: date, today: date) -> bool:
        return max(self.first_start_date, today) <= day <= self.last_start_date


def start_window(today: date, window_days: int) -> tuple[date, date]:
    return today, today + timedelta(days=window_days)
