"""Kraken tokens: signed JWTs with a pinned algorithm, checked against the injected clock.

Access tokens live 60 minutes, refresh tokens 7 days (Kraken's own lifetimes). Both carry the
user's token epoch (`rev`): forceReauthentication moves the epoch on and so refuses every token
issued before it, refresh tokens included. Access and refresh tokens are signed with different
keys derived from one secret, so one can never be presented as the other. A token from a
pre-signed key also carries its `scope` (a Kraken ExpiringTokenScope), in its refresh token too,
so that renewing never widens it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt

from domain.identity.errors import RefreshTokenExpired, RefreshTokenInvalid
from domain.shared.catalogue import TokenExpired, Unauthorized
from domain.shared.clock import Clock

ALGORITHM = "HS256"  # pinned (RFC 8725 §3.1): decoding never accepts another algorithm
ISSUER = "kraken-es"


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    payload: dict[str, Any]
    refresh_token: str
    refresh_expires_at: int


class Tokens:
    """Signs and verifies the two kinds of token."""

    def __init__(self, secret: bytes, clock: Clock, access_ttl: timedelta, refresh_ttl: timedelta) -> None:
        self._access_key = hmac.new(secret, b"access-token", hashlib.sha256).digest()
        self._refresh_key = hmac.new(secret, b"refresh-token", hashlib.sha256).digest()
        # Staff tokens have a key of their own: no customer mutation can verify one, nor a staff one a customer's.
        self._staff_key = hmac.new(secret, b"staff-token", hashlib.sha256).digest()
        self._clock = clock
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl

    def issue(
        self,
        *,
        subject: str,
        email: str,
        grant: str,
        epoch: int,
        refresh_token: str | None = None,
        original_issued_at: int | None = None,
        scope: str | None = None,
        actor: str | None = None,
        lifetime: timedelta | None = None,
    ) -> IssuedToken:
        """An access token, plus a new refresh token unless one is being renewed (Kraken keeps it).

        `actor` names who really acts when it is not the subject (a masquerading staff member), as
        RFC 8693's `act` claim; `lifetime` shortens the access token (masquerade sessions).
        """
        now = self._clock.now()
        iat = int(now.timestamp())
        payload = {
            "sub": subject,
            "gty": grant,
            "email": email,
            "tokenUse": "access",
            "iss": ISSUER,
            "iat": iat,
            "exp": int((now + (lifetime or self.access_ttl)).timestamp()),
            "origIat": original_issued_at or iat,
            "rev": epoch,
        }
        if scope is not None:
            payload["scope"] = scope
        if actor is not None:
            payload["act"] = {"sub": actor}
        token = jwt.encode(payload, self._access_key, algorithm=ALGORITHM)
        if refresh_token is None:
            refresh_claims = {
                "sub": subject,
                "gty": grant,
                "tokenUse": "refresh",
                "iss": ISSUER,
                "iat": iat,
                "exp": int((now + self.refresh_ttl).timestamp()),
                "rev": epoch,
            }
            if scope is not None:
                refresh_claims["scope"] = scope
            refresh_token = jwt.encode(refresh_claims, self._refresh_key, algorithm=ALGORITHM)
            refresh_expires_at = int((now + self.refresh_ttl).timestamp())
        else:
            refresh_expires_at = self.read_refresh(refresh_token)["exp"]
        return IssuedToken(token, payload, refresh_token, refresh_expires_at)

    def read_access(self, token: str) -> dict[str, Any]:
        """The claims of one of our access tokens; KT-CT-1111 if it is not one, KT-CT-1124 once expired."""
        claims = self._verified(token, self._access_key, "access")
        if claims is None:
            raise Unauthorized("The Authorization header does not carry a valid token.")
        if self._lapsed(claims):
            raise TokenExpired()
        return claims

    def issue_staff(self, staff_subject: str, lifetime: timedelta) -> tuple[str, int]:
        """A staff member's token for the staff mutations (and only those); with its expiry."""
        now = self._clock.now()
        expires_at = int((now + lifetime).timestamp())
        claims = {
            "sub": staff_subject,
            "tokenUse": "staff",
            "iss": ISSUER,
            "iat": int(now.timestamp()),
            "exp": expires_at,
            "rev": 0,
        }
        return jwt.encode(claims, self._staff_key, algorithm=ALGORITHM), expires_at

    def read_staff(self, token: str) -> dict[str, Any]:
        """The claims of a staff token; KT-CT-1111 for any other token, KT-CT-1124 once expired."""
        claims = self._verified(token, self._staff_key, "staff")
        if claims is None:
            raise Unauthorized("This needs a staff token (`kraken staff token`).")
        if self._lapsed(claims):
            raise TokenExpired()
        return claims

    def read_refresh(self, token: str) -> dict[str, Any]:
        """The claims of one of our refresh tokens; KT-CT-1135 if it is not one, KT-CT-1134 once expired."""
        claims = self._verified(token, self._refresh_key, "refresh")
        if claims is None:
            raise RefreshTokenInvalid()
        if self._lapsed(claims):
            raise RefreshTokenExpired()
        return claims

    def _verified(self, token: str, key: bytes, use: str) -> dict[str, Any] | None:
        """The claims if the token is ours, untampered and of this kind; None otherwise."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                # Expiry is checked below against the injected clock, not the wall clock.
                options={"require": ["exp", "iat", "sub", "iss"], "verify_exp": False, "verify_iat": False},
            )
        except jwt.PyJWTError:
            return None
        if claims.get("tokenUse") != use or not isinstance(claims.get("rev"), int):
            return None
        return claims

    def _lapsed(self, claims: dict[str, Any]) -> bool:
        return not isinstance(claims["exp"], int) or claims["exp"] <= self._clock.now().timestamp()
