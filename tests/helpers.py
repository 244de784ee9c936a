"""Helpers for tests: posting GraphQL documents and asserting Kraken errors, over the API and from the domain."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from domain.shared.errors import KrakenError
from settings import Settings


class GraphQL:
    """Posts a document and returns the decoded body; the HTTP status must be 200 every time."""

    def __init__(self, client: TestClient, path: str = "/v1/graphql/") -> None:
        self.client, self.path = client, path

    def __call__(self, query: str, variables: dict | None = None, token: str | None = None, **headers: str) -> dict:
        if token is not None:
            headers["Authorization"] = token
        response = self.client.post(self.path, json={"query": query, "variables": variables or {}}, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()


def error_codes(body: dict) -> list[str]:
    return [error["extensions"].get("errorCode") for error in body.get("errors", [])]


def refused_with(body: dict[str, Any], code: str) -> None:
    """The document's one mutation answered null, refused with `code` and nothing else."""
    assert body["data"] is not None and list(body["data"].values()) == [None], body
    assert error_codes(body) == [code]


def refused(code: str, command: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """`command(*args, **kwargs)` raises the Kraken error `code`."""
    with pytest.raises(KrakenError) as raised:
        command(*args, **kwargs)
    assert raised.value.code == code


def raw_states(settings: Settings, store: str) -> list[bytes]:
    """The stored state of every event of a context's store (identity, payments, ...), as the database holds it."""
    if settings.uses_postgres:
        with psycopg.connect(settings.database_url) as db:
            rows = db.execute(f"SELECT state FROM {settings.database_schema}.{store}_events").fetchall()
    else:
        with sqlite3.connect(Path(settings.data_dir) / f"{store}.db") as db:
            rows = db.execute("SELECT state FROM stored_events").fetchall()
    return [bytes(row[0]) for row in rows]
