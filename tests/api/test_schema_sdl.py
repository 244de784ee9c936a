"""The committed SDL is the code's schema, and it matches the seed's 90 mutations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
