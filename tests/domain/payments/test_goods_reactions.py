"""The payments context reacting to goods purchases: a charge when one is made, a reversal and a new charge
when its items change; each posted once, and every balance the sum of its entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

import msgspec
import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from domain.goods import commands
from domain.goods.purchase import GoodsPurchase
from domain.payments.application import GOODS_PURCHASE
from domain.payments.ledger import Ledger
from ops import following
from projections.contexts import Contexts
from settings import Settings
from tests.domain.goods.catalogue import stock


def posted(contexts: Contexts, account_number: str) -> list[Ledger.Posted]:
    ledger = contexts.payments.ledger_of(account_number)
    assert ledger is not None
    entries = [e for e in contexts.payments.repository.event_store.get(ledger.id) if isinstance(e, Ledger.Posted)]
    assert sum(e.amount for e in entries) == ledger.balance
    return entries


def made(account_number: str, amount_due: int) -> GoodsPurchase.Made:
    return GoodsPurchase.Made(
        originator_id=uuid4(),
        originator_version=1,
        timestamp=datetime.now(UTC),
        originator_topic=get_topic(GoodsPurchase),
        number=1234567,
        code="GP-1234567",
        account_number=account_number,
        ledger_number="L-unused",
        quote_number=None,
        items=(),
        grants=(),
        amount_due=amount_due,
        currency="GBP",
        client_params=None,
        market_params=None,
        made_at=datetime.now(UTC),
    )


def test_a_purchase_is_charged_and_a_change_reversed_and_charged_again(
    backend: str, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given
    stock(contexts.goods)
    number = customer["account_number"]
    kit = commands.ProductToPurchase(product_code="WATER-SAVING-KIT", number_of_units=2)
    bought = contexts.goods.create_goods_purchase(commands.CreateGoodsPurchase(account_number=number, items=(kit,)))
    one = msgspec.structs.replace(kit, number_of_units=1)
    contexts.goods.update_active_purchase(
        commands.UpdateActivePurchase(account_number=number, purchase_id=bought.code, items=(one,))
    )
    # when: caught up again and again
    catch_up()
    catch_up()
    # then
    entries = posted(contexts, number)
    assert [(e.kind, e.amount, e.source, e.reason_code) for e in entries] == [
        ("CHARGE", -3000, f"goods:{bought.code}:0", GOODS_PURCHASE),
        ("CREDIT", 3000, f"goods:{bought.code}:1:reversal", GOODS_PURCHASE),
        ("CHARGE", -1500, f"goods:{bought.code}:1", GOODS_PURCHASE),
    ]


def test_a_second_runner_posts_nothing_again(
    settings: Settings, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    stock(contexts.goods)
    kit = commands.ProductToPurchase(product_code="WATER-SAVING-KIT", number_of_units=1)
    contexts.goods.create_goods_purchase(
        commands.CreateGoodsPurchase(account_number=customer["account_number"], items=(kit,))
    )
    catch_up()
    other = following.runner(msgspec.structs.replace(settings, broker_url=""), contexts)
    try:
        other.catch_up()
    finally:
        other.wakeup.close()
    assert [e.amount for e in posted(contexts, customer["account_number"])] == [-1500]


def test_the_same_upstream_event_processed_twice_posts_once(
    contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    catch_up()
    event = made(customer["account_number"], 2500)
    contexts.payments.process_event(event, Tracking("Goods", 1))
    with pytest.raises(IntegrityError):
        contexts.payments.process_event(event, Tracking("Goods", 1))
    assert [e.amount for e in posted(contexts, customer["account_number"])] == [-2500]


def test_a_charge_beyond_the_ledgers_limit_is_recorded_as_refused(
    contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    catch_up()
    too_much = contexts.payments.limits.ledger_balance + 1
    contexts.payments.process_event(made(customer["account_number"], too_much), Tracking("Goods", 1))
    ledger = contexts.payments.ledger_of(customer["account_number"])
    assert ledger is not None and ledger.balance == 0
    refused = [e for e in contexts.payments.repository.event_store.get(ledger.id) if isinstance(e, Ledger.EntryRefused)]
    assert [(e.kind, e.amount) for e in refused] == [("CHARGE", too_much)]


def test_a_change_to_a_purchase_whose_charge_was_refused_gives_nothing_back(
    contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given a purchase whose charge the ledger refused (beyond its limit)
    catch_up()
    number = customer["account_number"]
    too_much = contexts.payments.limits.ledger_balance + 1
    first = made(number, too_much)
    contexts.payments.process_event(first, Tracking("Goods", 1))
    # when its items change to a smaller amount
    replaced = GoodsPurchase.ItemsReplaced(
        originator_id=first.originator_id,
        originator_version=2,
        timestamp=datetime.now(UTC),
        code=first.code,
        account_number=number,
        revision=1,
        items=(),
        grants=(),
        previous_amount_due=too_much,
        amount_due=1500,
        currency="GBP",
        client_params=None,
        market_params=None,
        replaced_at=datetime.now(UTC),
    )
    contexts.payments.process_event(replaced, Tracking("Goods", 2))
    # then only the new charge is posted: no credit for money that was never taken
    assert [(e.kind, e.amount) for e in posted(contexts, number)] == [("CHARGE", -1500)]
