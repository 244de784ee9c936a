"""Digests of high-entropy secrets (API keys, one-use tokens, client secrets): what is stored instead."""

from __future__ import annotations

import hashlib


def digest(secret: str) -> str:
    """SHA-256 is enough for 256-bit random keys; argon2 is for guessable passwords."""
    return hashlib.sha256(secret.encode()).hexdigest()
