"""Products, quotes and switches in the domain: the agreement history a switch leaves, and its rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.accounts import commands as accounts_commands
from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.agreements import SupplyAgreements
from domain.supply.errors import AgreementCreationFailed, ProductSwitchDateOutOfRange
from domain.supply.product import ProductExists, ProductInvalid
from domain.supply.product_switch import ProductSwitch
from domain.supply.quote import quoted_product_id
from domain.supply.supply_point import derived_supply_point_id
from projections.contexts import Contexts
from tests.domain.supply.products import catalogue, quote


@pytest.fixture
def home(contexts: Contexts, customer: dict[str, str], clock: FrozenClock) -> str:
    registered = contexts.accounts.register_property(
        accounts_commands.RegisterProperty(
            account_number=customer["account_number"],
            lines=("3 Weir Row",),
            postcode="DE21 5AB",
            occupied_from=clock.now().date() - timedelta(days=60),
        )
    )
    catalogue(contexts.supply)
    return registered.property_id


def switch(contexts: Contexts, number: str, product_id: str, on: date) -> ProductSwitch:
    return contexts.supply.initiate_product_switch(
        commands.InitiateProductSwitch(account_number=number, quoted_product_id=product_id, switch_date=on)
    )


def test_a_product_keeps_its_prices_as_decimals_of_pence(contexts: Contexts) -> None:
    catalogue(contexts.supply)
    product = contexts.supply.water_product("st-watersure-26")
    assert product is not None
    assert (product.standing_charge, product.volumetric_rate) == (Decimal("8.10"), Decimal("121.95"))
    with pytest.raises(ProductExists):
        catalogue(contexts.supply)


def test_an_unmeasured_product_has_no_volumetric_rate(contexts: Contexts) -> None:
    with pytest.raises(ProductInvalid):
        contexts.supply.add_product(
            commands.AddProduct(
                code="X-1", display_name="X", basis="UNMEASURED", standing_charge=Decimal(1), volumetric_rate=Decimal(2)
            )
        )


def test_a_quote_names_the_supply_point_and_the_window_of_start_dates(
    contexts: Contexts, customer: dict[str, str], home: str, clock: FrozenClock
) -> None:
    made = quote(contexts.supply, customer["account_number"], home)
    today = clock.now().date()
    assert made.supply_point_id == derived_supply_point_id(home)
    assert (made.first_start_date, made.last_start_date) == (today, today + timedelta(days=30))
    assert [p.product_code for p in made.products] == ["ST-WATERSURE-26", "ST-ASSESSED-26"]
    assert len(made.code) == 21 and contexts.supply.quote(made.code) is not None


def test_a_metered_home_is_quoted_by_its_meter_point_and_an_earlier_quote_still_switches(
    contexts: Contexts, customer: dict[str, str], home: str, clock: FrozenClock
) -> None:
    number, today = customer["account_number"], clock.now().date()
    before = quote(contexts.supply, number, home)
    meter = contexts.supply.install_meter(
        commands.InstallMeter(
            property_id=home,
            serial_number="SN-QUOTED-1",
            installation_date=today - timedelta(days=30),
            initial_reading=0,
            installed_by="ops",
        )
    )
    after = quote(contexts.supply, number, home)
    assert (before.supply_point_id, after.supply_point_id) == (
        derived_supply_point_id(home),
        meter.meter_point_reference,
    )
    # The quote made before the meter was fitted names the same supply point, by the id derived from the home.
    assert switch(contexts, number, quoted_product_id(before.code, 1), today + timedelta(days=3)).number


def test_a_future_switch_ends_the_default_agreement_on_its_day(
    contexts: Contexts, customer: dict[str, str], home: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    made = quote(contexts.supply, number, home)
    on = clock.now().date() + timedelta(days=10)
    initiated = switch(contexts, number, quoted_product_id(made.code, 1), on)
    # Not yet: the day has not come.
    assert contexts.supply.apply_product_switch(initiated.number) is False
    clock.advance(timedelta(days=10))
    assert contexts.supply.apply_product_switch(initiated.number) is True
    assert contexts.supply.apply_product_switch(initiated.number) is False
    agreements: SupplyAgreements = contexts.supply.load(SupplyAgreements.id_for(initiated.period_id))
    first, second = agreements.terms
    assert (first.product_code, first.valid_to) == ("ST-MEASURED-26", on)
    assert (second.product_code, second.valid_from, second.valid_to) == ("ST-WATERSURE-26", on, None)


def test_a_second_switch_while_one_is_scheduled_is_refused(
    contexts: Contexts, customer: dict[str, str], home: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    made = quote(contexts.supply, number, home)
    today = clock.now().date()
    switch(contexts, number, quoted_product_id(made.code, 1), today + timedelta(days=5))
    with pytest.raises(AgreementCreationFailed):
        switch(contexts, number, quoted_product_id(made.code, 2), today + timedelta(days=8))


def test_a_date_beyond_the_window_is_out_of_range(
    contexts: Contexts, customer: dict[str, str], home: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    made = quote(contexts.supply, number, home)
    with pytest.raises(ProductSwitchDateOutOfRange):
        switch(contexts, number, quoted_product_id(made.code, 1), clock.now().date() + timedelta(days=31))
