"""The parameters a deployment hashes passwords with (the tests' own process hashes cheaply)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from argon2 import extract_parameters, profiles

ROOT = Path(__file__).parents[3]


def test_a_deployment_hashes_passwords_with_rfc_9106_low_memory_argon2id() -> None:
    # when a process of its own hashes a password, as a server does
    hashed = subprocess.run(
        [sys.executable, "-c", "from domain.identity import secrets; print(secrets.hash_password('a passphrase'))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # then
    assert hashed.startswith("$argon2id$")
    assert extract_parameters(hashed) == profiles.RFC_9106_LOW_MEMORY
