"""The MeterReadings aggregate: the register's readings, which are plausible, and an operator's review."""

from __future__ import annotations

import base64
import os
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from domain.shared.encoding import MsgspecMapper
from domain.shared.personal_keys import SQLiteKeyTable, wrapping_key
from domain.supply.meter_readings import (
    HoldReason,
    MeterReadings,
    ReadingKind,
    ReadingNotReviewable,
    ReadingSource,
    ReadingStatus,
    parse_reading_id,
)

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OPENED = date(2026, 1, 1)


def opened(value: int = 99_990, digits: int = 5) -> MeterReadings:
    readings = MeterReadings.open("1234567", digits)
    readings.record(value, OPENED, ReadingSource.OPS, ReadingKind.OPENING, "ops", AT)
    readings.collect_events()
    return readings


def test_use_within_the_daily_threshold_is_plausible() -> None:
    readings = opened(100)
    # 50 m3 over 10 days is 5 a day: at the threshold, not above it
    assert readings.doubt(150, date(2026, 1, 11), max_daily_use=5) is None
    assert readings.doubt(151, date(2026, 1, 11), max_daily_use=5) is HoldReason.HIGH_DAILY_USE


def test_a_lower_reading_is_plausible_only_as_a_rollover_of_plausible_use() -> None:
    readings = opened(99_990)
    # 99990 -> 00012 is 22 m3 through the roll-over at 10^5
    assert readings.doubt(12, date(2026, 1, 11), max_daily_use=5) is None
    assert opened(500).doubt(400, date(2026, 1, 11), max_daily_use=5) is HoldReason.LOWER_THAN_LAST


def test_a_held_reading_is_recorded_and_does_not_count_until_released() -> None:
    # given
    readings = opened(100)
    # when
    held = readings.record(
        1, date(2026, 1, 5), ReadingSource.CUSTOMER, ReadingKind.ROUTINE, "u", AT, HoldReason.LOWER_THAN_LAST
    )
    # then
    events = readings.collect_events()
    assert [type(e).__name__ for e in events] == ["Submitted", "Held"]
    assert held.status is ReadingStatus.HELD and readings.last_accepted().value == 100  # type: ignore[union-attr]
    released = readings.release(held.ordinal, "ops", AT)
    assert released.status is ReadingStatus.ACCEPTED
    assert readings.last_accepted().ordinal == held.ordinal  # type: ignore[union-attr]


def test_only_a_held_reading_is_released_or_rejected() -> None:
    readings = opened()
    with pytest.raises(ReadingNotReviewable):
        readings.release(1, "ops", AT)
    with pytest.raises(ReadingNotReviewable):
        readings.reject(9, "ops", AT)
    assert readings.quarantine(1, "ops", AT).status is ReadingStatus.QUARANTINED
    assert readings.last_accepted() is None


def test_a_repeat_is_the_same_reading_unless_that_one_was_rejected() -> None:
    readings = opened(100)
    kept = readings.record(
        120, date(2026, 1, 8), ReadingSource.CUSTOMER, ReadingKind.ROUTINE, "u", AT, HoldReason.HIGH_DAILY_USE
    )
    assert readings.same_as(120, date(2026, 1, 8)) == kept
    readings.reject(kept.ordinal, "ops", AT)
    assert readings.same_as(120, date(2026, 1, 8)) is None


@pytest.mark.parametrize(
    ("text", "parsed"), [("1234567-3", ("1234567", 3)), ("x-1", None), ("1234567-", None), ("12-1", None)]
)
def test_reading_ids_name_a_meter_and_an_ordinal(text: str, parsed: tuple[str, int] | None) -> None:
    assert parse_reading_id(text) == parsed


def test_a_confirmations_address_is_sealed_under_the_submitters_key(tmp_path: Path) -> None:
    # given a reading a customer submitted, confirmed to their address
    user_id = uuid4()
    readings = opened(100)
    submitted = readings.record(
        110, date(2026, 1, 5), ReadingSource.CUSTOMER, ReadingKind.ROUTINE, f"user:{user_id}", AT
    )
    readings.collect_events()
    readings.record_confirmation_sent(submitted.ordinal, ("ada@example.com",), at=AT)
    [confirmed] = readings.collect_events()
    assert confirmed.submitted_by == f"user:{user_id}"  # type: ignore[attr-defined]
    keys = SQLiteKeyTable(tmp_path / "identity.db", wrapping_key(base64.b64encode(os.urandom(32)).decode()), 60.0)
    mapper = MsgspecMapper(transcoder=None)  # type: ignore[arg-type]
    mapper.personal_keys = keys
    try:
        # when it is stored, then the address is sealed under the submitter's key
        stored = mapper.to_stored_event(confirmed)
        assert b"ada@example.com" not in stored.state
        assert mapper.to_domain_event(stored).recipients == ("ada@example.com",)  # type: ignore[attr-defined]
        # and reads as no address once they are erased
        keys.destroy(str(user_id), by="test", at=AT)
        assert mapper.to_domain_event(stored).recipients == ()  # type: ignore[attr-defined]
    finally:
        keys.close()
