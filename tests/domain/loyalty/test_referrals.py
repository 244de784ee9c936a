"""Referrals: friend referrals by email, link or code, partner claim codes, and rewards paid once."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from uuid import UUID, uuid4

import msgspec
import pytest
from eventsourcing.persistence import Tracking
from eventsourcing.utils import get_topic

from domain.accounts.account import Account
from domain.loyalty import commands
from domain.loyalty.errors import (
    ReferralBrandMismatch,
    ReferralClaimCodeAlreadyRedeemed,
    ReferralClaimCodeNotFound,
    ReferralClaimCodeUnavailable,
    ReferralCreationFailed,
    ReferralReferenceNotFound,
    SelfReferralNotAllowed,
)
from domain.loyalty.referral import Referral, ReferralStatus
from domain.loyalty.referral_commands import ReferralSettings
from domain.loyalty.referral_schemes import SchemeInvalid
from domain.shared.catalogue import TooManyRequests
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from tests.domain.loyalty.referrals import PARTNER, customer_of, friend_scheme, ledger_entries, partner_scheme
from workers.loyalty.referrals import pay_due_referral_rewards


@pytest.fixture
def ada(contexts: Contexts) -> dict[str, str]:
    return customer_of(contexts, "Ada Lovelace", "ada@example.com")


@pytest.fixture
def bob(contexts: Contexts) -> dict[str, str]:
    return customer_of(contexts, "Bob Kahn", "bob@example.com")


def refer(contexts: Contexts, referred: dict[str, str], reference: str) -> int:
    return contexts.loyalty.create_referral(
        commands.CreateReferral(account_number=referred["account_number"], reference=reference)
    )


def redeem(contexts: Contexts, customer: dict[str, str], code: str) -> bool:
    return contexts.loyalty.redeem_referral_claim_code(
        commands.RedeemReferralClaimCode(
            account_number=customer["account_number"], code=code, user_id=UUID(customer["user_id"])
        )
    )


# Friend referrals ----------------------------------------------------------------------------------


def test_a_friend_referral_pays_both_accounts_once(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str], catch_up: Callable[[], int]
) -> None:
    friend_scheme(contexts)
    code = contexts.loyalty.referral_code(ada["account_number"])
    assert contexts.loyalty.referral_code(ada["account_number"]) == code

    assert refer(contexts, bob, code.lower()) == 2500
    catch_up()
    catch_up()

    referral = contexts.loyalty.referral(Referral.id_for_referred(bob["account_number"]))
    assert referral is not None and referral.status is ReferralStatus.PAID
    assert ledger_entries(contexts, ada["account_number"]) == [(5000, f"referral:{referral.id}:referrer")]
    assert ledger_entries(contexts, bob["account_number"]) == [(2500, f"referral:{referral.id}:referred")]


@pytest.mark.parametrize("how", ["email", "link", "code"])
def test_the_referrer_is_named_by_email_link_or_code(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str], how: str
) -> None:
    friend_scheme(contexts)
    code = contexts.loyalty.referral_code(ada["account_number"])
    reference = {
        "email": " ADA@example.com ",
        "link": contexts.loyalty.referral_link(code) + "?utm=mail",
        "code": code,
    }[how]
    assert refer(contexts, bob, reference) == 2500
    referral = contexts.loyalty.referral(Referral.id_for_referred(bob["account_number"]))
    assert referral is not None and referral.referring_account == ada["account_number"]


def test_refusals_in_order(contexts: Contexts, ada: dict[str, str], bob: dict[str, str]) -> None:
    friend_scheme(contexts)
    hafren = customer_of(contexts, "Dai Jones", "dai@example.com", brand="HAFREN_DYFRDWY")
    code = contexts.loyalty.referral_code(ada["account_number"])
    for unknown in ("nobody@example.com", "ZZZZZZZZZZ", "https://x.test/refer/", "", "A" * 300):
        with pytest.raises(ReferralReferenceNotFound):
            refer(contexts, bob, unknown)
    with pytest.raises(SelfReferralNotAllowed):
        refer(contexts, ada, code)
    with pytest.raises(ReferralBrandMismatch):
        refer(contexts, hafren, code)
    refer(contexts, bob, "ada@example.com")
    with pytest.raises(ReferralCreationFailed):
        refer(contexts, bob, code)


def test_no_referral_while_the_friend_scheme_is_closed(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str]
) -> None:
    code = contexts.loyalty.referral_code(ada["account_number"])
    with pytest.raises(ReferralCreationFailed):
        refer(contexts, bob, code)
    scheme = friend_scheme(contexts)
    contexts.loyalty.end_referral_scheme(commands.EndReferralScheme(code=scheme.code))
    with pytest.raises(ReferralCreationFailed):
        refer(contexts, bob, code)
    with pytest.raises(SchemeInvalid):
        contexts.loyalty.end_referral_scheme(commands.EndReferralScheme(code=scheme.code))


def test_concurrent_referrals_of_one_account_make_one(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str], catch_up: Callable[[], int]
) -> None:
    friend_scheme(contexts)
    code = contexts.loyalty.referral_code(ada["account_number"])

    def attempt(_: int) -> str:
        try:
            refer(contexts, bob, code)
            return "made"
        except KrakenError as exc:
            return exc.code

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(attempt, range(4)))
    assert outcomes == ["KT-CT-6710"] * 3 + ["made"]
    catch_up()
    assert len(ledger_entries(contexts, ada["account_number"])) == 1


def test_rewards_wait_for_the_delay_then_the_scheduler_pays_them_once(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str], clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    contexts.loyalty.referral_settings = ReferralSettings(reward_delay=timedelta(days=14))
    friend_scheme(contexts)
    refer(contexts, bob, "ada@example.com")
    catch_up()
    assert pay_due_referral_rewards(contexts, clock.now().date()) == 0
    assert ledger_entries(contexts, bob["account_number"]) == []

    clock.advance(timedelta(days=14))
    assert pay_due_referral_rewards(contexts, clock.now().date()) == 1
    catch_up()
    assert pay_due_referral_rewards(contexts, clock.now().date()) == 0
    referral_id = Referral.id_for_referred(bob["account_number"])
    assert contexts.loyalty.pay_referral_reward(referral_id) is False
    catch_up()
    assert [amount for amount, _ in ledger_entries(contexts, bob["account_number"])] == [2500]
    assert [amount for amount, _ in ledger_entries(contexts, ada["account_number"])] == [5000]


def test_the_points_bonus_goes_to_the_referrers_points_user_once(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str]
) -> None:
    friend_scheme(contexts, points_bonus=400)
    contexts.loyalty.enroll_account_in_loyalty_program(
        commands.EnrollAccountInLoyaltyProgram(viewer_id=UUID(ada["user_id"]), account_number=ada["account_number"])
    )
    refer(contexts, bob, "ada@example.com")
    ledger = contexts.loyalty.ledger(UUID(ada["user_id"]))
    assert ledger is not None and ledger.balance == 400
    contexts.loyalty.pay_referral_reward(Referral.id_for_referred(bob["account_number"]))
    ledger = contexts.loyalty.ledger(UUID(ada["user_id"]))
    assert ledger is not None and ledger.balance == 400


def test_the_payments_reaction_credits_once_however_often_it_sees_the_event(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str], catch_up: Callable[[], int]
) -> None:
    catch_up()
    friend_scheme(contexts)
    refer(contexts, bob, "ada@example.com")
    referral_id = Referral.id_for_referred(bob["account_number"])
    paid = next(
        e for e in contexts.loyalty.repository.event_store.get(referral_id) if isinstance(e, Referral.RewardPaid)
    )
    position = contexts.loyalty.recorder.max_notification_id() or 0
    contexts.payments.process_event(paid, Tracking("Loyalty", position))
    with pytest.raises(Exception):  # noqa: B017 (the tracking record refuses the same position twice)
        contexts.payments.process_event(paid, Tracking("Loyalty", position))
    catch_up()
    assert [amount for amount, _ in ledger_entries(contexts, bob["account_number"])] == [2500]


# Claim codes ---------------------------------------------------------------------------------------


def test_a_claim_code_is_redeemed_once_and_credits_the_account(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str], catch_up: Callable[[], int]
) -> None:
    partner_scheme(contexts)
    [code] = contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=PARTNER, count=1))
    assert redeem(contexts, ada, f" {code.lower()} ") is True
    with pytest.raises(ReferralClaimCodeAlreadyRedeemed):
        redeem(contexts, bob, code)
    with pytest.raises(ReferralClaimCodeNotFound):
        redeem(contexts, bob, "AAAA-BBBB-CCCC")
    catch_up()
    referral = contexts.loyalty.referral(Referral.id_for_claim_code(code))
    assert referral is not None and referral.referring_account is None
    assert ledger_entries(contexts, ada["account_number"]) == [(1500, f"referral:{referral.id}:referred")]


def test_a_claim_code_of_a_scheme_not_open_is_unavailable(
    contexts: Contexts, ada: dict[str, str], clock: FrozenClock
) -> None:
    now = clock.now()
    partner_scheme(contexts, code="LATER", starts_at=now + timedelta(days=3))
    partner_scheme(contexts, code="OVER", starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=2))
    for scheme in ("LATER", "OVER"):
        [code] = contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=scheme, count=1))
        with pytest.raises(ReferralClaimCodeUnavailable):
            redeem(contexts, ada, code)


def test_claim_codes_are_redeemed_at_most_five_times_a_minute_per_user(
    contexts: Contexts, ada: dict[str, str], clock: FrozenClock
) -> None:
    partner_scheme(contexts)
    codes = contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=PARTNER, count=6))
    for code in codes[:5]:
        redeem(contexts, ada, code)
    with pytest.raises(TooManyRequests):
        redeem(contexts, ada, codes[5])
    clock.advance(timedelta(seconds=61))
    assert redeem(contexts, ada, codes[5]) is True


def test_concurrent_redemptions_of_one_code_redeem_it_once(
    contexts: Contexts, ada: dict[str, str], bob: dict[str, str]
) -> None:
    partner_scheme(contexts)
    [code] = contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=PARTNER, count=1))

    def attempt(who: dict[str, str]) -> str:
        try:
            redeem(contexts, who, code)
            return "redeemed"
        except KrakenError as exc:
            return exc.code

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(attempt, [ada, bob, ada, bob]))
    assert outcomes == ["KT-CT-6726"] * 3 + ["redeemed"]


def test_an_unexpected_failure_while_redeeming_is_6725(
    contexts: Contexts, ada: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    partner_scheme(contexts)
    [code] = contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=PARTNER, count=1))

    def broken() -> None:
        raise RuntimeError("the event store is gone")

    monkeypatch.setattr(contexts.loyalty, "referral_schemes", broken)
    with pytest.raises(KrakenError) as raised:
        redeem(contexts, ada, code)
    assert raised.value.code == "KT-CT-6725"


def test_only_partner_and_promo_schemes_take_claim_codes(contexts: Contexts) -> None:
    friend_scheme(contexts)
    with pytest.raises(SchemeInvalid):
        contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code="ST-FRIEND", count=1))
    with pytest.raises(SchemeInvalid):
        contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code="NOPE", count=1))
    with pytest.raises(SchemeInvalid):
        friend_scheme(contexts)


def test_an_account_keeps_its_brand_and_old_events_load_with_the_default(contexts: Contexts) -> None:
    account = contexts.accounts.open_account("Dai Jones")
    assert account.brand == "SEVERN_TRENT"
    contexts.accounts.set_account_brand(account.number, "HAFREN_DYFRDWY")
    found = contexts.accounts.account(account.number)
    assert found is not None and found.brand == "HAFREN_DYFRDWY"
    with pytest.raises(ValueError):
        contexts.accounts.set_account_brand(account.number, "OTHER")
    # An account opened before brands were recorded: its stored event has none.
    state = {
        "originator_id": str(uuid4()),
        "originator_version": 1,
        "timestamp": "2025-01-01T00:00:00+00:00",
        "originator_topic": get_topic(Account),
        "number": "A-OLDER234",
        "billing_name": "Old Customer",
        "opened_at": "2025-01-01T00:00:00+00:00",
    }
    assert msgspec.convert(state, type=Account.Opened, strict=False).brand == "SEVERN_TRENT"
