"""initiateProductSwitch: an account moves to a product quoted for its supply point, from a day in
the quote's window; every refusal the seed lists, and the agreement history read back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.accounts import commands as accounts_commands
from domain.shared.clock import FrozenClock
from domain.supply import commands
from projections.contexts import Contexts
from settings import Settings
from tests.api.accounts.homes import customer_token, home
from tests.api.loyalty.conftest import token_for
from tests.api.pages.visiting import emails
from tests.api.supply.products import agreements, product_id, quoted, switch
from tests.domain.supply.products import quote
from tests.helpers import GraphQL, refused_with
from workers.supply.product_switches import apply_due_product_switches


def day(clock: FrozenClock, days: int = 0) -> date:
    return clock.now().date() + timedelta(days=days)


def test_a_switch_from_today_is_made_at_once_and_read_back_as_agreements(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given
    number = customer["account_number"]
    made = quoted(contexts, number, property_id)
    catch_up()
    moved_in = day(clock, -30).isoformat()
    assert agreements(gql, token, number) == [(moved_in, "", "ST-MEASURED-26")]
    # when
    body = switch(gql, token, number, product_id(made), day(clock).isoformat())
    # then
    assert body == {"data": {"initiateProductSwitch": {"productCode": "ST-WATERSURE-26", "switchDate": "2026-01-15"}}}
    catch_up()
    assert agreements(gql, token, number) == [
        (moved_in, "2026-01-15", "ST-MEASURED-26"),
        ("2026-01-15", "", "ST-WATERSURE-26"),
    ]


def test_the_agreement_names_its_product_with_its_prices(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    quoted(contexts, customer["account_number"], property_id)
    catch_up()
    body = gql(
        "query($n: String!) { account(accountNumber: $n) { agreements { id product { code displayName basis "
        "standingCharge volumetricRate } } } }",
        {"n": customer["account_number"]},
        token=token,
    )
    [agreement] = body["data"]["account"]["agreements"]
    assert agreement["id"] == f"{property_id}-1-1"
    assert agreement["product"] == {
        "code": "ST-MEASURED-26",
        "displayName": "Measured water 2026",
        "basis": "MEASURED",
        "standingCharge": "10.52",
        "volumetricRate": "183.40",
    }


def test_a_later_switch_is_made_by_the_scheduler_on_its_day(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given
    number = customer["account_number"]
    made = quoted(contexts, number, property_id)
    on = day(clock, 7)
    assert switch(gql, token, number, product_id(made, 2), on.isoformat())["data"]["initiateProductSwitch"] == {
        "productCode": "ST-ASSESSED-26",
        "switchDate": on.isoformat(),
    }
    catch_up()
    assert apply_due_product_switches(contexts, day(clock)) == 0
    assert [code for *_, code in agreements(gql, token, number)] == ["ST-MEASURED-26"]
    # when
    clock.advance(timedelta(days=7))
    token = token_for(contexts, customer["email"])
    assert apply_due_product_switches(contexts, day(clock)) == 1
    catch_up()
    # then: made once, however often the job runs
    assert apply_due_product_switches(contexts, day(clock)) == 0
    assert [(until, code) for _, until, code in agreements(gql, token, number)] == [
        (on.isoformat(), "ST-MEASURED-26"),
        ("", "ST-ASSESSED-26"),
    ]


def test_a_confirmation_is_emailed_unless_suppressed(
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    made = quoted(contexts, number, property_id)
    switch(gql, token, number, product_id(made), day(clock, 3).isoformat())
    catch_up()
    assert emails(settings) == []
    # A second quote's switch, once the first is made, asks for the email.
    clock.advance(timedelta(days=3))
    token = token_for(contexts, customer["email"])
    apply_due_product_switches(contexts, day(clock))
    again = quote(contexts.supply, number, property_id, "ST-ASSESSED-26")
    body = switch(gql, token, number, product_id(again), day(clock, 1).isoformat(), suppressCommunications=False)
    assert "errors" not in body, body
    catch_up()
    [sent] = emails(settings)
    assert sent["To"] == customer["email"]
    assert "Assessed charge 2026" in sent["Subject"]
    catch_up()
    assert len(emails(settings)) == 1


def test_another_customers_account_is_kt_ct_4924(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, stranger: dict[str, str]
) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    theirs = token_for(contexts, "charles@example.com")
    refused_with(switch(gql, theirs, customer["account_number"], product_id(made), "2026-01-20"), "KT-CT-4924")


def test_naming_another_user_is_kt_ct_4924(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, stranger: dict[str, str]
) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    body = switch(gql, token, customer["account_number"], product_id(made), "2026-01-20", userId=stranger["user_id"])
    refused_with(body, "KT-CT-4924")


@pytest.mark.parametrize("given", ["nonsense", "QFFFFFFFFFFFFFFFFFFFF-1", "-1", "Q-x"])
def test_a_quoted_product_of_no_quote_is_kt_ct_4619(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, given: str
) -> None:
    quoted(contexts, customer["account_number"], property_id)
    refused_with(switch(gql, token, customer["account_number"], given, "2026-01-20"), "KT-CT-4619")


def test_another_accounts_quote_is_kt_ct_4619(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    number, theirs = customer_token(contexts, "charles@example.com", "Charles Babbage")
    made = quoted(contexts, customer["account_number"], property_id)
    home(contexts, number, line1="9 Mill Lane")
    refused_with(switch(gql, theirs, number, product_id(made), "2026-01-20"), "KT-CT-4619")


def test_an_ordinal_not_on_the_quote_is_kt_ct_4626(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str
) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    refused_with(switch(gql, token, customer["account_number"], product_id(made, 3), "2026-01-20"), "KT-CT-4626")


def test_an_expired_quote_is_kt_ct_4624(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    clock.advance(timedelta(days=14))
    token = token_for(contexts, customer["email"])
    body = switch(gql, token, customer["account_number"], product_id(made), day(clock, 1).isoformat())
    refused_with(body, "KT-CT-4624")


def test_a_product_off_sale_on_the_day_is_kt_ct_4624(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    quoted(contexts, number, property_id)
    contexts.supply.add_product(
        commands.AddProduct(
            code="ST-LEAVING-26",
            display_name="Leaving soon",
            basis="MEASURED",
            standing_charge=Decimal("9"),
            volumetric_rate=Decimal("150"),
            available_to=day(clock, 5),
        )
    )
    made = quote(contexts.supply, number, property_id, "ST-LEAVING-26")
    refused_with(switch(gql, token, number, product_id(made), day(clock, 6).isoformat()), "KT-CT-4624")


def test_a_supply_point_the_account_left_is_kt_ct_4719(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    made = quoted(contexts, number, property_id)
    contexts.accounts.vacate_property(
        accounts_commands.VacateProperty(account_number=number, property_id=property_id, effective_to=day(clock))
    )
    refused_with(switch(gql, token, number, product_id(made), day(clock, 2).isoformat()), "KT-CT-4719")


@pytest.mark.parametrize("days", [-1, 31])
def test_a_day_outside_the_quotes_window_is_kt_ct_1507(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    clock: FrozenClock,
    days: int,
) -> None:
    made = quoted(contexts, customer["account_number"], property_id)
    refused_with(
        switch(gql, token, customer["account_number"], product_id(made), day(clock, days).isoformat()), "KT-CT-1507"
    )


def test_a_switch_overlapping_a_scheduled_one_is_kt_ct_1509(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    made = quoted(contexts, number, property_id)
    assert "errors" not in switch(gql, token, number, product_id(made), day(clock, 10).isoformat())
    refused_with(switch(gql, token, number, product_id(made, 2), day(clock, 12).isoformat()), "KT-CT-1509")


def test_a_switch_beyond_the_move_out_is_kt_ct_1509(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    made = quoted(contexts, number, property_id)
    contexts.accounts.vacate_property(
        accounts_commands.VacateProperty(account_number=number, property_id=property_id, effective_to=day(clock, 5))
    )
    refused_with(switch(gql, token, number, product_id(made), day(clock, 6).isoformat()), "KT-CT-1509")


def test_an_over_long_quoted_product_id_is_kt_ct_4626(
    gql: GraphQL, customer: dict[str, str], token: str, property_id: str
) -> None:
    refused_with(switch(gql, token, customer["account_number"], "Q" * 40, "2026-01-20"), "KT-CT-4626")
