"""Referral commands: the scheme catalogue, personal referral codes, friend referrals (createReferral),
partner claim codes (redeemReferralClaimCode) and paying the rewards when they fall due.

createReferral is checked in the order the errors leak least: the reference must name an account
(KT-CT-6712), another than the referred one (6711), of the same brand (6713); then the referred
account must not have been referred before and its brand's friend scheme must be open (6710).

Rewards fall due `reward_delay` after the referral (KRAKEN_REFERRAL_REWARD_DELAY_DAYS): at once
when it is zero, in the same decision; otherwise the scheduler pays those due. Paying records
`Referral.RewardPaid`, which the payments context credits to both ledgers, and earns the scheme's
points bonus on the referrer's loyalty points ledger in the same save, so each happens once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar
from uuid import UUID

from domain.loyalty import commands
from domain.loyalty.claim_code import CLAIM_CODE_LENGTH, ClaimCode, new_claim_code, normalise_claim_code
from domain.loyalty.errors import (
    ReferralBrandMismatch,
    ReferralClaimCodeAlreadyRedeemed,
    ReferralClaimCodeNotFound,
    ReferralClaimCodeRedemptionFailed,
    ReferralClaimCodeUnavailable,
    ReferralCreationFailed,
    ReferralReferenceNotFound,
    SelfReferralNotAllowed,
)
from domain.loyalty.ledger import LoyaltyLedger
from domain.loyalty.loyalty_account import LoyaltyAccount
from domain.loyalty.referral import REFERRAL_BONUS, Referral
from domain.loyalty.referral_code import (
    REFERRAL_CODE_LENGTH,
    PersonalReferralCode,
    ReferralCodeIndex,
    new_referral_code,
)
from domain.loyalty.referral_directory import ReferralDirectory
from domain.loyalty.referral_schemes import ReferralSchemes, Scheme, SchemeInvalid, SchemeType
from domain.shared.application import ContextApplication
from domain.shared.catalogue import TooManyRequests
from domain.shared.errors import KrakenError
from domain.shared.int_ids import new_number
from domain.shared.throttle import Throttle

log = logging.getLogger("kraken.loyalty.referrals")

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound="ReferralCommands")

# Where a personal referral link points: <KRAKEN_PUBLIC_URL>/refer/<code>.
REFER_PATH = "/refer/"  # api/pages/refer.py serves the page a link opens
# The most claim codes one operator command issues.
MAX_CLAIM_CODES = 10_000
# Schemes whose rewards are claimed with a code rather than a referrer.
CLAIMED_SCHEMES = (SchemeType.PARTNER_REWARD, SchemeType.PROMO_REWARD)


@dataclass(frozen=True)
class ReferralSettings:
    """What the referrals topic takes from settings."""

    public_url: str = "http://127.0.0.1:8000"
    reward_delay: timedelta = timedelta(0)
    # Kraken documents redeemReferralClaimCode as limited to 5 requests per minute per user.
    redemptions_per_window: int = 5
    redemption_window_seconds: int = 60
    # createReferral: references naming no account, per referred account an hour.
    unknown_references_per_window: int = 10
    reference_window_seconds: int = 3600


@dataclass(frozen=True)
class ReferrerNotice:
    """What the referrer's email says: who to write to is looked up by the worker."""

    referral_id: UUID
    referring_account: str
    referrer_reward: int
    scheme_code: str
    notified: bool


