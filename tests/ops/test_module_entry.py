"""`python -m ops.cli`, which the tests and the benchmark start processes with, runs every command."""

from __future__ import annotations

import os
import subprocess
import sys

import typer.main

from ops.cli import app


def test_python_dash_m_knows_every_command_the_console_script_knows() -> None:
    # given every command the console script `kraken` has
    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {"serve", "up", "export", "bench"} <= commands
    # when `python -m ops.cli` lists its commands
    environment = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    listed = subprocess.run(
        [sys.executable, "-m", "ops.cli", "--help"], capture_output=True, text=True, timeout=60, env=environment
    )
    # then it lists every one, whatever its place in the module
    assert listed.returncode == 0, listed.stderr[-2000:]
    words = set(listed.stdout.replace("│", " ").split())
    assert sorted(commands - words) == []
