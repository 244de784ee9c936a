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
from domain.supply.measurement_commands import DEFAULT_BATCH_ROWS, MeasurementCommands
from domain.supply.measurement_store import MeasurementStore
from domain.supply.meter_commands import DEFAULT_MAX_DAILY_USE_M3, MeterCommands
from domain.supply.move_commands import DEFAULT_COT_READING_WINDOW_DAYS, DEFAULT_MOVE_WINDOW_DAYS, MoveCommands
from domain.supply.process_commands import ProcessCommands, ProcessSettings
from domain.supply.product_commands import ProductCommands, ProductSettings


class Supply(
    MoveCommands,
    ProcessCommands,
    ChargeCommands,
    ProductCommands,
    MeterCommands,
    MeasurementCommands,
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
        processes: ProcessSettings | None = None,
        move_window_days: int = DEFAULT_MOVE_WINDOW_DAYS,
        cot_reading_window_days: int = DEFAULT_COT_READING_WINDOW_DAYS,
        measurements: MeasurementStore | None = None,
        measurement_batch_rows: int = DEFAULT_BATCH_ROWS,
        reversion_months: int = DEFAULT_REVERSION_MONTHS,
        max_daily_use_m3: float = DEFAULT_MAX_DAILY_USE_M3,
        products: ProductSettings | None = None,
    ) -> None:
        super().__init__(env, clock)
        self.accounts = accounts
        self.identity = identity
        self.process_settings = processes or ProcessSettings()
        self.move_window_days = move_window_days
        self.cot_reading_window_days = cot_reading_window_days
        if measurements is not None:
            self.measurements = measurements
        self.measurement_batch_rows = measurement_batch_rows
        self.reversion_months = reversion_months
        self.max_daily_use_m3 = max_daily_use_m3
        self.product_settings = products or ProductSettings()
