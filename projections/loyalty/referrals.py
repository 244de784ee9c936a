"""Referrals and what they pay (answers `account { referrals referralsCreated rewards
activeReferralSchemes }` and `validateReferralClaimCode`), the referral scheme catalogue, each
account's personal referral code, and the claim codes issued; also which rewards are due."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.loyalty.claim_code import ClaimCode
from domain.loyalty.referral import Referral, ReferralStatus
from domain.loyalty.referral_code import PersonalReferralCode
from domain.loyalty.referral_schemes import ReferralSchemes
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_REFERRAL_COLUMNS = (
    "referral_id",
    "referred_account",
    "referring_account",
    "reference",
    "scheme_code",
    "scheme_type",
    "referrer_reward",
    "referred_reward",
    "status",
    "created_at",
    "payable_from",
    "paid_at",
)
_SCHEME_COLUMNS = (
    "code",
    "scheme_type",
    "referrer_reward",
    "referred_reward",
    "points_bonus",
    "brand",
    "starts_at",
    "ends_at",
)
_CLAIM_COLUMNS = ("value", "claim_id", "number", "scheme_code", "issued_at", "referral_id", "redeemed_by")
# The referrals an account made, newest first.
_MADE = Listing(
    table="loyalty_referrals",
    parent="referring_account",
    columns=_REFERRAL_COLUMNS,
    key=("created_at", "referral_id"),
)


class ReferralsProjection(Projection):
    name = "loyalty_referrals"
    upstream = "loyalty"
    topics = (
        get_topic(ReferralSchemes.SchemeAdded),
        get_topic(ReferralSchemes.SchemeEnded),
        get_topic(Referral.Created),
        get_topic(Referral.RewardPaid),
        get_topic(PersonalReferralCode.Drawn),
        get_topic(ClaimCode.Issued),
        get_topic(ClaimCode.Redeemed),
    )
    tables = ("loyalty_referrals", "loyalty_referral_schemes", "loyalty_referral_codes", "loyalty_claim_codes")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_referrals (referral_id TEXT PRIMARY KEY, "
            "referred_account TEXT NOT NULL, referring_account TEXT, reference TEXT NOT NULL, "
            "scheme_code TEXT NOT NULL, scheme_type TEXT NOT NULL, referrer_reward BIGINT NOT NULL, "
            "referred_reward BIGINT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, "
            "payable_from TEXT NOT NULL, paid_at TEXT)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS loyalty_referrals_referring "
            "ON loyalty_referrals (referring_account, created_at)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS loyalty_referrals_referred ON loyalty_referrals (referred_account)")
        cursor.execute("CREATE INDEX IF NOT EXISTS loyalty_referrals_due ON loyalty_referrals (status, payable_from)")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_referral_schemes (code TEXT PRIMARY KEY, scheme_type TEXT NOT NULL, "
            "referrer_reward BIGINT NOT NULL, referred_reward BIGINT NOT NULL, points_bonus BIGINT NOT NULL, "
            "brand TEXT NOT NULL, starts_at TEXT NOT NULL, ends_at TEXT)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_referral_codes (account_number TEXT PRIMARY KEY, code TEXT NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_claim_codes (value TEXT PRIMARY KEY, claim_id TEXT NOT NULL UNIQUE, "
            "number BIGINT NOT NULL, "
            "scheme_code TEXT NOT NULL, issued_at TEXT NOT NULL, referral_id TEXT, redeemed_by TEXT)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Applied one by one, in order: a referral is created and paid in one batch when no delay applies.
        for e in events:
            self._apply(cursor, e)

    def _apply(self, cursor: Cursor, e: Any) -> None:
        if isinstance(e, ReferralSchemes.SchemeAdded):
            s = e.scheme
            cursor.insert_rows(
                "loyalty_referral_schemes",
                _SCHEME_COLUMNS,
                [
                    (
                        s.code,
                        s.scheme_type.value,
                        s.referrer_reward,
                        s.referred_reward,
                        s.points_bonus,
                        s.brand,
                        s.starts_at.isoformat(),
                        s.ends_at.isoformat() if s.ends_at else None,
                    )
                ],
            )
        elif isinstance(e, ReferralSchemes.SchemeEnded):
            cursor.execute(
                "UPDATE loyalty_referral_schemes SET ends_at = %s WHERE code = %s", (e.ended_at.isoformat(), e.code)
            )
        elif isinstance(e, Referral.Created):
            cursor.insert_rows(
                "loyalty_referrals",
                _REFERRAL_COLUMNS,
                [
                    (
                        str(e.originator_id),
                        e.referred_account,
                        e.referring_account,
                        e.reference,
                        e.scheme_code,
                        e.scheme_type.value,
                        e.referrer_reward,
                        e.referred_reward,
                        ReferralStatus.PENDING.value,
                        e.created_at.isoformat(),
                        e.payable_from.isoformat(),
                        None,
                    )
                ],
            )
        elif isinstance(e, Referral.RewardPaid):
            cursor.execute(
                "UPDATE loyalty_referrals SET status = %s, paid_at = %s WHERE referral_id = %s",
                (ReferralStatus.PAID.value, e.paid_at.isoformat(), str(e.originator_id)),
            )
        elif isinstance(e, PersonalReferralCode.Drawn):
            cursor.insert_rows("loyalty_referral_codes", ("account_number", "code"), [(e.account_number, e.code)])
        elif isinstance(e, ClaimCode.Issued):
            cursor.insert_rows(
                "loyalty_claim_codes",
                _CLAIM_COLUMNS,
                [(e.value, str(e.originator_id), e.number, e.scheme_code, e.issued_at.isoformat(), None, None)],
            )
        elif isinstance(e, ClaimCode.Redeemed):
            cursor.execute(
                "UPDATE loyalty_claim_codes SET referral_id = %s, redeemed_by = %s WHERE claim_id = %s",
                (str(e.referral_id), e.account_number, str(e.originator_id)),
            )


class ReferralsView:
    projection: ClassVar[type[Projection]] = ReferralsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    # Referrals -------------------------------------------------------------------------------------

    def pages(self, window: Window, referring_accounts: Sequence[str]) -> list[Page]:
        """The window of each account's referrals made, newest first."""
        pages: dict[Hashable, Page] = _MADE.pages(self.store, referring_accounts, window)
        return [pages[key] for key in referring_accounts]

    def counts(self, referring_accounts: Sequence[str]) -> list[int]:
        """How many referrals each account made (what `referralsCreated` and `totalCount` answer)."""
        counts = _MADE.counts(self.store, referring_accounts)
        return [counts.get(key, 0) for key in referring_accounts]

    def rewarded(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's referrals that reward it, as referrer or as referred, oldest first."""
        if not account_numbers:
            return []
        slots = marks(account_numbers)
        rows = self.store.rows(
            f"SELECT {', '.join(_REFERRAL_COLUMNS)} FROM loyalty_referrals "
            f"WHERE referred_account IN ({slots}) OR referring_account IN ({slots}) ORDER BY created_at, referral_id",
            (*account_numbers, *account_numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in rows:
            referral = dict(zip(_REFERRAL_COLUMNS, row, strict=True))
            for side in ("referred_account", "referring_account"):
                if referral[side] in found:
                    found[referral[side]].append(referral)
        return [found[number] for number in account_numbers]

    def referrals(self, referral_ids: Sequence[str]) -> list[dict[str, Any] | None]:
        if not referral_ids:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_REFERRAL_COLUMNS)} FROM loyalty_referrals "
            f"WHERE referral_id IN ({marks(referral_ids)})",
            tuple(referral_ids),
        )
        found = {row[0]: dict(zip(_REFERRAL_COLUMNS, row, strict=True)) for row in rows}
        return [found.get(key) for key in referral_ids]

    def referred(self, account_numbers: Sequence[str]) -> list[bool]:
        """Whether each account was referred by a friend (an account is referred once)."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            "SELECT referred_account FROM loyalty_referrals "
            f"WHERE referring_account IS NOT NULL AND referred_account IN ({marks(account_numbers)})",
            tuple(account_numbers),
        )
        found = {row[0] for row in rows}
        return [number in found for number in account_numbers]

    def due(self, now: datetime) -> list[UUID]:
        """Referrals whose rewards are due by `now` and not paid, oldest first."""
        rows = self.store.rows(
            "SELECT referral_id FROM loyalty_referrals WHERE status = %s AND payable_from <= %s "
            "ORDER BY payable_from, referral_id",
            (ReferralStatus.PENDING.value, now.isoformat()),
        )
        return [UUID(row[0]) for row in rows]

    # Schemes and codes -----------------------------------------------------------------------------

    def schemes(self) -> list[dict[str, Any]]:
        """The whole catalogue (a handful of schemes), in code order."""
        rows = self.store.rows(f"SELECT {', '.join(_SCHEME_COLUMNS)} FROM loyalty_referral_schemes ORDER BY code")
        return [dict(zip(_SCHEME_COLUMNS, row, strict=True)) for row in rows]

    def schemes_of_brands(self, brands: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each brand's schemes, in code order, in one query."""
        if not brands:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_SCHEME_COLUMNS)} FROM loyalty_referral_schemes "
            f"WHERE brand IN ({marks(brands)}) ORDER BY code",
            tuple(brands),
        )
        found: dict[str, list[dict[str, Any]]] = {brand: [] for brand in brands}
        for row in rows:
            scheme = dict(zip(_SCHEME_COLUMNS, row, strict=True))
            found[scheme["brand"]].append(scheme)
        return [found[brand] for brand in brands]

    def schemes_by_code(self, codes: Sequence[str]) -> list[dict[str, Any] | None]:
        if not codes:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_SCHEME_COLUMNS)} FROM loyalty_referral_schemes WHERE code IN ({marks(codes)})",
            tuple(codes),
        )
        found = {row[0]: dict(zip(_SCHEME_COLUMNS, row, strict=True)) for row in rows}
        return [found.get(code) for code in codes]

    def codes(self, account_numbers: Sequence[str]) -> list[str | None]:
        """Each account's personal referral code; None for one not given its code yet."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            "SELECT account_number, code FROM loyalty_referral_codes "
            f"WHERE account_number IN ({marks(account_numbers)})",
            tuple(account_numbers),
        )
        found = dict(rows)
        return [found.get(number) for number in account_numbers]

    def claim_codes(self, values: Sequence[str]) -> list[dict[str, Any] | None]:
        if not values:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_CLAIM_COLUMNS)} FROM loyalty_claim_codes WHERE value IN ({marks(values)})",
            tuple(values),
        )
        found = {row[0]: dict(zip(_CLAIM_COLUMNS, row, strict=True)) for row in rows}
        return [found.get(value) for value in values]
