"""Quote commands: createGoodsQuote, createGoodsQuoteWithoutAccount and shareGoodsQuote.

A quote prices each product at today's catalogue price (an organisation, a sales channel, may set
its own); anything that does not name a product on sale today in its currency, with 1 to 1000 units,
is KT-CT-8202, and a product without a price when none is given is KT-CT-8205.

shareGoodsQuote needs no login and sends email, so every call counts against two allowances, per
quote code and per client address, whatever it answers (an unknown code costs a guesser as much as a
known one); past either, KT-CT-1199, the API's rate-limit code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain.accounts.application import Accounts
from domain.accounts.postcodes import gb_postcode
from domain.goods import commands
from domain.goods.catalogue import MAX_NAME, MAX_PRICE, GoodsCatalogue
from domain.goods.catalogue_commands import CatalogueCommands
from domain.goods.errors import GoodsQuoteCodeNotFound, GoodsQuoteCreationFailed, GoodsQuoteDataInvalid
from domain.goods.pricing import MAX_LINES, MAX_UNITS, PricedLine, priced_line
from domain.goods.purchase import GoodsPurchase
from domain.goods.quote import MAX_QUOTE_CODE, GoodsQuote, Prospect, QuoteNumber, new_quote_code
from domain.identity.lookups import WELL_FORMED_EMAIL
from domain.shared.catalogue import EmailInvalid, TooManyRequests
from domain.shared.errors import KrakenError
from domain.shared.int_ids import new_number
from domain.shared.throttle import Throttle

WELL_FORMED_PHONE = re.compile(r"\+?[0-9]{7,15}")
# clientParams and marketParams are small JSON objects: their compact text is at most this long.
MAX_PARAMS = 4096


@dataclass(frozen=True)
class GoodsSettings:
    """What the goods context takes from settings (KRAKEN_GOODS_...)."""

    quote_validity_days: int = 30
    shares_per_quote: int = 5
    shares_per_client: int = 20
    share_window_seconds: int = 86_400


@dataclass(frozen=True)
class SharedLine:
    product_name: str
    units: int
    unit_price: int
    net: int
    gross: int


@dataclass(frozen=True)
class QuoteShareMessage:
    quote_code: str
    share_id: int
    email: str
    lines: tuple[SharedLine, ...]
    total_net: int
    total_gross: int
    currency: str
    expires_at: datetime


def json_object(text: str | None, invalid: type[KrakenError]) -> str | None:
    """The params as compact JSON text, or None when none were given; `invalid` unless a small JSON object."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise invalid("The parameters are not JSON.") from None
    if not isinstance(value, dict):
        raise invalid("The parameters must be a JSON object.")
    compact = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if len(compact) > MAX_PARAMS:
        raise invalid(f"The parameters must be at most {MAX_PARAMS} characters of compact JSON.")
    return compact


def prospect_of(profile: commands.CustomerProfile) -> Prospect:
    """The prospect's details, tidied; KT-CT-8202 for a missing name, a malformed email, phone or postcode."""
    given, family = profile.given_name.strip(), profile.family_name.strip()
    if not 1 <= len(given) <= MAX_NAME or not 1 <= len(family) <= MAX_NAME:
        raise GoodsQuoteDataInvalid("The customer's given and family names are 1 to 100 characters.")
    email = profile.email.strip()
    if not WELL_FORMED_EMAIL.fullmatch(email):
        raise GoodsQuoteDataInvalid("The customer's email is not a well-formed email address.")
    phone = re.sub(r"[\s()-]", "", profile.phone_number)
    if not WELL_FORMED_PHONE.fullmatch(phone):
        raise GoodsQuoteDataInvalid("The customer's phone number is not a well-formed phone number.")
    postcode = gb_postcode(profile.postcode)
    if postcode is None:
        raise GoodsQuoteDataInvalid("The customer's postcode is not a GB postcode.")
    lines = tuple(line.strip() for line in profile.address_lines if line.strip())
    if not lines or not profile.address_lines[0].strip():
        raise GoodsQuoteDataInvalid("The customer's address needs its first line.")
    return Prospect(
        given_name=given, family_name=family, email=email, phone_number=phone, postcode=postcode, address_lines=lines
    )


