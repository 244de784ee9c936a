"""Personal data in identity events is encrypted at rest: the raw event table holds no email or name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg

from projections.contexts import Contexts
from settings import Settings, load


def raw_states(settings: Settings) -> list[bytes]:
    if settings.uses_postgres:
        with psycopg.connect(settings.database_url) as db:
            rows = db.execute(f"SELECT state FROM {settings.database_schema}.identity_events").fetchall()
    else:
        with sqlite3.connect(Path(settings.data_dir) / "identity.db") as db:
            rows = db.execute("SELECT state FROM stored_events").fetchall()
    return [bytes(row[0]) for row in rows]


def test_the_identity_store_holds_no_personal_data_in_clear(
    backend: str, settings: Settings, contexts: Contexts, customer: dict
) -> None:
    # given a registered user (email, names, password hash, API key digest)
    states = raw_states(settings)
    # then the events are there, but none of it can be read from the raw table
    assert len(states) >= 3
    for secret in (b"ada@example.com", b"Lovelace", b"argon2", b"Ada"):
        assert not any(secret in state for state in states)
    # while the application reads them back
    assert contexts.identity.user_id_for_email("ada@example.com") is not None


def test_production_needs_an_explicit_cipher_key() -> None:
    import pytest

    from settings import SettingsError

    with pytest.raises(SettingsError, match="KRAKEN_IDENTITY_CIPHER_KEY"):
        load({"KRAKEN_DATABASE_URL": "postgresql://db/kraken", "KRAKEN_SECRET_KEY": "x" * 40}).cipher_env()
