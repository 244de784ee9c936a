"""`kraken consent-type define`: defines a type, changes it, and says when nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.accounts.consent_types import ConsentType
from ops import runtime
from ops.cli import app
from settings import load


def test_a_type_is_defined_then_changed_then_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    define = ["consent-type", "define", "PARTNER_OFFERS", "--name", "Partner offers", "--default", "rejected"]
    assert runner.invoke(app, define).output.strip() == "consent type PARTNER_OFFERS: defined"
    changed = runner.invoke(app, [*define, "--description", "Offers from our partners."])
    assert changed.output.strip() == "consent type PARTNER_OFFERS: defined"
    assert runner.invoke(app, [*define, "--description", "Offers from our partners."]).output.strip() == (
        "consent type PARTNER_OFFERS: unchanged"
    )
    contexts = runtime.build(load())
    try:
        kind: ConsentType = contexts.accounts.load(ConsentType.id_for("PARTNER_OFFERS"))
        assert (kind.name, kind.description, kind.default_value) == (
            "Partner offers",
            "Offers from our partners.",
            "REJECTED",
        )
    finally:
        contexts.close()
    refused = runner.invoke(app, [*define, "--default", "MAYBE"])
    assert refused.exit_code == 1 and "Cannot define the consent type" in refused.output
