"""The referrals read model: rows as the referral lives (pending, then paid), claim codes as they are
redeemed, codes and schemes; and the account brands read model following the accounts context."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from domain.loyalty import commands
from domain.loyalty.referral import Referral
from domain.loyalty.referral_commands import ReferralSettings
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from projections.pages import Window
from tests.domain.loyalty.referrals import PARTNER, customer_of, friend_scheme, partner_scheme


def test_a_referral_is_pending_then_paid_and_listed_for_its_referrer(
    backend: str, contexts: Contexts, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    # given a referral whose rewards fall due in a week
    contexts.loyalty.referral_settings = ReferralSettings(reward_delay=timedelta(days=7))
    friend_scheme(contexts)
    ada = customer_of(contexts, "Ada Lovelace", "ada@example.com")
    bob = customer_of(contexts, "Bob Kahn", "bob@example.com")
    contexts.loyalty.create_referral(
        commands.CreateReferral(account_number=bob["account_number"], reference="ada@example.com")
    )
    catch_up()
    read = contexts.read.referrals
    referral_id = Referral.id_for_referred(bob["account_number"])
    [row] = read.referrals([str(referral_id)])
    assert row is not None and (row["status"], row["paid_at"]) == ("Pending", None)
    assert read.due(clock.now()) == [] and read.due(clock.now() + timedelta(days=7)) == [referral_id]
    assert read.referred([ada["account_number"], bob["account_number"]]) == [False, True]
    # when it is paid
    clock.advance(timedelta(days=7))
    contexts.loyalty.pay_referral_reward(referral_id)
    catch_up()
    # then
    [[paid], []] = [page.rows for page in read.pages(Window(size=10), [ada["account_number"], bob["account_number"]])]
    assert (paid["status"], paid["paid_at"]) == ("Paid", clock.now().isoformat())
    assert read.counts([ada["account_number"], "A-NOSUCH22"]) == [1, 0]
    assert read.due(clock.now()) == []
    assert [r["referral_id"] for r in read.rewarded([bob["account_number"]])[0]] == [str(referral_id)]


def test_claim_codes_schemes_codes_and_brands(
    contexts: Contexts, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    partner_scheme(contexts)
    dai = customer_of(contexts, "Dai Jones", "dai@example.com", brand="HAFREN_DYFRDWY")
    ada = customer_of(contexts, "Ada Lovelace", "ada@example.com")
    [code, other] = contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=PARTNER, count=2))
    contexts.loyalty.redeem_referral_claim_code(
        commands.RedeemReferralClaimCode(account_number=ada["account_number"], code=code, user_id=UUID(ada["user_id"]))
    )
    catch_up()
    read = contexts.read
    [redeemed, waiting, unknown] = read.referrals.claim_codes([code, other, "NOPE"])
    assert unknown is None and waiting is not None and waiting["referral_id"] is None
    assert redeemed is not None and redeemed["redeemed_by"] == ada["account_number"]
    assert redeemed["referral_id"] == str(Referral.id_for_claim_code(code))
    assert [s["code"] for s in read.referrals.schemes_of_brands(["SEVERN_TRENT", "HAFREN_DYFRDWY"])[0]] == [PARTNER]
    assert read.referrals.schemes_by_code([PARTNER, "NOPE"])[1] is None
    # Every opened account was given its code by the actor.
    codes = read.referrals.codes([ada["account_number"], dai["account_number"]])
    assert all(codes) and codes[0] == contexts.loyalty.referral_code(ada["account_number"])
    assert read.account_brands.brands([dai["account_number"], ada["account_number"]]) == [
        "HAFREN_DYFRDWY",
        "SEVERN_TRENT",
    ]
