"""The goods context's application: the catalogue of goods and grants, quotes, and purchases.

Its store is encrypted at rest (a prospect's profile and the addresses quotes are shared with).
Money is not moved here: payments reacts to GoodsPurchase.Made and GoodsPurchase.ItemsReplaced.
It is handed the Accounts application to know which accounts exist (an organisation may name any).
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.accounts.application import Accounts
from domain.goods.purchase_commands import PurchaseCommands
from domain.goods.quote_commands import GoodsSettings
from domain.shared.clock import Clock
from domain.shared.throttle import Throttle


class Goods(PurchaseCommands):
    name = "Goods"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        *,
        throttle: Throttle,
        accounts: Accounts,
        goods_settings: GoodsSettings | None = None,
    ) -> None:
        super().__init__(env, clock)
        self.throttle, self.accounts = throttle, accounts
        self.goods_settings = goods_settings or GoodsSettings()
