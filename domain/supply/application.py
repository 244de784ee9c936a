"""The supply context's application: who occupies which property, the processes that move them in
and out, water meters and their readings, interval measurements, the basis of charge and products.

Properties and accounts belong to the accounts context and logins to identity: the supply context
is handed both applications and reads (and, for a house move, commands) them through their methods.
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.accounts.application import Accounts
from domain.identity.application import Identity
from domain.shared.application import ContextApplication
from domain.shared.clock import Clock
from domain.supply.charge_commands import DEFAULT_REVERSION_MONTHS, ChargeCommands
from domain.supply.meter_commands import DEFAULT_MAX_DAILY_USE_M3, MeterCommands


class Supply(
    ChargeCommands,
    MeterCommands,
    ContextApplication,
):
    name = "Supply"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        *,
        accounts: Accounts,
        identity: Identity,
        reversion_months: int = DEFAULT_REVERSION_MONTHS,
        max_daily_use_m3: float = DEFAULT_MAX_DAILY_USE_M3,
    ) -> None:
        super().__init__(env, clock)
        self.accounts = accounts
        self.identity = identity
        self.reversion_months = reversion_months
        self.max_daily_use_m3 = max_daily_use_m3
