"""Password reset tokens: single-use, expiring, never stored in clear, and consumed as events.

A reset is a PasswordReset aggregate at a random id. Its token is `<id hex>.<HMAC of the id>`,
computed from the signing secret with a label of its own ("password-reset-token"), so that the
event store holds only the id: a copy of it gives no way to reset anyone's password, while the
API can verify a token and the email worker rebuild it for the email. The scheme is the one
pre-signed login keys use (pre_signed_key_signer.py); the separate label means a pre-signed key can never
pass for a reset token or the other way round.

Its story: Requested, then (at most once each) EmailSent and Used. A token also stops working
once the user's password has changed after it was requested (by another reset, or by the user),
so that an old reset email in a mailbox is worth nothing once the password has moved on.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.identity.errors import PasswordResetTokenInvalid
from domain.identity.pre_signed_key_signer import PreSignedKeys, signed_id

# Kraken's reset links live about as long as its pre-signed keys: long enough to open an email.
RESET_TOKEN_TTL = timedelta(minutes=60)
_LABEL = b"password-reset-token"
_REFUSED = "The password reset token is malformed or was not issued here."


class ResetTokens:
    """Computes and verifies reset tokens; pure (no I/O, no clock, no randomness)."""

    def __init__(self, pre_signed_keys: PreSignedKeys) -> None:
        # The Identity application holds no raw signing secret, only keys derived from it.
        self._mac_key = pre_signed_keys.derive(_LABEL)

    def token_for(self, reset_id: UUID) -> str:
        return f"{reset_id.hex}.{self._mac(reset_id)}"

    def reset_id_of(self, token: str) -> UUID:
        """The id a token names, if its MAC is ours (KT-CT-4125 otherwise)."""
        reset_id = signed_id(token, self._mac)
        if reset_id is None:
            raise PasswordResetTokenInvalid(_REFUSED)
        return reset_id

    def _mac(self, reset_id: UUID) -> str:
        digest = hmac.new(self._mac_key, reset_id.bytes, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def encode_user_id(user_id: UUID) -> str:
    """Kraken's `userId` in a reset link: the user's id as an unpadded URL-safe base64 bytestring."""
    return base64.urlsafe_b64encode(str(user_id).encode()).rstrip(b"=").decode()


def decode_user_id(encoded: str) -> UUID | None:
    """The user id a reset link names, or None if it is not one we could have written."""
    if len(encoded) > 64:
        return None
    try:
        decoded = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("ascii")
        return UUID(decoded)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


class PasswordReset(Aggregate):
    """One reset link for one user, usable once until it expires."""

    class Requested(Aggregate.Created):
        user_id: UUID
        requested_at: datetime
        expires_at: datetime

    @classmethod
    def request(cls, reset_id: UUID, user_id: UUID, at: datetime, ttl: timedelta = RESET_TOKEN_TTL) -> PasswordReset:
        return cls._create(cls.Requested, id=reset_id, user_id=user_id, requested_at=at, expires_at=at + ttl)

    @event(Requested)
    def __init__(self, user_id: UUID, requested_at: datetime, expires_at: datetime) -> None:
        self.user_id = user_id
        self.requested_at = requested_at
        self.expires_at = expires_at
        self.email_sent_at: datetime | None = None
        self.used_at: datetime | None = None

    def refusal(self, at: datetime, password_changed_at: datetime | None) -> str | None:
        """Why the token cannot reset the password at `at`, or None if it can."""
        if self.used_at is not None:
            return "This password reset link has already been used."
        if at >= self.expires_at:
            return "This password reset link has expired."
        if password_changed_at is not None and password_changed_at >= self.requested_at:
            return "The password has changed since this reset link was sent."
        return None

    def record_email_sent(self, at: datetime) -> bool:
        """Records the first successful send only; a redelivered message records nothing."""
        if self.email_sent_at is not None:
            return False
        self._record_email_sent(sent_at=at)
        return True

    @event("EmailSent")
    def _record_email_sent(self, sent_at: datetime) -> None:
        self.email_sent_at = sent_at

    def use(self, at: datetime, password_changed_at: datetime | None) -> None:
        refusal = self.refusal(at, password_changed_at)
        if refusal is not None:
            raise PasswordResetTokenInvalid(refusal)
        self._use(used_at=at)

    @event("Used")
    def _use(self, used_at: datetime) -> None:
        self.used_at = used_at
