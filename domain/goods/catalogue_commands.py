"""Catalogue commands: the operators' products and grants (kraken goods ...), and the lookups of them."""

from __future__ import annotations

from typing import Any

from domain.goods import commands
from domain.goods.catalogue import GoodsCatalogue, GoodsGrantOffer, GoodsProduct
from domain.shared.application import ContextApplication


class CatalogueCommands(ContextApplication):
    def catalogue(self) -> GoodsCatalogue | None:
        found: GoodsCatalogue | None = self.find(GoodsCatalogue.id_for())
        return found

    def _change_catalogue(self, change: Any) -> Any:
        def decide() -> tuple[Any, list[Any]]:
            catalogue = self.catalogue() or GoodsCatalogue.start()
            return change(catalogue), [catalogue]

        return self.decide(decide)

    def add_product(self, command: commands.AddProduct) -> GoodsProduct:
        """CatalogueInvalid for a malformed or taken code, a bad price, VAT rate or window."""
        today = self.clock.now().date()
        product: GoodsProduct = self._change_catalogue(
            lambda catalogue: catalogue.add_product(
                code=command.code,
                market_name=command.market_name,
                product_type=command.product_type,
                product_type_name=command.product_type_name,
                customer_name=command.customer_name,
                description=command.description,
                notes=command.notes,
                available_from=command.available_from or today,
                available_to=command.available_to,
                price_per_unit=command.price_per_unit,
                vat_basis_points=command.vat_basis_points,
                currency=command.currency,
            )
        )
        return product

    def set_product_price(self, command: commands.SetProductPrice) -> GoodsProduct:
        at = self.clock.now()
        product: GoodsProduct = self._change_catalogue(
            lambda catalogue: catalogue.set_price(command.code, command.price_per_unit, at)
        )
        return product

    def withdraw_product(self, command: commands.WithdrawProduct) -> GoodsProduct:
        at = self.clock.now()
        product: GoodsProduct = self._change_catalogue(lambda catalogue: catalogue.withdraw_product(command.code, at))
        return product

    def add_grant(self, command: commands.AddGrant) -> GoodsGrantOffer:
        grant: GoodsGrantOffer = self._change_catalogue(
            lambda catalogue: catalogue.add_grant(
                command.code, command.product_code, command.amount_per_unit, command.max_units
            )
        )
        return grant

    def withdraw_grant(self, command: commands.WithdrawGrant) -> GoodsGrantOffer:
        at = self.clock.now()
        grant: GoodsGrantOffer = self._change_catalogue(lambda catalogue: catalogue.withdraw_grant(command.code, at))
        return grant

    def products(self) -> list[GoodsProduct]:
        catalogue = self.catalogue()
        return sorted(catalogue.products.values(), key=lambda p: p.id) if catalogue else []

    def grants(self) -> list[GoodsGrantOffer]:
        catalogue = self.catalogue()
        return sorted(catalogue.grants.values(), key=lambda g: g.code) if catalogue else []
