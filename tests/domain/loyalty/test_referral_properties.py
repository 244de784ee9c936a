"""Over random sequences of referrals, claim code redemptions, time passing, the scheduler's job and
the followers catching up: each reward is credited once, to the right ledger, and every ledger's
balance is the sum of its entries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.loyalty import commands
from domain.loyalty.referral import Referral, ReferralStatus
from domain.loyalty.referral_commands import ReferralSettings
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from tests.domain.loyalty.referrals import PARTNER, customer_of, friend_scheme, ledger_entries, partner_scheme
from workers.loyalty.referrals import pay_due_referral_rewards

PEOPLE = 4
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("refer"), st.integers(0, PEOPLE - 1), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("redeem"), st.integers(0, PEOPLE - 1), st.integers(0, 2)),
        st.tuples(st.just("advance"), st.integers(0, 4), st.just(0)),
        st.tuples(st.just("pay due"), st.just(0), st.just(0)),
        st.tuples(st.just("catch up"), st.just(0), st.just(0)),
    ),
    max_size=14,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_rewards_are_credited_once_and_ledgers_add_up(
    contexts: Contexts, clock: FrozenClock, catch_up: Callable[[], int], steps: list[tuple[str, int, int]]
) -> None:
    # Each example has customers of its own; the schemes are the catalogue's, added once.
    contexts.loyalty.referral_settings = ReferralSettings(reward_delay=timedelta(days=2))
    catalogue = contexts.loyalty.referral_schemes()
    if catalogue is None or catalogue.get(PARTNER) is None:
        friend_scheme(contexts)
        partner_scheme(contexts)
    tag = contexts.loyalty.clock.now().timestamp()
    people = [customer_of(contexts, f"P{n} X", f"p{n}-{tag}@example.com") for n in range(PEOPLE)]
    codes = contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=PARTNER, count=3))
    expected: Counter[str] = Counter()
    referrals: list[UUID] = []
    for what, a, b in steps:
        if what == "refer":
            try:
                contexts.loyalty.create_referral(
                    commands.CreateReferral(account_number=people[a]["account_number"], reference=people[b]["email"])
                )
            except KrakenError as refused:
                assert refused.code in ("KT-CT-6710", "KT-CT-6711")
            else:
                referrals.append(Referral.id_for_referred(people[a]["account_number"]))
                expected[people[a]["account_number"]] += 2500
                expected[people[b]["account_number"]] += 5000
        elif what == "redeem":
            try:
                contexts.loyalty.redeem_referral_claim_code(
                    commands.RedeemReferralClaimCode(
                        account_number=people[a]["account_number"], code=codes[b], user_id=UUID(people[a]["user_id"])
                    )
                )
            except KrakenError as refused:
                assert refused.code in ("KT-CT-6726", "KT-CT-1199")
            else:
                referrals.append(Referral.id_for_claim_code(codes[b]))
                expected[people[a]["account_number"]] += 1500
        elif what == "advance":
            clock.advance(timedelta(days=a))
        elif what == "pay due":
            pay_due_referral_rewards(contexts, clock.now().date())
        else:
            catch_up()
    # Whatever is still pending falls due and is paid.
    clock.advance(timedelta(days=3))
    catch_up()
    pay_due_referral_rewards(contexts, clock.now().date())
    catch_up()
    catch_up()
    for referral_id in referrals:
        referral = contexts.loyalty.referral(referral_id)
        assert referral is not None and referral.status is ReferralStatus.PAID
        paid = [
            e for e in contexts.loyalty.repository.event_store.get(referral_id) if isinstance(e, Referral.RewardPaid)
        ]
        assert len(paid) == 1
    for person in people:
        entries = ledger_entries(contexts, person["account_number"])  # asserts the balance is their sum
        sources = [source for _, source in entries]
        assert len(sources) == len(set(sources))
        assert sum(amount for amount, _ in entries) == expected[person["account_number"]]
