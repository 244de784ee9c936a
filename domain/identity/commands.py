"""Identity commands: one per mutation, named after it."""

from __future__ import annotations

from uuid import UUID

import msgspec


class ObtainKrakenToken(msgspec.Struct, frozen=True, kw_only=True):
    """Exactly one way of logging in is given; `client` names the caller for rate limiting."""

    client: str
    email: str | None = None
    password: str | None = None
    api_key: str | None = None
    refresh_token: str | None = None
    pre_signed_key: str | None = None
    organization_secret_key: str | None = None


class ForceReauthentication(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    include_third_parties: bool = False


class RegisterUser(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: how operators (and the demo seed) create account users."""

    email: str
    password: str
    given_name: str
    family_name: str
    account_numbers: tuple[str, ...]


class SendPreSignedTokenEmail(msgspec.Struct, frozen=True, kw_only=True):
    """Email a one-time login key with this scope to `email`, if it is a user's; `client` is rate limited."""

    client: str
    email: str
    scope: str


class InvalidatePreSignedToken(msgspec.Struct, frozen=True, kw_only=True):
    """Possession of the key is the proof: whoever holds it may make it unusable."""

    token: str
