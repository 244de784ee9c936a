"""What the erasure tests share: a staff member's token, and a search of every stored table for a
person's data, as an attacker holding the master key would make it."""

from __future__ import annotations

import base64
import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from domain.identity import commands
from domain.identity.staff_member import StaffMember
from ops import runtime
from settings import Settings

STAFF_EMAIL = "support@kraken.example"
LEDGERS_BALANCE = (
    "SELECT l.number, l.balance, COALESCE(SUM(e.amount), 0) FROM payment_ledgers l "
    "LEFT JOIN payment_ledger_entries e ON e.ledger_number = l.number GROUP BY l.number, l.balance"
)


def staff_token(contexts: runtime.Contexts, email: str = STAFF_EMAIL) -> str:
    """A staff token for the staff mutations (`kraken staff token`), registering the staff member once."""
    if contexts.identity.find(StaffMember.id_for(email)) is None:
        contexts.identity.register_staff_member(commands.RegisterStaffMember(email=email))
    token, _ = contexts.identity.issue_staff_token(commands.IssueStaffToken(staff_email=email))
    return token


def encodings(needle: str) -> set[bytes]:
    """The needle as it could sit in a stored value: any case, JSON-escaped, UTF-16, hex, and base64
    at each of the three alignments it can take inside a longer encoded text."""
    forms: set[bytes] = set()
    for text in {needle, needle.lower(), needle.upper(), json.dumps(needle)[1:-1]}:
        raw = text.encode()
        forms |= {raw, text.encode("utf-16-le"), raw.hex().encode()}
        for pad in range(3):
            for encode in (base64.b64encode, base64.urlsafe_b64encode):
                encoded = encode(b"\0" * pad + raw)
                # Only the groups of four characters that encode the needle's bytes alone, whatever surrounds it.
                core = encoded[(4 if pad else 0) : (pad + len(raw)) // 3 * 4]
                if len(core) >= 8:
                    forms.add(core)
    return forms


def stored_values(settings: Settings) -> Iterator[tuple[str, bytes]]:
    """Every value of every row of every table the deployment keeps: its SQLite files, or its schema."""
    if settings.uses_postgres:
        with psycopg.connect(settings.database_url, autocommit=True) as db:
            tables = db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (settings.database_schema,),
            ).fetchall()
            for (table,) in tables:
                for row in db.execute(
                    sql.SQL("SELECT * FROM {}").format(sql.Identifier(settings.database_schema, table))
                ):
                    for value in row:
                        yield table, _bytes(value)
        return
    for path in sorted(Path(settings.data_dir).glob("*.db")):
        db = sqlite3.connect(path)
        try:
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                for row in db.execute(f'SELECT * FROM "{table}"'):
                    for value in row:
                        yield f"{path.name}:{table}", _bytes(value)
        finally:
            db.close()


def _bytes(value: Any) -> bytes:
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    if isinstance(value, bytes):
        return value
    return str(value).encode()


def leaks(settings: Settings, contexts: runtime.Contexts, needles: list[str]) -> list[str]:
    """Where any needle can be read: in clear, or after decrypting a value with any context's cipher."""
    ciphers = [
        app.mapper.cipher
        for app in (getattr(contexts, field.name) for field in dataclasses.fields(contexts))
        if getattr(getattr(app, "mapper", None), "cipher", None) is not None
    ]
    forms = {needle: encodings(needle) for needle in needles}
    found = []
    for table, value in stored_values(settings):
        readable = [value]
        for cipher in ciphers:
            try:
                readable.append(cipher.decrypt(value))
            except Exception:
                continue
        for text in readable:
            for needle, encoded in forms.items():
                if any(form in text for form in encoded):
                    found.append(f"{needle!r} in {table}")
    return sorted(set(found))
