"""The signer of pre-signed login keys: `<key_id>.<mac>`, recomputable by whoever holds the signing secret.

The clear key is never stored: the event store keeps only the key's id (a random UUID, the id of
its PreSignedKey aggregate in pre_signed_key.py), and the key is the id plus an HMAC of it. So the
API can verify a key and the email worker can rebuild it for the email from the same secret, and a
copy of the event store alone gives no way to log in. The MAC key is derived from the signing secret with its own
label, like the access and refresh token keys, so a pre-signed key can never be a token or the
other way round.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from domain.identity.errors import PreSignedTokenAccessDenied

_LABEL = b"pre-signed-key"
# An id in hex, a dot, and 43 base64 characters of MAC; anything much longer is not ours.
_MAX_LENGTH = 128
_REFUSED = "The pre-signed token is malformed or was not issued here."


class PreSignedKeys:
    """Computes and verifies pre-signed keys; pure (no I/O, no clock, no randomness)."""

    def __init__(self, secret: bytes, ttl: timedelta) -> None:
        self._mac_key = hmac.new(secret, _LABEL, hashlib.sha256).digest()
        self.ttl = ttl

    def key_for(self, key_id: UUID) -> str:
        return f"{key_id.hex}.{self._mac(key_id)}"

    def derive(self, label: bytes) -> bytes:
        """A key for another kind of secret (HMAC as a KDF): as secret as this one, independent of it."""
        return hmac.new(self._mac_key, label, hashlib.sha256).digest()

    def key_id_of(self, key: str) -> UUID:
        """The id a key names, if its MAC is ours (KT-CT-1129 otherwise: malformed, forged, or signed
        with another secret)."""
        key_id = signed_id(key, self._mac)
        if key_id is None:
            raise PreSignedTokenAccessDenied(_REFUSED)
        return key_id

    def _mac(self, key_id: UUID) -> str:
        digest = hmac.new(self._mac_key, key_id.bytes, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def signed_id(token: str, mac_of: Callable[[UUID], str]) -> UUID | None:
    """The id a `<id hex>.<mac>` token names, if `mac_of(id)` is its MAC; None if it is malformed or
    not ours. Pre-signed keys, password reset tokens and LINE link tokens share this form."""
    if len(token) > _MAX_LENGTH or token.count(".") != 1:
        return None
    id_part, mac = token.split(".")
    try:
        token_id = UUID(hex=id_part)
    except ValueError:
        return None
    # UUID() accepts braces, hyphens and upper case too: only the one form we issue is ours.
    if token_id.hex != id_part:
        return None
    if not hmac.compare_digest(mac_of(token_id).encode(), mac.encode("utf-8", "replace")):
        return None
    return token_id
