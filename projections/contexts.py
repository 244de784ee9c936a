"""What every process is handed by the composition root: the six context applications and the read models."""

from __future__ import annotations

from dataclasses import dataclass, fields

from domain.accounts.application import Accounts
from domain.goods.application import Goods
from domain.identity.application import Identity
from domain.loyalty.application import Loyalty
from domain.payments.application import Payments
from domain.supply.application import Supply
from projections.catalogue import ReadModels


@dataclass(frozen=True)
class Contexts:
    """One Application per bounded context, built once per process (after any fork), and the read models."""

    identity: Identity
    accounts: Accounts
    payments: Payments
    goods: Goods
    loyalty: Loyalty
    supply: Supply
    read: ReadModels

    def close(self) -> None:
        for field in fields(self):
            getattr(self, field.name).close()
        # The login throttle's connections belong to this process too (a pool on PostgreSQL).
        close_throttle = getattr(self.identity.throttle, "close", None)
        if close_throttle is not None:
            close_throttle()
