"""Contribution schemes, agreements and their fulfilled periods (answers `contributionSchemes`,
`account { contributionAgreements { periods } }`, and which agreements the scheduler fulfils now).

Each agreement's row keeps `next_due`: when its next whole period ends (microseconds since the epoch,
compared the same way by both databases), or NULL once no whole period is left before its end.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.loyalty.contribution_agreement import ContributionAgreement, ContributionInterval, period_at
from domain.loyalty.contribution_scheme import ContributionScheme
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_SCHEME_COLUMNS = ("code", "display_name", "taxable", "accepting")
_AGREEMENT_COLUMNS = (
    "agreement_id",
    "account_number",
    "scheme_code",
    "contribution_interval",
    "amount",
    "active_from",
    "active_to",
    "agreed_to",
    "fulfilled",
)
_PERIOD_COLUMNS = ("period_from", "period_to", "fulfilled_at")
PERIODS = Listing(
    table="contribution_periods",
    parent="agreement_id",
    columns=("period_key", *_PERIOD_COLUMNS),
    key=("period_key",),
    descending=False,
)


def micros(at: datetime) -> int:
    return int(at.astimezone(UTC).timestamp() * 1_000_000)


def _at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def next_due(active_from: datetime, interval: str, fulfilled: int, ends_at: datetime | None) -> int | None:
    """When the next whole period ends, or None if it would end after the agreement does."""
    period = period_at(active_from, ContributionInterval(interval), fulfilled)
    return None if ends_at is not None and period.period_to > ends_at else micros(period.period_to)


class ContributionsProjection(Projection):
    name = "loyalty_contributions"
    upstream = "loyalty"
    topics = (
        get_topic(ContributionScheme.Added),
        get_topic(ContributionScheme.Closed),
        get_topic(ContributionScheme.Reopened),
        get_topic(ContributionAgreement.Made),
        get_topic(ContributionAgreement.PeriodFulfilled),
        get_topic(ContributionAgreement.Ended),
    )
    tables = ("contribution_schemes", "contribution_agreements", "contribution_periods")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS contribution_schemes (code TEXT PRIMARY KEY, scheme_id TEXT NOT NULL, "
            "display_name TEXT NOT NULL, taxable BOOLEAN NOT NULL, accepting BOOLEAN NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS contribution_agreements (agreement_id TEXT PRIMARY KEY, "
            "account_number TEXT NOT NULL, scheme_code TEXT NOT NULL, contribution_interval TEXT NOT NULL, "
            "amount BIGINT NOT NULL, active_from TEXT NOT NULL, active_to TEXT, agreed_to TEXT, "
            "fulfilled INTEGER NOT NULL, made_at TEXT NOT NULL, next_due BIGINT)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS contribution_agreements_by_account "
            "ON contribution_agreements (account_number, active_from)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS contribution_agreements_due ON contribution_agreements (next_due)")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS contribution_periods (agreement_id TEXT NOT NULL, period_key BIGINT NOT NULL, "
            "period_from TEXT NOT NULL, period_to TEXT NOT NULL, fulfilled_at TEXT NOT NULL, "
            "PRIMARY KEY (agreement_id, period_key))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        for e in events:
            if isinstance(e, ContributionScheme.Added):
                cursor.execute(
                    "INSERT INTO contribution_schemes (code, scheme_id, display_name, taxable, accepting) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    (e.code, str(e.originator_id), e.display_name, e.taxable, True),
                )
            elif isinstance(e, ContributionScheme.Closed | ContributionScheme.Reopened):
                cursor.execute(
                    "UPDATE contribution_schemes SET accepting = %s WHERE scheme_id = %s",
                    (isinstance(e, ContributionScheme.Reopened), str(e.originator_id)),
                )
            elif isinstance(e, ContributionAgreement.Made):
                to = e.active_to.isoformat() if e.active_to else None
                cursor.execute(
                    "INSERT INTO contribution_agreements (agreement_id, account_number, scheme_code, "
                    "contribution_interval, amount, active_from, active_to, agreed_to, fulfilled, made_at, next_due) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        str(e.originator_id),
                        e.account_number,
                        e.scheme_code,
                        e.interval,
                        e.amount,
                        e.active_from.isoformat(),
                        to,
                        to,
                        0,
                        e.made_at.isoformat(),
                        next_due(e.active_from, e.interval, 0, e.active_to),
                    ),
                )
            elif isinstance(e, ContributionAgreement.PeriodFulfilled):
                key = str(e.originator_id)
                cursor.execute(
                    "INSERT INTO contribution_periods (agreement_id, period_key, period_from, period_to, fulfilled_at) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    (
                        key,
                        micros(e.period_from),
                        e.period_from.isoformat(),
                        e.period_to.isoformat(),
                        e.fulfilled_at.isoformat(),
                    ),
                )
                self._reschedule(cursor, key, fulfilled_more=1)
            elif isinstance(e, ContributionAgreement.Ended):
                key = str(e.originator_id)
                # The domain keeps an end given no later than the agreed one.
                cursor.execute(
                    "UPDATE contribution_agreements SET active_to = %s WHERE agreement_id = %s",
                    (e.end_at.isoformat(), key),
                )
                self._reschedule(cursor, key, fulfilled_more=0)

    @staticmethod
    def _reschedule(cursor: Cursor, agreement_id: str, fulfilled_more: int) -> None:
        cursor.execute(
            "SELECT active_from, contribution_interval, fulfilled, active_to FROM contribution_agreements "
            "WHERE agreement_id = %s",
            (agreement_id,),
        )
        [(active_from, interval, fulfilled, active_to)] = cursor.fetchall()
        fulfilled += fulfilled_more
        due = next_due(datetime.fromisoformat(active_from), interval, fulfilled, _at(active_to))
        cursor.execute(
            "UPDATE contribution_agreements SET fulfilled = %s, next_due = %s WHERE agreement_id = %s",
            (fulfilled, due, agreement_id),
        )


class ContributionsView:
    projection: ClassVar[type[Projection]] = ContributionsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def schemes(self) -> list[dict[str, Any]]:
        """Every scheme, by code."""
        rows = self.store.rows(f"SELECT {', '.join(_SCHEME_COLUMNS)} FROM contribution_schemes ORDER BY code")
        return [_scheme(row) for row in rows]

    def schemes_by_code(self, codes: Sequence[str]) -> list[dict[str, Any] | None]:
        if not codes:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_SCHEME_COLUMNS)} FROM contribution_schemes WHERE code IN ({marks(codes)})",
            tuple(codes),
        )
        found = {scheme["code"]: scheme for scheme in map(_scheme, rows)}
        return [found.get(code) for code in codes]

    def of_accounts(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's agreements, the earliest to start first; `active_to` is when each ends."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_AGREEMENT_COLUMNS)} FROM contribution_agreements "
            f"WHERE account_number IN ({marks(account_numbers)}) ORDER BY active_from, agreement_id",
            tuple(account_numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in rows:
            agreement = dict(zip(_AGREEMENT_COLUMNS, row, strict=True))
            for key in ("active_from", "active_to", "agreed_to"):
                agreement[key] = _at(agreement[key])
            found[agreement["account_number"]].append(agreement)
        return [found[number] for number in account_numbers]

    def due(self, now: datetime, limit: int = 1000) -> list[UUID]:
        """Agreements with a whole period ended by `now` and not fulfilled yet, the longest due first."""
        rows = self.store.rows(
            "SELECT agreement_id FROM contribution_agreements WHERE next_due IS NOT NULL AND next_due <= %s "
            "ORDER BY next_due LIMIT %s",
            (micros(now), limit),
        )
        return [UUID(row[0]) for row in rows]

    def period_pages(self, window: Window, agreement_ids: Sequence[str]) -> list[Page]:
        """The window of each agreement's fulfilled periods, the earliest first."""
        pages = PERIODS.pages(self.store, agreement_ids, window)
        return [_periods(pages[key]) for key in agreement_ids]

    def period_counts(self, agreement_ids: Sequence[str]) -> list[int]:
        counts = PERIODS.counts(self.store, agreement_ids)
        return [counts[key] for key in agreement_ids]


def _scheme(row: Sequence[Any]) -> dict[str, Any]:
    scheme = dict(zip(_SCHEME_COLUMNS, row, strict=True))
    scheme["taxable"], scheme["accepting"] = bool(scheme["taxable"]), bool(scheme["accepting"])
    return scheme


def _periods(page: Page) -> Page:
    rows = [{key: _at(row[key]) if key in _PERIOD_COLUMNS else row[key] for key in row} for row in page.rows]
    return Page(rows, page.keys, page.has_next, page.has_previous)