def redemption_command(method: Callable[Concatenate[C, P], R]) -> Callable[Concatenate[C, P], R]:
    """redeemReferralClaimCode answers a failure it did not foresee with its own KT-CT-6725, logged here."""

    def guarded(app: C, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(app, *args, **kwargs)
        except KrakenError:
            raise
        except Exception as exc:
            log.exception("redeeming a claim code failed unexpectedly")
            raise ReferralClaimCodeRedemptionFailed() from exc

    functools.update_wrapper(guarded, method)
    return guarded


class ReferralCommands(ContextApplication):
    referral_settings: ReferralSettings = ReferralSettings()
    directory: ReferralDirectory
    throttle: Throttle

    # The scheme catalogue (operators' commands) ----------------------------------------------------

    def add_referral_scheme(self, command: commands.AddReferralScheme) -> Scheme:
        try:
            scheme_type = SchemeType(command.scheme_type.upper())
        except ValueError:
            raise SchemeInvalid(f"{command.scheme_type!r} is not a scheme type.") from None

        def decide() -> tuple[Scheme, list[Any]]:
            now = self.clock.now()
            catalogue = self.referral_schemes() or ReferralSchemes.open(now)
            scheme = Scheme(
                code=command.code.strip().upper(),
                scheme_type=scheme_type,
                referrer_reward=command.referrer_reward,
                referred_reward=command.referred_reward,
                points_bonus=command.points_bonus,
                brand=command.brand,
                starts_at=command.starts_at or now,
                ends_at=command.ends_at,
            )
            catalogue.add(scheme, added_at=now)
            return scheme, [catalogue]

        return self.decide(decide)

    def end_referral_scheme(self, command: commands.EndReferralScheme) -> Scheme:
        def decide() -> tuple[Scheme, list[Any]]:
            catalogue = self.referral_schemes()
            if catalogue is None:
                raise SchemeInvalid(f"No referral scheme has the code {command.code}.")
            catalogue.end(command.code, command.at or self.clock.now())
            return catalogue.schemes[command.code], [catalogue]

        return self.decide(decide)

    def issue_claim_codes(self, command: commands.IssueClaimCodes) -> list[str]:
        if not 1 <= command.count <= MAX_CLAIM_CODES:
            raise SchemeInvalid(f"Issue 1 to {MAX_CLAIM_CODES} claim codes at a time, not {command.count}.")
        catalogue = self.referral_schemes()
        scheme = None if catalogue is None else catalogue.get(command.scheme_code)
        if scheme is None or scheme.scheme_type not in CLAIMED_SCHEMES:
            raise SchemeInvalid(f"{command.scheme_code} is not a partner or promo scheme: it takes no claim codes.")

        def decide() -> tuple[list[str], list[Any]]:
            # A value already issued makes the save conflict, and the retry draws others.
            now = self.clock.now()
            codes = [ClaimCode.issue(new_claim_code(), new_number(), scheme.code, now) for _ in range(command.count)]
            return [c.value for c in codes], codes

        return self.decide(decide)

    # Personal referral codes -----------------------------------------------------------------------

    def referral_code(self, account_number: str) -> str:
        """The account's personal referral code, drawn the first time it is asked for."""

        def decide() -> tuple[str, list[Any]]:
            drawn: PersonalReferralCode | None = self.find(PersonalReferralCode.id_for(account_number))
            if drawn is not None:
                return str(drawn.code), []
            # A code another account holds makes the save conflict, and the retry draws another.
            code = new_referral_code()
            personal = PersonalReferralCode.draw(account_number, code, self.clock.now())
            return code, [personal, ReferralCodeIndex.claim(code, account_number)]

        return self.decide(decide)

    def referral_link(self, code: str) -> str:
        return f"{self.referral_settings.public_url.rstrip('/')}{REFER_PATH}{code}"

    def _referring_account(self, reference: str) -> str | None:
        """The account an email address, a personal link or a personal code names; None if none."""
        text = reference.strip()
        if "@" in text and REFER_PATH not in text:
            return self.directory.account_of_email(text)
        if REFER_PATH in text:
            text = text.rsplit(REFER_PATH, 1)[1].split("?", 1)[0].split("#", 1)[0].strip("/")
        if not text or len(text) > REFERRAL_CODE_LENGTH:
            return None
        index: ReferralCodeIndex | None = self.find(ReferralCodeIndex.id_for(text))
        return None if index is None else str(index.account_number)

    # createReferral ----------------------------------------------------------------------------------

    def create_referral(self, command: commands.CreateReferral) -> int:
        """Refers the account by its referrer; returns the referred account's reward, in minor units."""
        referred = command.account_number
        # A reference that names nobody tells whether an email address is a customer's: few are allowed.
        key = f"referral-reference:{referred}"
        window = self.referral_settings.reference_window_seconds
        if self.throttle.failures([key], window).get(key, 0) >= self.referral_settings.unknown_references_per_window:
            raise TooManyRequests("Too many references that name no account; try again later.")
        referring = self._referring_account(command.reference)
        if referring is None:
            self.throttle.record_failure([key], window)
            raise ReferralReferenceNotFound("The reference names no account.")
        if referring == referred:
            raise SelfReferralNotAllowed(f"Account {referred} cannot refer itself.")
        brand = self.directory.brand_of(referred)
        if brand is None or self.directory.brand_of(referring) != brand:
            raise ReferralBrandMismatch("The referring and referred accounts belong to different brands.")
        reference = self.referral_code(referring)

        def decide() -> tuple[int, list[Any]]:
            referral_id = Referral.id_for_referred(referred)
            if self.find(referral_id) is not None:
                raise ReferralCreationFailed(f"Account {referred} has already been referred.")
            now = self.clock.now()
            catalogue = self.referral_schemes()
            scheme = None if catalogue is None else catalogue.open_scheme(SchemeType.REFERRAL_REWARD, brand, now)
            if scheme is None:
                raise ReferralCreationFailed(f"No friend referral scheme of {brand} is open.")
            referral = Referral.create(
                referral_id, scheme, referred, referring, reference, now, now + self.referral_settings.reward_delay
            )
            return scheme.referred_reward, [referral, *self._paid(referral, now)]

        return self.decide(decide)

    # redeemReferralClaimCode -----------------------------------------------------------------------

    @redemption_command
    def redeem_referral_claim_code(self, command: commands.RedeemReferralClaimCode) -> bool:
        settings = self.referral_settings
        # Every call counts, redeemed or refused: guessing codes must cost as much as redeeming them.
        self._count_claim_code_use(f"claim-code-redemption:{command.user_id}")
        value = normalise_claim_code(command.code)
        if len(value) > CLAIM_CODE_LENGTH:
            raise ReferralClaimCodeNotFound("No claim code has this value.")
        brand = self.directory.brand_of(command.account_number)

        def decide() -> tuple[bool, list[Any]]:
            code: ClaimCode | None = self.find(ClaimCode.id_for(value))
            if code is None:
                raise ReferralClaimCodeNotFound("No claim code has this value.")
            if code.redeemed_by is not None:
                raise ReferralClaimCodeAlreadyRedeemed("The claim code has already been redeemed.")
            now = self.clock.now()
            catalogue = self.referral_schemes()
            scheme = None if catalogue is None else catalogue.get(code.scheme_code)
            if scheme is None or not scheme.is_open(now) or scheme.brand != brand:
                raise ReferralClaimCodeUnavailable("The claim code's scheme has not started, or has ended.")
            referral_id = Referral.id_for_claim_code(code.value)
            referral = Referral.create(
                referral_id,
                scheme,
                command.account_number,
                None,
                code.value,
                now,
                now + settings.reward_delay,
            )
            code.redeem(command.account_number, referral_id, now)
            return True, [code, referral, *self._paid(referral, now)]

        return self.decide(decide)

    def count_claim_code_lookup(self, user_id: UUID) -> None:
        """validateReferralClaimCode tells whether a code exists: a user may ask as often as redeem."""
        self._count_claim_code_use(f"claim-code-lookup:{user_id}")

    def _count_claim_code_use(self, key: str) -> None:
        settings = self.referral_settings
        counted = self.throttle.failures([key], settings.redemption_window_seconds)
        if counted.get(key, 0) >= settings.redemptions_per_window:
            raise TooManyRequests("Too many claim codes tried; try again in a minute.")
        self.throttle.record_failure([key], settings.redemption_window_seconds)

    # Rewards -----------------------------------------------------------------------------------------

    def pay_referral_reward(self, referral_id: UUID) -> bool:
        """Pays the referral's rewards if they are due and unpaid (the scheduler's command); idempotent."""

        def decide() -> tuple[bool, list[Any]]:
            referral: Referral | None = self.find(referral_id)
            if referral is None:
                return False, []
            if not referral.is_due(self.clock.now()):
                return False, []
            return True, [referral, *self._paid(referral, self.clock.now())]

        return self.decide(decide)

    def _paid(self, referral: Referral, at: datetime) -> list[Any]:
        """Pays the referral if due; returns what else changed (the referrer's points ledger) to save with it."""
        if not referral.is_due(at):
            return []
        ledger = self._bonus_ledger(referral, at)
        points = referral.points_bonus if ledger is not None else 0
        if ledger is not None:
            # Never before the ledger's latest entry (LoyaltyLedger refuses entries out of time order).
            ledger.earn(
                points, REFERRAL_BONUS, str(referral.referring_account), at=max(at, ledger.last_posted_at or at)
            )
        referral.pay(at, points_awarded=points)
        return [ledger] if ledger is not None else []

    def _bonus_ledger(self, referral: Referral, at: datetime) -> LoyaltyLedger | None:
        """The referrer account's points user's ledger, when the scheme awards points and the account is enrolled."""
        if not referral.points_bonus or referral.referring_account is None:
            return None
        enrolled: LoyaltyAccount | None = self.find(LoyaltyAccount.id_for(referral.referring_account))
        if enrolled is None:
            return None
        found: LoyaltyLedger | None = self.find(LoyaltyLedger.id_for(enrolled.points_user_id))
        return found or LoyaltyLedger.open(enrolled.points_user_id, referral.referring_account, at)

    # The referrer's email (the worker's commands) ---------------------------------------------------

    def referrer_notice(self, referral_id: UUID) -> ReferrerNotice | None:
        referral: Referral | None = self.find(referral_id)
        if referral is None or referral.referring_account is None:
            return None
        return ReferrerNotice(
            referral_id=referral_id,
            referring_account=referral.referring_account,
            referrer_reward=referral.referrer_reward,
            scheme_code=referral.scheme_code,
            notified=referral.referrer_notified,
        )

    def record_referrer_notified(self, referral_id: UUID) -> None:
        def decide() -> tuple[None, list[Any]]:
            referral: Referral = self.load(referral_id)
            if referral.referrer_notified:
                return None, []
            referral.record_referrer_notified(self.clock.now())
            return None, [referral]

        self.decide(decide)

    # Lookups -----------------------------------------------------------------------------------------

    def referral_schemes(self) -> ReferralSchemes | None:
        found: ReferralSchemes | None = self.find(ReferralSchemes.id_for())
        return found

    def referral(self, referral_id: UUID) -> Referral | None:
        found: Referral | None = self.find(referral_id)
        return found

    def claim_code(self, value: str) -> ClaimCode | None:
        found: ClaimCode | None = self.find(ClaimCode.id_for(value))
        return found
