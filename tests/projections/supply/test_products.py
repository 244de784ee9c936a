"""The products read models: quotes and products as published, agreements a switch records, the
switches due on a day, and the quote follow-ups due at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.accounts import commands as accounts_commands
from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.quote import SupplyQuote, quoted_product_id
from projections.contexts import Contexts
from tests.domain.supply.products import catalogue, quote


@pytest.fixture
def made(contexts: Contexts, customer: dict[str, str]) -> SupplyQuote:
    home = contexts.accounts.register_property(
        accounts_commands.RegisterProperty(
            account_number=customer["account_number"],
            lines=("3 Weir Row",),
            postcode="DE21 5AB",
            occupied_from=date(2025, 12, 1),
        )
    )
    catalogue(contexts.supply)
    return quote(contexts.supply, customer["account_number"], home.property_id)


def test_products_and_quotes_come_back_as_made(
    backend: str, contexts: Contexts, made: SupplyQuote, catch_up: Callable[[], int]
) -> None:
    catch_up()
    read = contexts.read.water_products
    [watersure, missing] = read.products(["ST-WATERSURE-26", "NOPE"])
    assert missing is None and watersure is not None
    assert (watersure["standing_charge"], watersure["volumetric_rate"]) == (Decimal("8.10"), Decimal("121.95"))
    [found] = read.quotes([made.code])
    assert found is not None
    assert (found["supply_point_id"], found["expires_at"]) == (made.supply_point_id, made.expires_at)
    assert found["products"] == [
        {"ordinal": 1, "product_code": "ST-WATERSURE-26"},
        {"ordinal": 2, "product_code": "ST-ASSESSED-26"},
    ]


def test_switches_are_due_on_their_day_and_leave_agreements_once_made(
    backend: str,
    contexts: Contexts,
    customer: dict[str, str],
    made: SupplyQuote,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    on = clock.now().date() + timedelta(days=3)
    switch = contexts.supply.initiate_product_switch(
        commands.InitiateProductSwitch(
            account_number=number, quoted_product_id=quoted_product_id(made.code, 2), switch_date=on
        )
    )
    catch_up()
    agreements = contexts.read.supply_agreements
    assert agreements.due_switches(on - timedelta(days=1)) == []
    assert agreements.due_switches(on) == [switch.number]
    [[first]] = agreements.of_accounts([number])[0].values()
    assert (first["product_code"], first["valid_from"], first["valid_to"]) == (
        "ST-MEASURED-26",
        date(2025, 12, 1),
        None,
    )
    clock.advance(timedelta(days=3))
    contexts.supply.apply_product_switch(switch.number)
    catch_up()
    assert agreements.due_switches(on) == []
    [terms] = agreements.of_accounts([number])[0].values()
    assert [(t["ordinal"], t["product_code"], t["valid_from"], t["valid_to"]) for t in terms] == [
        (1, "ST-MEASURED-26", date(2025, 12, 1), on),
        (2, "ST-ASSESSED-26", on, None),
    ]


def test_a_follow_up_is_due_once_its_delay_passed_until_released(
    backend: str, contexts: Contexts, made: SupplyQuote, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    follow_up = contexts.supply.schedule_quote_follow_up(
        commands.ScheduleQuoteFollowUp(quote_code=made.code, client="192.0.2.7", email="ada@example.com")
    )
    catch_up()
    due = contexts.read.quote_follow_ups.due
    assert due(clock.now() + timedelta(hours=23)) == []
    assert due(clock.now() + timedelta(hours=24)) == [follow_up.id]
    clock.advance(timedelta(hours=24))
    assert contexts.supply.release_quote_follow_up(follow_up.id) is True
    catch_up()
    assert due(clock.now()) == []
