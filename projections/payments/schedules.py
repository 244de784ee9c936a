"""Payment schedules and what the scheduler has asked them to collect (answers "which schedules are due
today?", an account's schedules, and what they will collect from today on: the payment forecast).

Dates are ISO text, so that comparing them as text compares them as dates on SQLite and PostgreSQL alike.
The forecast follows the scheduler's own rules (`due_fixed`): a fixed schedule collects once a month on
its payment day while it is valid, at most one fixed payment per ledger and month, and a payment day
already passed this month that was not collected yet is collected today.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.payment import PaymentOrigin, PaymentStatus
from domain.payments.payment_schedule import PaymentSchedules, ScheduleKind, ScheduleType
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = (
    "schedule_id",
    "ledger_number",
    "account_number",
    "kind",
    "reason",
    "valid_from",
    "valid_to",
    "payment_day",
    "amount",
    "trigger_threshold",
    "instruction_number",
    "schedule_type",
)
_PLACEHOLDERS = marks(_COLUMNS)


def fixed_period(day: date) -> str:
    """A fixed schedule collects once a month."""
    return f"{day.year:04d}-{day.month:02d}"


def top_up_period(day: date) -> str:
    """A balance-triggered schedule tops up at most once a day (a pending top-up has not raised the balance yet)."""
    return day.isoformat()


# How far the forecast looks ahead when not told, and at most: a fixed schedule adds a payment a month.
FORECAST_MONTHS = 12
MAX_FORECAST_MONTHS = 120
# A schedule is active on a day from its first to its last day (an open-ended one has no last day).
_ACTIVE_ON = "valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s)"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when the month is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def payment_dates(valid_from: date, valid_to: date | None, payment_day: int, until: date) -> list[date]:
    """The days a fixed schedule collects on: its payment day of every month while it is valid, up to `until`."""
    last = until if valid_to is None else min(valid_to, until)
    day = valid_from.replace(day=payment_day)
    if day < valid_from:
        day = add_months(day, 1)
    found = []
    while day <= last:
        found.append(day)
        day = add_months(day, 1)
    return found


@dataclass(frozen=True)
class Forecast:
    """A payment a ledger will collect: one already requested, or one its fixed schedule will ask for."""

    day: date
    amount: int
    method: str | None  # a ScheduleType value: how it is taken
    # Unique within a ledger's forecast and in its order: the day, then requested payments before a
    # schedule's, then the payment's number or the schedule's id. A cursor naming it keeps its place.
    key: tuple[str, int, int]


def forecast(
    schedules: Sequence[dict[str, Any]],
    collected: set[str],
    requested: Sequence[dict[str, Any]],
    today: date,
    until: date,
) -> list[Forecast]:
    """What a ledger will collect from `today` to `until` (both included), in date order.

    `schedules` are its schedule rows, `collected` the fixed periods (yyyy-mm) it has collected for
    already, `requested` its payment rows not collected yet. A balance-triggered schedule tops up when
    the balance runs low, which no date foretells: it adds nothing.
    """
    first, last = today.isoformat(), until.isoformat()
    found = [
        Forecast(
            day=date.fromisoformat(p["payment_date"]),
            amount=p["amount"],
            method=ScheduleType.of_instruction(p["collection_method"]).value if p["collection_method"] else None,
            key=(p["payment_date"], 0, p["number"]),
        )
        for p in requested
        if first <= p["payment_date"] <= last
    ]
    fixed = [s for s in schedules if s["kind"] == ScheduleKind.FIXED.value]
    month = today.replace(day=1)
    while month <= until:
        due = None if fixed_period(month) in collected else _due_in(fixed, month, today)
        if due is not None and due[0] <= until:
            day, schedule = due
            key = (day.isoformat(), 1, schedule["schedule_id"])
            found.append(Forecast(day=day, amount=schedule["amount"], method=schedule["schedule_type"], key=key))
        month = add_months(month, 1)
    return sorted(found, key=lambda f: f.key)


def _due_in(fixed: Sequence[dict[str, Any]], month: date, today: date) -> tuple[date, dict[str, Any]] | None:
    """The one fixed payment a ledger collects in `month`, and the schedule that asks for it: the
    earliest payment day on which a schedule is valid. A day passed this month without its payment is
    collected today, if its schedule is still valid today (as `due_fixed` finds it)."""
    candidates = []
    for schedule in fixed:
        day = month.replace(day=schedule["payment_day"])
        if day.isoformat() < schedule["valid_from"]:
            continue
        collected_on = max(day, today)
        if schedule["valid_to"] is None or collected_on.isoformat() <= schedule["valid_to"]:
            candidates.append((collected_on, schedule))
    return min(candidates, key=lambda c: (c[0], c[1]["schedule_id"]), default=None)


def window_of_list(rows: Sequence[dict[str, Any]], keys: Sequence[tuple[Any, ...]], window: Window) -> Page:
    """The window of a list computed in memory, ordered by its unique `keys`, as Listing pages a table
    (in the list's own order: the forecast runs forwards in time)."""
    start = bisect_right(keys, window.after) if window.after is not None else 0
    end = max(start, bisect_left(keys, window.before) if window.before is not None else len(keys))
    if window.backwards:
        begin = max(start, end - window.size)
        return Page(list(rows[begin:end]), list(keys[begin:end]), window.before is not None, begin > start)
    stop = min(end, start + window.size)
    return Page(list(rows[start:stop]), list(keys[start:stop]), stop < end, window.after is not None)


@dataclass(frozen=True)
class ScheduleFilter:
    """Which of an account's schedules a list keeps; the defaults keep them all.

    `active` is about `today`; without `include_dormant`, schedules that can collect nothing more are
    left out: those that ended before today, and those replaced before they ever started.
    """

    today: date
    ledger_number: str | None = None
    active_on: date | None = None
    active: bool | None = None
    include_dormant: bool = True
    reason: str | None = None

    def listing(self) -> Listing:
        conditions: list[str] = []
        params: list[Any] = []
        today = self.today.isoformat()
        if self.ledger_number is not None:
            conditions.append("ledger_number = %s")
            params.append(self.ledger_number)
        if self.active_on is not None:
            conditions.append(_ACTIVE_ON)
            params.extend([self.active_on.isoformat()] * 2)
        if self.active is not None:
            conditions.append(_ACTIVE_ON if self.active else f"NOT ({_ACTIVE_ON})")
            params.extend([today, today])
        if not self.include_dormant:
            conditions.append("valid_to IS NULL OR (valid_to >= %s AND valid_to >= valid_from)")
            params.append(today)
        if self.reason is not None:
            conditions.append("reason = %s")
            params.append(self.reason)
        return Listing(
            table="payment_schedules",
            parent="account_number",
            columns=_COLUMNS,
            key=("valid_from", "schedule_id"),
            where=" AND ".join(f"({condition})" for condition in conditions),
            params=tuple(params),
        )

    def keeps(self, row: dict[str, Any]) -> bool:
        """Whether `listing` keeps the schedule `row` (for rows held in memory, such as a replay's)."""

        def active_on(day: str) -> bool:
            return row["valid_from"] <= day and (row["valid_to"] is None or row["valid_to"] >= day)

        today = self.today.isoformat()
        return (
            (self.ledger_number is None or row["ledger_number"] == self.ledger_number)
            and (self.active_on is None or active_on(self.active_on.isoformat()))
            and (self.active is None or active_on(today) is self.active)
            and (
                self.include_dormant
                or row["valid_to"] is None
                or (row["valid_to"] >= today and row["valid_to"] >= row["valid_from"])
            )
            and (self.reason is None or row["reason"] == self.reason)
        )


class SchedulesProjection(Projection):
    name = "payment_schedules"
    upstream = "payments"
    topics = (
        get_topic(PaymentSchedules.Added),
        get_topic(PaymentSchedules.Amended),
        get_topic(PaymentSchedules.CollectionRequested),
    )
    tables = ("payment_schedules", "payment_schedule_collections")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_schedules (schedule_id BIGINT PRIMARY KEY, "
            "ledger_number TEXT NOT NULL, account_number TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, "
            "valid_from TEXT NOT NULL, "
            "valid_to TEXT, payment_day INTEGER, amount BIGINT NOT NULL, trigger_threshold BIGINT, "
            "instruction_number BIGINT NOT NULL, schedule_type TEXT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS payment_schedules_by_ledger ON payment_schedules (ledger_number)")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS payment_schedules_by_account ON payment_schedules (account_number, valid_from)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_schedule_collections (ledger_number TEXT NOT NULL, "
            "period TEXT NOT NULL, schedule_id BIGINT NOT NULL, payment_id BIGINT NOT NULL, "
            "PRIMARY KEY (ledger_number, period, schedule_id))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # In order: a schedule added and amended in one batch must end amended.
        for e in events:
            if isinstance(e, PaymentSchedules.Added):
                if e.superseded:
                    cursor.executemany(
                        "UPDATE payment_schedules SET valid_to = %s WHERE schedule_id = %s",
                        [(e.superseded_to.isoformat(), number) for number in e.superseded],
                    )
                cursor.execute(
                    f"INSERT INTO payment_schedules ({', '.join(_COLUMNS)}) VALUES ({_PLACEHOLDERS})",
                    (
                        e.schedule_id,
                        e.ledger_number,
                        e.account_number,
                        e.kind,
                        e.reason,
                        e.valid_from.isoformat(),
                        None,
                        e.payment_day,
                        e.amount,
                        e.trigger_threshold,
                        e.instruction_number,
                        e.schedule_type,
                    ),
                )
            elif isinstance(e, PaymentSchedules.Amended):
                cursor.execute(
                    "UPDATE payment_schedules SET payment_day = %s, amount = %s WHERE schedule_id = %s",
                    (e.payment_day, e.amount, e.schedule_id),
                )
            elif isinstance(e, PaymentSchedules.CollectionRequested):
                cursor.execute(
                    "INSERT INTO payment_schedule_collections (ledger_number, period, schedule_id, payment_id) "
                    "SELECT ledger_number, %s, schedule_id, %s FROM payment_schedules WHERE schedule_id = %s",
                    (e.period, e.payment_id, e.schedule_id),
                )


class SchedulesView:
    projection: ClassVar[type[Projection]] = SchedulesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_ledger(self, ledger_number: str) -> list[dict[str, Any]]:
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM payment_schedules WHERE ledger_number = %s ORDER BY valid_from, "
            "schedule_id",
            (ledger_number,),
        )
        return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]

    def due_fixed(self, today: date) -> list[dict[str, Any]]:
        """Fixed schedules active today whose payment day has come this month and whose ledger has
        not been asked for this month's payment yet."""
        day = today.isoformat()
        rows = self.store.rows(
            f"SELECT {', '.join('s.' + c for c in _COLUMNS)} FROM payment_schedules s "
            "WHERE s.kind = %s AND s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s) "
            "AND s.payment_day <= %s AND NOT EXISTS (SELECT 1 FROM payment_schedule_collections c "
            "WHERE c.ledger_number = s.ledger_number AND c.period = %s) ORDER BY s.schedule_id",
            (ScheduleKind.FIXED.value, day, day, today.day, fixed_period(today)),
        )
        due = [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
        # A schedule that started after this month's payment day first collects next month.
        return [s for s in due if today.replace(day=s["payment_day"]).isoformat() >= s["valid_from"]]

    def due_top_ups(self, today: date) -> list[dict[str, Any]]:
        """Balance-triggered schedules active today whose ledger's balance is below the trigger, that
        have not topped up today, and whose last top-up has settled (until it has, the balance it
        will raise stays low: a payment not yet in the payments read model counts as unsettled)."""
        day = today.isoformat()
        rows = self.store.rows(
            f"SELECT {', '.join('s.' + c for c in _COLUMNS)}, l.balance FROM payment_schedules s "
            "JOIN payment_ledgers l ON l.number = s.ledger_number "
            "WHERE s.kind = %s AND s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s) "
            "AND l.balance < s.trigger_threshold AND NOT EXISTS (SELECT 1 FROM payment_schedule_collections c "
            "WHERE c.ledger_number = s.ledger_number AND c.period = %s) "
            "AND NOT EXISTS (SELECT 1 FROM payment_schedule_collections c LEFT JOIN payments p "
            "ON p.number = c.payment_id WHERE c.ledger_number = s.ledger_number AND LENGTH(c.period) = %s "
            "AND (p.status IS NULL OR p.status IN (%s, %s))) ORDER BY s.schedule_id",
            (
                ScheduleKind.BALANCE_TRIGGERED.value,
                day,
                day,
                top_up_period(today),
                len(top_up_period(today)),
                PaymentStatus.REQUESTED.value,
                PaymentStatus.SUBMITTED.value,
            ),
        )
        return [dict(zip((*_COLUMNS, "balance"), row, strict=True)) for row in rows]

    def schedule_pages(self, chosen: ScheduleFilter, window: Window, account_numbers: Sequence[str]) -> list[Page]:
        """The window of each account's schedules that `chosen` keeps, the latest to start first."""
        pages = chosen.listing().pages(self.store, account_numbers, window)
        return [pages[number] for number in account_numbers]

    def schedule_counts(self, chosen: ScheduleFilter, account_numbers: Sequence[str]) -> list[int]:
        counts = chosen.listing().counts(self.store, account_numbers)
        return [counts[number] for number in account_numbers]

    def forecasts(self, today: date, until: date, ledger_numbers: Sequence[str]) -> list[list[Forecast]]:
        """Each ledger's forecast from `today` to `until` (see `forecast`), in three queries however many."""
        if not ledger_numbers:
            return []
        slots = marks(ledger_numbers)
        first, last = today.isoformat(), until.isoformat()
        schedules: dict[Hashable, list[dict[str, Any]]] = {number: [] for number in ledger_numbers}
        for row in self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM payment_schedules WHERE ledger_number IN ({slots}) AND kind = %s "
            "AND valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s)",
            (*ledger_numbers, ScheduleKind.FIXED.value, last, first),
        ):
            schedule = dict(zip(_COLUMNS, row, strict=True))
            schedules[schedule["ledger_number"]].append(schedule)
        collected: dict[Hashable, set[str]] = {number: set() for number in ledger_numbers}
        for ledger_number, period in self.store.rows(
            f"SELECT ledger_number, period FROM payment_schedule_collections WHERE ledger_number IN ({slots}) "
            "AND LENGTH(period) = %s AND period >= %s",
            (*ledger_numbers, len(fixed_period(today)), fixed_period(today)),
        ):
            collected[ledger_number].add(period)
        # Payments asked of an instruction and not settled yet; standalone ones wait for the customer.
        requested: dict[Hashable, list[dict[str, Any]]] = {number: [] for number in ledger_numbers}
        payment_columns = ("ledger_number", "number", "amount", "payment_date", "collection_method")
        for row in self.store.rows(
            f"SELECT {', '.join(payment_columns)} FROM payments WHERE ledger_number IN ({slots}) "
            "AND status IN (%s, %s) AND origin = %s AND payment_date >= %s AND payment_date <= %s",
            (
                *ledger_numbers,
                PaymentStatus.REQUESTED.value,
                PaymentStatus.SUBMITTED.value,
                PaymentOrigin.COLLECTION.value,
                first,
                last,
            ),
        ):
            payment = dict(zip(payment_columns, row, strict=True))
            requested[payment["ledger_number"]].append(payment)
        return [
            forecast(schedules[number], collected[number], requested[number], today, until) for number in ledger_numbers
        ]
