"""LINE account linking: one-time link tokens issued for a LINE user, and which user each LINE user is linked to.

A link token is `<token_id>.<mac>`: the id of its LineLinkToken aggregate plus an HMAC of it, so the
clear token is never stored (like pre-signed keys) and is recomputable only with the signing secret.
The MAC is the pre-signed-key MAC of a name-based (version 5) UUID derived from the token's id:
pre-signed key ids are random (version 4) UUIDs, so no pre-signed key and no link token can ever be
presented as the other.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.identity.pre_signed_key_signer import PreSignedKeys, signed_id

# LINE's own account-link tokens live 10 minutes; ours, standing in for them, do the same.
LINK_TOKEN_TTL = timedelta(minutes=10)
_LINE = uuid5(NAMESPACE_URL, "https://kraken-es/identity/line/")


def link_token_for(keys: PreSignedKeys, token_id: UUID) -> str:
    return f"{token_id.hex}.{_mac(keys, token_id)}"


def link_token_id_of(keys: PreSignedKeys, token: str) -> UUID | None:
    """The id a link token names, if its MAC is ours; None otherwise (malformed or not signed by us).

    Not an error: linkUserToLine answers a token it cannot use in its payload (NO_MATCHING_LINE_LINK).
    """
    return signed_id(token, lambda token_id: _mac(keys, token_id))


def _mac(keys: PreSignedKeys, token_id: UUID) -> str:
    return keys.key_for(uuid5(_LINE, token_id.hex)).partition(".")[2]


class LineLinkToken(Aggregate):
    """A one-time token that lets the account user holding it link their account to one LINE user."""

    class Issued(Aggregate.Created):
        line_user_id: str
        expires_at: datetime

    @classmethod
    def issue(cls, token_id: UUID, line_user_id: str, expires_at: datetime) -> LineLinkToken:
        return cls._create(cls.Issued, id=token_id, line_user_id=line_user_id, expires_at=expires_at)

    @event(Issued)
    def __init__(self, line_user_id: str, expires_at: datetime) -> None:
        self.line_user_id = line_user_id
        self.expires_at = expires_at
        self.consumed_by: UUID | None = None

    def is_usable(self, at: datetime) -> bool:
        return self.consumed_by is None and at < self.expires_at

    def consume(self, user_id: UUID, nonce_digest: str, at: datetime) -> None:
        if not self.is_usable(at):
            raise ValueError("link token already used or expired")
        self._consume(user_id=user_id, nonce_digest=nonce_digest, consumed_at=at)

    # The nonce goes to LINE in the redirect and comes back in its account-link webhook; only its
    # digest is kept, enough to recognise it.
    @event("Consumed")
    def _consume(self, user_id: UUID, nonce_digest: str, consumed_at: datetime) -> None:
        self.consumed_by = user_id


class LineAccount(Aggregate):
    """Which account user a LINE user is linked to: at most one at a time, claimed atomically."""

    @staticmethod
    def id_for(line_user_id: str) -> UUID:
        return uuid5(_LINE, "line-user:" + line_user_id)

    class Linked(Aggregate.Created):
        user_id: UUID

    @classmethod
    def link(cls, line_user_id: str, user_id: UUID) -> LineAccount:
        return cls._create(cls.Linked, id=cls.id_for(line_user_id), user_id=user_id)

    @event(Linked)
    def __init__(self, user_id: UUID) -> None:
        self.user_id: UUID | None = user_id

    def relink(self, user_id: UUID) -> None:
        self._relink(user_id=user_id)

    @event("Relinked")
    def _relink(self, user_id: UUID) -> None:
        self.user_id = user_id

    def unlink(self) -> None:
        self._unlink()

    @event("Unlinked")
    def _unlink(self) -> None:
        self.user_id = None
