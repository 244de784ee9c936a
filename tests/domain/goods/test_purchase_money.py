"""A property of goods and payments together: whatever sequence of quotes, acceptances (repeated too),
purchases, item changes and completions happens, each ledger balance is the sum of its entries, no
entry is posted twice, and an account's balance is minus what its purchases are due now."""

from __future__ import annotations

import base64
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.goods import commands
from domain.payments.ledger import Ledger
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError
from ops import following, runtime
from settings import Settings
from tests.domain.goods.catalogue import stock

CODES = ("WATER-BUTT-200L", "WATER-SAVING-KIT", "LEAK-DETECTOR")
basket = st.lists(st.tuples(st.sampled_from(CODES), st.integers(min_value=0, max_value=4)), min_size=0, max_size=3)
action = st.one_of(
    st.tuples(st.just("quote"), st.integers(0, 1), basket),
    st.tuples(st.just("accept"), st.integers(0, 1), st.integers(0, 5)),
    st.tuples(st.just("buy"), st.integers(0, 1), basket),
    st.tuples(st.just("change"), st.integers(0, 1), st.integers(0, 5), basket),
    st.tuples(st.just("complete"), st.integers(0, 5)),
    st.tuples(st.just("settle")),
)


def _items(chosen: list[tuple[str, int]]) -> tuple[commands.ProductToPurchase, ...]:
    return tuple(commands.ProductToPurchase(product_code=code, number_of_units=units) for code, units in chosen)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(action, min_size=1, max_size=14))
def test_every_balance_is_its_entries_and_minus_what_is_due(actions: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        configured = Settings(
            data_dir=data_dir,
            secret_key="property-" + os.urandom(8).hex(),
            identity_cipher_key=base64.b64encode(os.urandom(32)).decode(),
            pool_size=1,
        )
        contexts = runtime.build(configured, FrozenClock(datetime(2026, 1, 15, 9, 30, tzinfo=UTC)))
        runner = following.runner(msgspec.structs.replace(configured, broker_url=""), contexts)
        try:
            _run(contexts, runner.catch_up, actions)
        finally:
            runner.wakeup.close()
            contexts.close()


def _run(contexts: runtime.Contexts, catch_up: Callable[[], int], actions: list[tuple[Any, ...]]) -> None:
    goods = contexts.goods
    stock(goods)
    accounts = [contexts.accounts.open_account(name).number for name in ("Ada Lovelace", "Charles Babbage")]
    quotes: list[tuple[str, int]] = []
    purchases: list[tuple[str, str]] = []
    products = {p.code: p.id for p in goods.products()}
    for step in actions:
        try:
            if step[0] == "quote":
                lines = tuple(
                    commands.ProductToQuote(product_id=products[code], number_of_units=units, currency="GBP")
                    for code, units in step[2]
                )
                made = goods.create_goods_quote(
                    commands.CreateGoodsQuote(account_number=accounts[step[1]], products=lines)
                )
                quotes.append((accounts[step[1]], made.number))
            elif step[0] == "accept" and quotes:
                account, number = quotes[step[2] % len(quotes)]
                bought = goods.accept_goods_quote(commands.AcceptGoodsQuote(account_number=account, quote_id=number))
                purchases.append((account, bought.code))
            elif step[0] == "buy":
                bought = goods.create_goods_purchase(
                    commands.CreateGoodsPurchase(account_number=accounts[step[1]], items=_items(step[2]))
                )
                purchases.append((accounts[step[1]], bought.code))
            elif step[0] == "change" and purchases:
                account, code = purchases[step[2] % len(purchases)]
                goods.update_active_purchase(
                    commands.UpdateActivePurchase(account_number=account, purchase_id=code, items=_items(step[3]))
                )
            elif step[0] == "complete" and purchases:
                goods.complete_purchase(commands.CompletePurchase(code=purchases[step[1] % len(purchases)][1]))
            elif step[0] == "settle":
                catch_up()
        except KrakenError:
            pass  # a refusal changes nothing, which the checks below see
    catch_up()
    catch_up()
    for account in accounts:
        due = 0
        for owner, code in dict.fromkeys(purchases):
            found = goods.purchase(code)
            if owner == account and found is not None:
                due += found.amount_due
        ledger = contexts.payments.ledger_of(account)
        assert ledger is not None
        entries = [e for e in contexts.payments.repository.event_store.get(ledger.id) if isinstance(e, Ledger.Posted)]
        assert sum(e.amount for e in entries) == ledger.balance
        assert len({e.source for e in entries}) == len(entries)
        assert ledger.balance == -due
