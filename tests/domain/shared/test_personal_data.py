"""Personal fields sealed under their subject's key: declared per event class, encrypted field by field,
read back as placeholders once the key is destroyed; the key table's tombstones, cache and wrapping."""

from __future__ import annotations

import base64
import os
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.domain import Aggregate, event

from domain.shared.encoding import MsgspecMapper
from domain.shared.personal_data import ERASED, SEALED, personal
from domain.shared.personal_keys import KeyTable, PostgresKeyTable, SQLiteKeyTable, wrapping_key
from settings import Settings

WRAP = wrapping_key(base64.b64encode(os.urandom(32)).decode())
AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


class Person(Aggregate):
    class Registered(Aggregate.Created):
        email: str
        nickname: str
        born: date | None
        aliases: tuple[str, ...]
        shoe_size: int

    @event(Registered)
    def __init__(self, email: str, nickname: str, born: date | None, aliases: tuple[str, ...], shoe_size: int) -> None:
        self.email, self.nickname, self.born, self.aliases, self.shoe_size = email, nickname, born, aliases, shoe_size


personal(Person.Registered, "email", "nickname", "born", "aliases")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _table(settings: Settings, clock: Clock, ttl: float = 60.0) -> KeyTable:
    if settings.uses_postgres:
        return PostgresKeyTable(settings.database_url, settings.database_schema, WRAP, ttl, monotonic=clock)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    return SQLiteKeyTable(Path(settings.data_dir) / "identity.db", WRAP, ttl, monotonic=clock)


@pytest.fixture
def tables(backend: str, settings: Settings):
    clock = Clock()
    made = [_table(settings, clock), _table(settings, clock)]
    yield clock, made
    for table in made:
        table.close()


def _mapper(keys: KeyTable | None) -> MsgspecMapper:
    mapper = MsgspecMapper(transcoder=None)  # type: ignore[arg-type]
    mapper.personal_keys = keys
    return mapper


def _person() -> Person:
    return Person(
        email="grace@example.com", nickname="Amazing Grace", born=date(1906, 12, 9), aliases=("G",), shoe_size=5
    )


def test_a_field_whose_type_admits_no_placeholder_cannot_be_declared_personal() -> None:
    with pytest.raises(TypeError, match="shoe_size"):
        personal(Person.Registered, "shoe_size")
    with pytest.raises(TypeError, match="no field"):
        personal(Person.Registered, "nothing")


def test_personal_fields_are_sealed_field_by_field_and_read_back(tables) -> None:
    _, (keys, _) = tables
    person = _person()
    mapper = _mapper(keys)
    [created] = person.collect_events()
    stored = mapper.to_stored_event(created)
    # the state holds ciphertexts, not the values (the rest of the event in clear: no store cipher here)
    assert b"grace@example.com" not in stored.state and b"Amazing" not in stored.state and b"1906" not in stored.state
    assert b'"shoe_size":5' in stored.state and SEALED.encode() in stored.state
    read = mapper.to_domain_event(stored)
    assert (read.email, read.nickname, read.born, read.aliases) == (
        "grace@example.com",
        "Amazing Grace",
        date(1906, 12, 9),
        ("G",),
    )


def test_once_the_key_is_destroyed_each_field_reads_as_its_placeholder_and_nothing_is_sealed_again(tables) -> None:
    _, (keys, _) = tables
    mapper = _mapper(keys)
    person = _person()
    [created] = person.collect_events()
    stored = mapper.to_stored_event(created)
    assert keys.destroy(str(person.id), by="staff:someone", at=AT) is True
    read = mapper.to_domain_event(stored)
    assert (read.email, read.nickname, read.born, read.aliases, read.shoe_size) == (ERASED, ERASED, None, (), 5)
    # an event about them written after erasure carries placeholders, never their data
    again = mapper.to_stored_event(created)
    assert b"grace@example.com" not in again.state and SEALED.encode() not in again.state
    assert mapper.to_domain_event(again).email == ERASED
    # the key is never made again, and the tombstone says when and by whom
    assert keys.key_for_writing(str(person.id)) is None
    assert keys.destroy(str(person.id), by="staff:other", at=AT) is False
    assert keys.erased(str(person.id)) == (AT, "staff:someone")


def test_events_written_before_sealing_still_load(tables) -> None:
    _, (keys, _) = tables
    [created] = _person().collect_events()
    legacy = _mapper(None).to_stored_event(created)
    assert b"grace@example.com" in legacy.state
    assert _mapper(keys).to_domain_event(legacy).email == "grace@example.com"


def test_keys_are_stored_wrapped_and_two_processes_share_one(tables, settings: Settings) -> None:
    _, (first, second) = tables
    subject = str(uuid4())
    mine = first.key_for_writing(subject)
    theirs = second.key_for_writing(subject)
    assert mine is not None and theirs is not None
    nonce = os.urandom(12)
    assert theirs.decrypt(nonce, mine.encrypt(nonce, b"x", None), None) == b"x"
    [wrapped] = _wrapped_keys(settings)
    assert wrapped is not None and len(wrapped) == 12 + 32 + 16


def test_another_process_stops_decrypting_within_the_cache_seconds(tables) -> None:
    clock, (here, elsewhere) = tables
    subject = str(uuid4())
    assert here.key_for_writing(subject) is not None
    assert elsewhere.key_for_reading(subject) is not None
    told: list[str] = []
    elsewhere.on_erasure(lambda: told.append("forget"))
    # when it is destroyed here
    here.destroy(subject, by="system", at=AT)
    # then elsewhere still holds its copy until its cache seconds pass, then learns of it
    assert elsewhere.key_for_reading(subject) is not None
    clock.now += 61
    assert elsewhere.key_for_reading(subject) is None
    assert told == ["forget"]


def _wrapped_keys(settings: Settings) -> list[bytes | None]:
    if settings.uses_postgres:
        with psycopg.connect(settings.database_url) as db:
            rows = db.execute(f"SELECT wrapped_key FROM {settings.database_schema}.identity_personal_keys").fetchall()
        return [bytes(row[0]) if row[0] is not None else None for row in rows]
    import sqlite3

    with sqlite3.connect(Path(settings.data_dir) / "identity.db") as db:
        return [row[0] for row in db.execute("SELECT wrapped_key FROM personal_keys")]
