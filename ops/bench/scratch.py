"""Scratch data for a run, removed at the end, so that the benchmark never touches real data."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec
import psycopg
from psycopg import sql

from settings import Settings

# Points per viewer and window during a run: more than any run spends, within a GraphQL Int.
BENCH_ALLOWANCE = 2_000_000_000


@contextmanager
def scratch(settings: Settings) -> Iterator[tuple[Settings, Path]]:
    """Settings pointing at fresh data, removed at the end: a directory under data_dir (the same disk as
    the real SQLite files, so that fsync costs the same) or, on PostgreSQL, a fresh schema (and a
    temporary directory for the server's log)."""
    token = secrets.token_hex(4)
    if settings.uses_postgres:
        directory = Path(tempfile.mkdtemp(prefix=f"kraken-bench-{token}-"))
        schema = f"bench_{token}"
        with psycopg.connect(settings.database_url, autocommit=True) as db:
            db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    else:
        directory = Path(settings.data_dir).resolve() / f"bench-{token}"
        directory.mkdir(parents=True)
        schema = settings.database_schema
    fresh = msgspec.structs.replace(
        settings,
        data_dir=str(directory),
        database_schema=schema,
        graphiql=False,
        # Hundreds of requests a second from a few viewers would spend Kraken's hourly allowance in
        # a minute: the allowance stays on (its cost is part of what is measured) but never runs out.
        rate_limit_points=BENCH_ALLOWANCE,
        rate_limit_organisation_points=BENCH_ALLOWANCE,
    )
    try:
        yield fresh, directory
    finally:
        if settings.uses_postgres:
            with psycopg.connect(settings.database_url, autocommit=True) as db:
                db.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        shutil.rmtree(directory, ignore_errors=True)
