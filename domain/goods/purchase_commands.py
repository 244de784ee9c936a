"""Purchase commands: acceptGoodsQuote, createGoodsPurchase and updateActivePurchase, with the grants
each purchase is given.

Grants: each grant on offer for a product in the basket takes its amount off as many units as the
account's cap still allows (the units the account's other purchases hold count against it). When an
active purchase's items change, its grants are worked out again for the new items, and every grant
the purchase held must still apply to them: the grant still offered, its product still in the basket,
room under the cap. Otherwise the account's grants cannot be applied to the new items: KT-CT-8227, and
nothing changes (the items, the grants and the ledger stay as they were).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.goods import commands
from domain.goods.catalogue import GoodsCatalogue
from domain.goods.errors import (
    GoodsGrantsNotApplied,
    GoodsPurchaseDataInvalid,
    GoodsPurchaseNotActive,
    GoodsPurchaseNotFound,
    GoodsQuoteAcceptanceInvalid,
    QuoteNotFound,
)
from domain.goods.pricing import MAX_LINES, MAX_UNITS, GrantLine, PricedLine, granted, priced_line
from domain.goods.purchase import AccountGrants, GoodsPurchase, parse_purchase_id, purchase_code
from domain.goods.quote import QuoteNumber
from domain.goods.quote_commands import QuoteCommands, json_object
from domain.payments.ledger import main_ledger_number
from domain.shared.int_ids import new_number


class PurchaseCommands(QuoteCommands):
    def accept_goods_quote(self, command: commands.AcceptGoodsQuote) -> GoodsPurchase:
        """Buys at the quoted prices; the purchase takes the quote's number and is saved with the
        quote's acceptance, so a quote is bought once however often, or however many at once, accept it."""
        client_params = json_object(command.client_params, GoodsQuoteAcceptanceInvalid)
        market_params = json_object(command.market_params, GoodsQuoteAcceptanceInvalid)

        def decide() -> tuple[GoodsPurchase, list[Any]]:
            now = self.clock.now()
            quote = self.quote_by_number(command.quote_id)
            # Another account's quote, or a prospect's, is answered as none: not the viewer's to learn.
            if quote is None or quote.account_number != command.account_number:
                raise QuoteNotFound(f"Account {command.account_number} has no quote {command.quote_id}.")
            if quote.accepted:
                raise GoodsQuoteAcceptanceInvalid(f"Quote {command.quote_id} has already been accepted.")
            if quote.expired(now):
                raise GoodsQuoteAcceptanceInvalid(f"Quote {command.quote_id} has expired.")
            code = purchase_code(quote.number)
            grants, _, holdings = self._granted(command.account_number, code, quote.lines)
            purchase = GoodsPurchase.make(
                quote.number,
                command.account_number,
                main_ledger_number(command.account_number),
                quote.number,
                quote.lines,
                grants,
                client_params if client_params is not None else quote.client_params,
                market_params,
                now,
            )
            quote.accept(purchase.number, now)
            return purchase, [purchase, quote, *holdings]

        return self.decide(decide)

    def create_goods_purchase(self, command: commands.CreateGoodsPurchase) -> GoodsPurchase:
        """Buys at today's catalogue prices."""
        client_params = json_object(command.client_params, GoodsPurchaseDataInvalid)
        market_params = json_object(command.market_params, GoodsPurchaseDataInvalid)
        if self.accounts.account(command.account_number) is None:
            raise GoodsPurchaseDataInvalid(f"No account has the number {command.account_number}.")

        def decide() -> tuple[GoodsPurchase, list[Any]]:
            now = self.clock.now()
            lines = purchase_lines(self.catalogue(), command.items, now)
            number = new_number()
            # A quote's number is kept for the purchase made from it.
            while self.find(GoodsPurchase.id_for(number)) or self.find(QuoteNumber.id_for(number)):
                number = new_number()
            grants, _, holdings = self._granted(command.account_number, purchase_code(number), lines)
            purchase = GoodsPurchase.make(
                number,
                command.account_number,
                main_ledger_number(command.account_number),
                None,
                lines,
                grants,
                client_params,
                market_params,
                now,
            )
            return purchase, [purchase, *holdings]

        return self.decide(decide)

    def update_active_purchase(self, command: commands.UpdateActivePurchase) -> GoodsPurchase:
        """Replaces the items at today's prices and works the grants out again (KT-CT-8227, see above)."""
        number = parse_purchase_id(command.purchase_id)
        if number is None:
            raise GoodsPurchaseNotFound(f"'{command.purchase_id}' names no purchase.")
        client_params = json_object(command.client_params, GoodsPurchaseDataInvalid)
        market_params = json_object(command.market_params, GoodsPurchaseDataInvalid)

        def decide() -> tuple[GoodsPurchase, list[Any]]:
            now = self.clock.now()
            purchase: GoodsPurchase | None = self.find(GoodsPurchase.id_for(number))
            if purchase is None or purchase.account_number != command.account_number:
                raise GoodsPurchaseNotFound(f"Account {command.account_number} has no purchase {command.purchase_id}.")
            if not purchase.active:
                raise GoodsPurchaseNotActive(f"Purchase {purchase.code} is {purchase.status.value.lower()}.")
            lines = purchase_lines(self.catalogue(), command.items, now)
            held = {grant.grant_code for grant in purchase.grants}
            grants, taken, holdings = self._granted(command.account_number, purchase.code, lines)
            lost = sorted(code for code in held if taken.get(code, 0) < 1)
            if lost:
                raise GoodsGrantsNotApplied(
                    f"The grants {', '.join(lost)} held by purchase {purchase.code} cannot be applied to the new items."
                )
            purchase.replace_items(
                lines,
                grants,
                client_params if client_params is not None else purchase.client_params,
                market_params if market_params is not None else purchase.market_params,
                now,
            )
            return purchase, [purchase, *holdings]

        return self.decide(decide)

    def complete_purchase(self, command: commands.CompletePurchase) -> bool:
        """Fulfilment delivered the goods; False if the purchase was already completed."""
        number = parse_purchase_id(command.code)
        if number is None:
            raise GoodsPurchaseNotFound(f"'{command.code}' names no purchase.")

        def decide() -> tuple[bool, list[Any]]:
            purchase: GoodsPurchase | None = self.find(GoodsPurchase.id_for(number))
            if purchase is None:
                raise GoodsPurchaseNotFound(f"No purchase has the code {command.code}.")
            if not purchase.complete(self.clock.now()):
                return False, []
            return True, [purchase]

        return self.decide(decide)

    def _granted(
        self, account_number: str, code: str, lines: tuple[PricedLine, ...]
    ) -> tuple[tuple[GrantLine, ...], dict[str, int], list[Any]]:
        """The grants for the lines, the units each takes, and the account's holdings to save with them."""
        catalogue = self.catalogue()
        products = dict.fromkeys(line.product_code for line in lines)
        offers = [offer for product in products for offer in (catalogue.offered_grants(product) if catalogue else [])]
        found: AccountGrants | None = self.find(AccountGrants.id_for(account_number))
        if not offers and (found is None or code not in found.held):
            return (), {}, []
        holdings = found or AccountGrants.start(account_number)
        room = holdings.room({offer.code: offer.max_units for offer in offers}, excluding=code)
        grants, taken = granted(lines, offers, room)
        if found is None and not taken:
            return grants, taken, []
        holdings.hold(code, taken)
        return grants, taken, [holdings]

    # Lookups and the confirmation actor's command -----------------------------------------------

    def purchase(self, purchase_id: str) -> GoodsPurchase | None:
        number = parse_purchase_id(purchase_id)
        found: GoodsPurchase | None = None if number is None else self.find(GoodsPurchase.id_for(number))
        return found

    def record_purchase_confirmation_sent(self, code: str) -> bool:
        def decide() -> tuple[bool, list[Any]]:
            purchase = self.purchase(code)
            if purchase is None or not purchase.record_confirmation_sent(self.clock.now()):
                return False, []
            return True, [purchase]

        return self.decide(decide)


def purchase_lines(
    catalogue: GoodsCatalogue | None, items: tuple[commands.ProductToPurchase, ...], now: datetime
) -> tuple[PricedLine, ...]:
    """The items priced at today's catalogue prices; KT-CT-8206 for anything that cannot be bought today."""
    if not 1 <= len(items) <= MAX_LINES:
        raise GoodsPurchaseDataInvalid(f"A purchase has 1 to {MAX_LINES} items.")
    lines = []
    for item in items:
        product = catalogue.product_by_code(item.product_code) if catalogue else None
        if product is None:
            raise GoodsPurchaseDataInvalid(f"No product has the code {item.product_code.strip().upper()}.")
        if not 1 <= item.number_of_units <= MAX_UNITS:
            raise GoodsPurchaseDataInvalid(f"The number of units is 1 to {MAX_UNITS}.")
        if not product.on_sale(now.date()) or product.price_per_unit is None:
            raise GoodsPurchaseDataInvalid(f"Product {product.code} is not on sale today.")
        lines.append(priced_line(product, item.number_of_units, product.price_per_unit))
    if len({line.currency for line in lines}) > 1:
        raise GoodsPurchaseDataInvalid("A purchase is in one currency.")
    return tuple(lines)
