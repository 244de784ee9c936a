"""The GoodsQuote aggregate: a priced snapshot of a basket of goods, for an account or a prospect.

A quote lives at an id derived from its code, which is unguessable (80 random bits) because
shareGoodsQuote needs nothing else; its integer id (Kraken's `quoteId: Int`, drawn at random) is
claimed by a QuoteNumber saved with it, so that acceptGoodsQuote can find it. Its lines keep the
prices quoted: later catalogue changes never change a quote. A prospect's profile (names and
contacts) is recorded in the goods store, which is encrypted at rest, and is never copied to a read
model. Accepting it records the purchase made from it, once; each share records the recipient and,
once the email went out, that it was sent.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from uuid import UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from domain.goods.catalogue import GOODS
from domain.goods.pricing import PricedLine

# Ours are 22 characters; a longer code a client sends names no quote.
MAX_QUOTE_CODE = 40


def new_quote_code() -> str:
    return "GQ" + secrets.token_hex(10).upper()


class Prospect(msgspec.Struct, frozen=True, kw_only=True):
    """Someone quoted before they are a customer (createGoodsQuoteWithoutAccount)."""

    given_name: str
    family_name: str
    email: str
    phone_number: str
    postcode: str
    address_lines: tuple[str, ...]


class QuoteShare(msgspec.Struct, kw_only=True):
    share_id: int
    email: str
    shared_at: datetime
    sent_at: datetime | None = None


class QuoteNumber(Aggregate):
    """Claims a quote's integer id: two quotes drawing the same number conflict, and the retry draws another."""

    @staticmethod
    def id_for(number: int) -> UUID:
        return uuid5(GOODS, f"quote-number:{number}")

    @classmethod
    def claim(cls, number: int, code: str) -> QuoteNumber:
        return cls._create(cls.Claimed, id=cls.id_for(number), number=number, code=code)

    class Claimed(Aggregate.Created):
        number: int
        code: str

    @event(Claimed)
    def __init__(self, number: int, code: str) -> None:
        self.number, self.code = number, code


class GoodsQuote(Aggregate):
    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(GOODS, f"quote:{code}")

    @classmethod
    def make(
        cls,
        number: int,
        code: str,
        account_number: str | None,
        prospect: Prospect | None,
        lines: tuple[PricedLine, ...],
        client_params: str | None,
        quoted_at: datetime,
        expires_at: datetime,
    ) -> GoodsQuote:
        return cls._create(
            cls.Quoted,
            id=cls.id_for(code),
            number=number,
            code=code,
            account_number=account_number,
            prospect=prospect,
            lines=lines,
            total_net=sum(line.net for line in lines),
            total_gross=sum(line.gross for line in lines),
            currency=lines[0].currency,
            client_params=client_params,
            quoted_at=quoted_at,
            expires_at=expires_at,
        )

    class Quoted(Aggregate.Created):
        number: int
        code: str
        account_number: str | None
        prospect: Prospect | None
        lines: tuple[PricedLine, ...]
        total_net: int
        total_gross: int
        currency: str
        client_params: str | None
        quoted_at: datetime
        expires_at: datetime

    @event(Quoted)
    def __init__(
        self,
        number: int,
        code: str,
        account_number: str | None,
        prospect: Prospect | None,
        lines: tuple[PricedLine, ...],
        total_net: int,
        total_gross: int,
        currency: str,
        client_params: str | None,
        quoted_at: datetime,
        expires_at: datetime,
    ) -> None:
        self.number, self.code, self.account_number, self.prospect = number, code, account_number, prospect
        self.lines, self.total_net, self.total_gross, self.currency = lines, total_net, total_gross, currency
        self.client_params, self.quoted_at, self.expires_at = client_params, quoted_at, expires_at
        self.purchase_number: int | None = None
        self.shares: dict[int, QuoteShare] = {}

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    @property
    def accepted(self) -> bool:
        return self.purchase_number is not None

    def accept(self, purchase_number: int, at: datetime) -> None:
        self._accept(purchase_number=purchase_number, accepted_at=at)

    class Accepted(Aggregate.Event):
        purchase_number: int
        accepted_at: datetime

    @event(Accepted)
    def _accept(self, purchase_number: int, accepted_at: datetime) -> None:
        self.purchase_number = purchase_number

    def share(self, share_id: int, email: str, at: datetime) -> None:
        self._share(quote_code=self.code, share_id=share_id, email=email, shared_at=at)

    class Shared(Aggregate.Event):
        quote_code: str
        share_id: int
        email: str
        shared_at: datetime

    @event(Shared)
    def _share(self, quote_code: str, share_id: int, email: str, shared_at: datetime) -> None:
        self.shares[share_id] = QuoteShare(share_id=share_id, email=email, shared_at=shared_at)

    def record_share_sent(self, share_id: int, at: datetime) -> bool:
        share = self.shares.get(share_id)
        if share is None or share.sent_at is not None:
            return False
        self._record_share_sent(share_id=share_id, sent_at=at)
        return True

    class ShareSent(Aggregate.Event):
        share_id: int
        sent_at: datetime

    @event(ShareSent)
    def _record_share_sent(self, share_id: int, sent_at: datetime) -> None:
        self.shares[share_id].sent_at = sent_at