class QuoteCommands(CatalogueCommands):
    goods_settings: GoodsSettings
    throttle: Throttle
    accounts: Accounts

    def create_goods_quote(self, command: commands.CreateGoodsQuote) -> GoodsQuote:
        client_params = json_object(command.client_params, GoodsQuoteDataInvalid)
        if self.accounts.account(command.account_number) is None:
            raise GoodsQuoteDataInvalid(f"No account has the number {command.account_number}.")
        return self._quote(command.account_number, None, command.products, client_params, command.may_set_prices)

    def create_goods_quote_without_account(self, command: commands.CreateGoodsQuoteWithoutAccount) -> GoodsQuote:
        prospect = prospect_of(command.customer_profile)
        client_params = json_object(command.client_params, GoodsQuoteDataInvalid)
        return self._quote(None, prospect, command.products, client_params, command.may_set_prices)

    def _quote(
        self,
        account_number: str | None,
        prospect: Prospect | None,
        products: tuple[commands.ProductToQuote, ...],
        client_params: str | None,
        may_set_prices: bool,
    ) -> GoodsQuote:
        def decide() -> tuple[GoodsQuote, list[Any]]:
            now = self.clock.now()
            lines = quoted_lines(self.catalogue(), products, may_set_prices, now)
            number = new_number()
            # A purchase made from this quote takes its number: none may have it already.
            while self.find(GoodsPurchase.id_for(number)) is not None:
                number = new_number()
            code = new_quote_code()
            expires_at = now + timedelta(days=self.goods_settings.quote_validity_days)
            quote = GoodsQuote.make(number, code, account_number, prospect, lines, client_params, now, expires_at)
            return quote, [quote, QuoteNumber.claim(number, code)]

        return self.decide(decide)

    def share_goods_quote(self, command: commands.ShareGoodsQuote) -> int:
        """Records the share (the actor emails it); returns the share's id."""
        settings = self.goods_settings
        # Counted under the code as it is looked up: spelling it in lower case is the same quote.
        code = command.quote_code.strip().upper()
        keys = [f"goods-quote-share:{code}", f"goods-quote-share-client:{command.client}"]
        counted = self.throttle.failures(keys, settings.share_window_seconds)
        if (
            counted.get(keys[0], 0) >= settings.shares_per_quote
            or counted.get(keys[1], 0) >= settings.shares_per_client
        ):
            raise TooManyRequests("Too many quote shares asked for; try again later.")
        self.throttle.record_failure(keys, settings.share_window_seconds)
        email = command.email.strip()
        if not WELL_FORMED_EMAIL.fullmatch(email):
            raise EmailInvalid("The email to share the quote with is not a well-formed email address.")

        def decide() -> tuple[int, list[Any]]:
            quote = self.quote(command.quote_code)
            if quote is None:
                raise GoodsQuoteCodeNotFound(f"No quote has the code {command.quote_code}.")
            share_id = new_number()
            quote.share(share_id, email, self.clock.now())
            return share_id, [quote]

        return self.decide(decide)

    # Lookups and the share actor's commands -------------------------------------------------------

    def quote(self, code: str) -> GoodsQuote | None:
        spelled = code.strip().upper()
        if not spelled or len(spelled) > MAX_QUOTE_CODE:
            return None
        found: GoodsQuote | None = self.find(GoodsQuote.id_for(spelled))
        return found

    def quote_by_number(self, number: int) -> GoodsQuote | None:
        claim: QuoteNumber | None = self.find(QuoteNumber.id_for(number))
        return None if claim is None else self.quote(claim.code)

    def quote_share_message(self, quote_code: str, share_id: int) -> QuoteShareMessage | None:
        """What to email for a share; None if there is no such share or it was sent."""
        quote = self.quote(quote_code)
        share = quote.shares.get(share_id) if quote else None
        if quote is None or share is None or share.sent_at is not None:
            return None
        catalogue = self.catalogue()
        lines = []
        for line in quote.lines:
            product = catalogue.product(line.product_id) if catalogue else None
            name = product.customer_name if product else line.product_code
            lines.append(SharedLine(name, line.units, line.unit_price, line.net, line.gross))
        return QuoteShareMessage(
            quote.code,
            share_id,
            share.email,
            tuple(lines),
            quote.total_net,
            quote.total_gross,
            quote.currency,
            quote.expires_at,
        )

    def record_quote_share_sent(self, quote_code: str, share_id: int) -> bool:
        def decide() -> tuple[bool, list[Any]]:
            quote = self.quote(quote_code)
            if quote is None or not quote.record_share_sent(share_id, self.clock.now()):
                return False, []
            return True, [quote]

        return self.decide(decide)


def quoted_lines(
    catalogue: GoodsCatalogue | None,
    products: tuple[commands.ProductToQuote, ...],
    may_set_prices: bool,
    now: datetime,
) -> tuple[PricedLine, ...]:
    if not 1 <= len(products) <= MAX_LINES:
        raise GoodsQuoteDataInvalid(f"A quote names 1 to {MAX_LINES} products.")
    lines = []
    for asked in products:
        product = catalogue.product(asked.product_id) if catalogue else None
        if product is None:
            raise GoodsQuoteDataInvalid(f"No product has the id {asked.product_id}.")
        if not 1 <= asked.number_of_units <= MAX_UNITS:
            raise GoodsQuoteDataInvalid(f"The number of units is 1 to {MAX_UNITS}.")
        if asked.currency.strip().upper() != product.currency:
            raise GoodsQuoteDataInvalid(f"Product {product.code} is priced in {product.currency}.")
        if not product.on_sale(now.date()):
            raise GoodsQuoteDataInvalid(f"Product {product.code} is not on sale today.")
        price = product.price_per_unit
        if asked.price_per_unit is not None:
            if not 0 <= asked.price_per_unit <= MAX_PRICE:
                raise GoodsQuoteDataInvalid(f"A price per unit is 0 to {MAX_PRICE} minor units.")
            if not may_set_prices and asked.price_per_unit != product.price_per_unit:
                # A customer quotes at the catalogue's prices: only a sales channel sets its own.
                raise GoodsQuoteDataInvalid(f"Product {product.code} is not sold at that price.")
            price = asked.price_per_unit
        if price is None:
            raise GoodsQuoteCreationFailed(f"Product {product.code} has no price: give one to quote it.")
        lines.append(priced_line(product, asked.number_of_units, price))
    if len({line.currency for line in lines}) > 1:
        raise GoodsQuoteDataInvalid("A quote is in one currency.")
    return tuple(lines)
