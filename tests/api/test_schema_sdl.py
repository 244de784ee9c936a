"""The committed SDL is the code's schema, and it matches the seed's 90 mutations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from graphql import build_schema, is_non_null_type

from api.sdl import API_SDL, AUTH_SDL, render

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", [API_SDL, AUTH_SDL], ids=lambda p: p.name)
def test_the_committed_sdl_is_what_the_code_serves(path: Path) -> None:
    # If this fails after an intended change: `python -m ops.export_sdl`, then review the diff.
    assert path.read_text() == render()[path]


def test_the_seed_check_finds_all_90_mutations_and_no_problem() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "spec_check.py"), str(API_SDL), str(AUTH_SDL)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert "90/90 seed mutations match" in result.stdout
    assert "PROBLEM" not in result.stdout


LEDGER_CHOOSERS = [
    "CollectPaymentInput",
    "GetEmbeddedSecretForNewPaymentInstructionInput",
    "InitiateStandalonePaymentInput",
    "SetUpDirectDebitInstructionInput",
    "StorePaymentInstructionInput",
    "RequestRepaymentInputType",
    "UpdateAutoTopUpAmountInput",
]


@pytest.mark.parametrize("input_type", LEDGER_CHOOSERS)
def test_inputs_whose_mutations_raise_3820_or_3821_take_a_ledger_id_or_number(input_type: str) -> None:
    # The seed wins over the older reference SDL here: "Received both ledger ID and number." (KT-CT-3820).
    schema = build_schema(API_SDL.read_text())
    fields = schema.type_map[input_type].fields  # type: ignore[attr-defined]
    assert not is_non_null_type(fields["ledgerId"].type)
    assert str(fields["ledgerNumber"].type) == "String"
