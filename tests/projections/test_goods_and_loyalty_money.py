"""A property across the contexts that move money through payments without owning it: whatever goods and
loyalty do, in whatever order, every ledger's balance is the sum of its entries, no charge or reward is
posted twice, and each ledger holds exactly what goods and loyalty say was due.

Random histories of goods quotes, acceptances (again and again), direct purchases and changes to their
items, friend referrals and partner claim codes, contribution agreements made and ended, with time
passing (the scheduler fulfilling contribution periods and paying due rewards) and the reactions, read
models and actors catching up at random points, and catching up twice. Everything runs for real, on
SQLite and PostgreSQL: the commands, the payments reactions, the scheduler's jobs and the projections.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import msgspec
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.goods import commands as goods
from domain.loyalty import commands as loyalty
from domain.loyalty.contribution_agreement import ContributionInterval
from domain.loyalty.contribution_commands import (
    AddContributionScheme,
    CreateContributionAgreement,
    EndContributionAgreement,
)
from domain.loyalty.referral import Referral, ReferralStatus
from domain.payments.ledger import main_ledger_number
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from settings import Settings
from tests.domain.goods.catalogue import stock
from tests.domain.loyalty.referrals import customer_of, friend_scheme, partner_scheme
from workers.loyalty.contributions import fulfil_due_contribution_periods
from workers.loyalty.referrals import pay_due_referral_rewards

# Examples per backend; raise it for a longer hunt (KRAKEN_PROPERTY_EXAMPLES=500).
EXAMPLES = int(os.environ.get("KRAKEN_PROPERTY_EXAMPLES", "40"))
PEOPLE = 3
PRODUCTS = ("WATER-BUTT-200L", "WATER-SAVING-KIT")
PRODUCT_IDS = {"WATER-BUTT-200L": 1, "WATER-SAVING-KIT": 2}

who = st.integers(0, PEOPLE - 1)
basket = st.lists(st.tuples(st.sampled_from(PRODUCTS), st.integers(1, 3)), min_size=1, max_size=2)
quote = st.tuples(st.just("quote"), who, basket)
accept = st.tuples(st.just("accept"), who, st.integers(0, 5))
buy = st.tuples(st.just("buy"), who, basket)
change = st.tuples(st.just("change"), who, st.tuples(st.integers(0, 5), basket))
refer = st.tuples(st.just("refer"), who, who)
claim = st.tuples(st.just("claim"), who, st.integers(0, 2))
contribute = st.tuples(
    st.just("contribute"), who, st.tuples(st.sampled_from(list(ContributionInterval)), st.integers(1, 900))
)
end = st.tuples(st.just("end"), who, st.integers(0, 3))
pause = st.tuples(st.sampled_from(["catch up", "time passes"]), st.just(0), st.integers(1, 100))
histories = st.lists(
    st.one_of(quote, accept, buy, change, refer, claim, contribute, end, pause, buy, change, accept),
    min_size=1,
    max_size=16,
)


@pytest.fixture(name="settings")
def rewards_a_week_later(settings: Settings) -> Settings:
    """Rewards fall due a week after the referral, so that histories see them pending and then paid."""
    return msgspec.structs.replace(settings, referral_reward_delay_days=7)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same histories on every CI run; a longer random hunt is one variable away
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories)
def test_every_ledger_holds_exactly_what_goods_and_loyalty_said_was_due_once(
    backend: str,
    contexts: Contexts,
    clock: FrozenClock,
    catch_up: Callable[[], int],
    history: list[tuple[str, int, Any]],
) -> None:
    # given three customers (new for each example), a catalogue, a friend and a partner scheme with
    # claim codes, and a contribution scheme
    suffix = os.urandom(4).hex()
    people = [customer_of(contexts, f"Person Number{i}", f"p{i}-{suffix}@example.com") for i in range(PEOPLE)]
    accounts = [p["account_number"] for p in people]
    if contexts.goods.catalogue() is None or not contexts.goods.products():
        stock(contexts.goods)
        friend_scheme(contexts)
        partner_scheme(contexts)
        contexts.loyalty.add_contribution_scheme(AddContributionScheme(code="WATER_FUND", display_name="Water fund"))
    codes = contexts.loyalty.issue_claim_codes(loyalty.IssueClaimCodes(scheme_code="ST-PARTNER", count=3))
    catch_up()
    quotes: dict[int, list[int]] = {i: [] for i in range(PEOPLE)}
    purchases: dict[int, list[str]] = {i: [] for i in range(PEOPLE)}
    agreements: dict[int, list[str]] = {i: [] for i in range(PEOPLE)}

    # when the history happens
    for what, person, detail in history:
        account = accounts[person]
        try:
            if what == "quote":
                lines = tuple(
                    goods.ProductToQuote(product_id=PRODUCT_IDS[code], number_of_units=units, currency="GBP")
                    for code, units in detail
                )
                made = contexts.goods.create_goods_quote(goods.CreateGoodsQuote(account_number=account, products=lines))
                quotes[person].append(made.number)
            elif what == "accept":
                chosen = quotes[person][detail % len(quotes[person])] if quotes[person] else 999_999
                bought = contexts.goods.accept_goods_quote(
                    goods.AcceptGoodsQuote(account_number=account, quote_id=chosen)
                )
                purchases[person].append(bought.code)
            elif what == "buy":
                items = tuple(goods.ProductToPurchase(product_code=c, number_of_units=u) for c, u in detail)
                bought = contexts.goods.create_goods_purchase(
                    goods.CreateGoodsPurchase(account_number=account, items=items)
                )
                purchases[person].append(bought.code)
            elif what == "change":
                index, new_basket = detail
                # the account's own purchases, or else another's (refused as unknown to this account)
                known = purchases[person] or [c for made in purchases.values() for c in made] or ["GP-9999999"]
                code = known[index % len(known)]
                items = tuple(goods.ProductToPurchase(product_code=c, number_of_units=u) for c, u in new_basket)
                contexts.goods.update_active_purchase(
                    goods.UpdateActivePurchase(account_number=account, purchase_id=code, items=items)
                )
            elif what == "refer":
                referrer = accounts[detail]
                contexts.loyalty.create_referral(
                    loyalty.CreateReferral(account_number=account, reference=contexts.loyalty.referral_code(referrer))
                )
            elif what == "claim":
                contexts.loyalty.redeem_referral_claim_code(
                    loyalty.RedeemReferralClaimCode(
                        account_number=account,
                        code=codes[detail],
                        user_id=UUID(people[person]["user_id"]),
                    )
                )
            elif what == "contribute":
                interval, amount = detail
                agreement = contexts.loyalty.create_contribution_agreement(
                    CreateContributionAgreement(
                        account_number=account,
                        scheme_code="WATER_FUND",
                        interval=interval,
                        amount=amount,
                        active_from=clock.now(),
                    )
                )
                agreements[person].append(str(agreement.id))
            elif what == "end":
                if agreements[person]:
                    chosen_agreement = agreements[person][detail % len(agreements[person])]
                    contexts.loyalty.end_contribution_agreement(
                        EndContributionAgreement(agreement_id=UUID(chosen_agreement))
                    )
            elif what == "catch up":
                catch_up()
            else:
                clock.advance(timedelta(days=detail))
                _scheduler_runs(contexts, catch_up)
        except KrakenError as refused:
            # refused (an unknown or accepted quote, a second referral, a used claim code, an
            # overlapping agreement...): nothing may have moved, which the end checks
            event(f"refused: {type(refused).__name__}")

    # and everything settles, twice: the reactions and the scheduler, then again
    for _ in range(2):
        clock.advance(timedelta(days=100))
        _scheduler_runs(contexts, catch_up)

    # then each ledger's balance is the sum of its entries, in the read model and the write model
    read = contexts.read
    for person, account in enumerate(accounts):
        number = main_ledger_number(account)
        entries = read.ledgers.entries(number)
        row = read.ledgers.ledger(number)
        written = contexts.payments.ledger(number)
        assert row is not None and written is not None
        assert row["balance"] == sum(e["amount"] for e in entries) == written.balance
        # and no entry was posted twice
        sources = Counter((e["kind"], e["source"]) for e in entries)
        assert all(count == 1 for count in sources.values()), sources
        # and the goods entries of each purchase net to what it is due now
        for code in set(purchases[person]):
            purchase = contexts.goods.purchase(code)
            assert purchase is not None
            net = sum(e["amount"] for e in entries if e["source"].startswith(f"goods:{code}:"))
            assert net == -purchase.amount_due
            if purchase.revision:
                event("a purchase's items changed")
        # and each agreement charged its amount once per fulfilled period, nothing else
        for agreement_id in set(agreements[person]):
            agreement = contexts.loyalty.contribution_agreement(UUID(agreement_id))
            assert agreement is not None
            charged = [e["amount"] for e in entries if e["source"].startswith(f"contribution:{agreement.id}:")]
            assert charged == [-agreement.amount] * len(agreement.fulfilled)
            if charged:
                event("a contribution period charged")
        # and every reward credited belongs to a paid referral of this account, once
        rewards = sum(e["amount"] for e in entries if e["source"].startswith("referral:"))
        assert rewards == _rewards_due(contexts, accounts, codes, account)
        if rewards:
            event("a referral reward paid")


def _scheduler_runs(contexts: Contexts, catch_up: Callable[[], int]) -> None:
    today = contexts.loyalty.clock.now().date()
    catch_up()
    fulfil_due_contribution_periods(contexts, today)
    pay_due_referral_rewards(contexts, today)
    catch_up()


def _rewards_due(contexts: Contexts, accounts: list[str], codes: list[str], account_number: str) -> int:
    """What the paid referrals (friend ones by referred account, partner ones by claim code) owe the
    account, from the loyalty side."""
    ids = [Referral.id_for_referred(a) for a in accounts] + [Referral.id_for_claim_code(c) for c in codes]
    total = 0
    for referral in filter(None, (contexts.loyalty.referral(i) for i in ids)):
        if referral.status is not ReferralStatus.PAID:
            continue
        if referral.referred_account == account_number:
            total += referral.referred_reward
        if referral.referring_account == account_number:
            total += referral.referrer_reward
    return total
