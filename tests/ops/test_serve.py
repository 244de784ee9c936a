"""`kraken serve`: it listens where it is told, and the links it sends point there."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import uvicorn
from typer.testing import CliRunner

from domain.identity.application import PreSignedTokenEmail
from ops.cli import app
from settings import load
from workers.identity import pre_signed_token_message

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What `kraken serve` hands uvicorn, and the settings its API processes then load."""
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    # Set here so that they are restored afterwards: serve passes its options on to the API processes through them.
    monkeypatch.setenv("KRAKEN_HOST", "127.0.0.1")
    monkeypatch.setenv("KRAKEN_PORT", "8000")
    monkeypatch.delenv("KRAKEN_PUBLIC_URL", raising=False)
    seen: dict[str, Any] = {}

    def run(application: str, **options: Any) -> None:
        seen.update(options, settings=load())

    monkeypatch.setattr(uvicorn, "run", run)
    return seen


def login_link(served: dict[str, Any]) -> str:
    email = PreSignedTokenEmail(
        key_id=uuid4(), recipient="demo@kraken.example", key="the-key", scope="LOGIN", expires_at=NOW
    )
    body = pre_signed_token_message(email, served["settings"], NOW).get_content()
    return next(line for line in body.splitlines() if "preSignedKey=" in line)


def test_serving_on_another_port_sends_links_to_that_port(served: dict[str, Any]) -> None:
    # when
    result = CliRunner().invoke(app, ["serve", "--port", "9000"])
    # then
    assert result.exit_code == 0, result.output
    assert served["port"] == 9000
    assert login_link(served) == "http://127.0.0.1:9000/login?preSignedKey=the-key"


def test_kraken_port_moves_the_links_too(served: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    monkeypatch.setenv("KRAKEN_PORT", "9100")
    # when
    result = CliRunner().invoke(app, ["serve"])
    # then
    assert result.exit_code == 0, result.output
    assert served["port"] == 9100 and login_link(served) == "http://127.0.0.1:9100/login?preSignedKey=the-key"


@pytest.mark.parametrize("how", [["serve", "--port", "0"], ["serve"]])
def test_serving_on_any_free_port_sends_links_to_the_port_chosen(
    served: dict[str, Any], monkeypatch: pytest.MonkeyPatch, how: list[str]
) -> None:
    # given port 0 (any free port), by the option or by KRAKEN_PORT
    monkeypatch.setenv("KRAKEN_PORT", "0")
    # when
    result = CliRunner().invoke(app, how)
    # then a port was chosen before serving, and the links name it
    assert result.exit_code == 0, result.output
    assert served["port"] not in (0, 8000)
    assert login_link(served) == f"http://127.0.0.1:{served['port']}/login?preSignedKey=the-key"
    assert served["settings"].public_url == f"http://127.0.0.1:{served['port']}"


def test_an_explicit_public_url_wins_over_the_port(served: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    monkeypatch.setenv("KRAKEN_PUBLIC_URL", "https://kraken.example")
    # when
    result = CliRunner().invoke(app, ["serve", "--port", "9000"])
    # then
    assert result.exit_code == 0, result.output
    assert login_link(served) == "https://kraken.example/login?preSignedKey=the-key"
