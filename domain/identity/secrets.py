"""Secrets at rest: argon2id password hashes and digests of high-entropy keys, compared in constant time."""

from __future__ import annotations

import hmac
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's low-memory profile (argon2id, t=3, m=64 MiB, p=4), argon2-cffi's default.
_hasher = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)
# Verified when no user matches, so that an unknown email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_secret_key() -> str:
    """A live secret (API) key: shown to its owner once, then kept only as a digest."""
    return "sk_live_" + secrets.token_urlsafe(32)


def same_digest(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a, b)
