"""The identity context's application: account users, their secrets and the tokens they obtain."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from domain.identity import commands, secrets
from domain.identity.errors import RefreshTokenExpired, RefreshTokenInvalid
from domain.identity.indexes import EmailTaken, SecretKey, UserEmail, normalise_email
from domain.identity.tokens import IssuedToken, TokenLapsed, TokenRefused, Tokens
from domain.identity.user import User
from domain.shared.application import ContextApplication
from domain.shared.catalogue import FieldDisabled, InvalidCredentials, TokenExpired, TooManyRequests, Unauthorized
from domain.shared.clock import Clock
from domain.shared.throttle import Throttle

_SUBJECT_PREFIX = "kraken|account-user:"


class LoginLimits:
    """How many failed logins a subject (an email) and a client may make per window."""

    def __init__(self, per_email: int, per_client: int, window_seconds: int) -> None:
        self.per_email, self.per_client, self.window_seconds = per_email, per_client, window_seconds


class Identity(ContextApplication):
    name = "Identity"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {User: 100}

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        *,
        tokens: Tokens,
        throttle: Throttle,
        limits: LoginLimits,
    ) -> None:
        super().__init__(env, clock)
        self.tokens, self.throttle, self.limits = tokens, throttle, limits

    # Operators' commands (the ops CLI and the demo seed) -------------------------------------

    def register_user(self, command: commands.RegisterUser) -> UUID:
        password_hash = secrets.hash_password(command.password)

        def decide() -> tuple[UUID, list[Any]]:
            if self.find(UserEmail.id_for(command.email)) is not None:
                raise EmailTaken(command.email)
            user = User(
                email=normalise_email(command.email),
                password_hash=password_hash,
                given_name=command.given_name,
                family_name=command.family_name,
                account_numbers=command.account_numbers,
                registered_at=self.clock.now(),
            )
            return user.id, [user, UserEmail.claim(command.email, user.id)]

        return self.decide(decide)

    def issue_secret_key(self, user_id: UUID) -> str:
        """A new live secret key for the user; the clear key is returned once and never stored."""
        key = secrets.new_secret_key()
        key_digest = secrets.digest(key)

        def decide() -> tuple[str, list[Any]]:
            user: User = self.load(user_id)
            user.issue_secret_key(key_digest, at=self.clock.now())
            return key, [user, SecretKey.claim(key_digest, user.id)]

        return self.decide(decide)

    def user_id_for_email(self, email: str) -> UUID | None:
        index = self.find(UserEmail.id_for(email))
        return None if index is None else index.user_id

    # Mutations ---------------------------------------------------------------------------------

    def obtain_kraken_token(self, command: commands.ObtainKrakenToken) -> IssuedToken:
        given = [
            name
            for name in ("email", "api_key", "refresh_token", "pre_signed_key", "organization_secret_key")
            if getattr(command, name)
        ]
        if len(given) != 1:
            raise InvalidCredentials("Provide exactly one of: email and password, APIKey, refreshToken.")
        if command.email is not None:
            return self._log_in_with_password(command.email, command.password or "", command.client)
        if command.api_key is not None:
            return self._log_in_with_secret_key(command.api_key, command.client)
        if command.refresh_token is not None:
            return self._renew(command.refresh_token)
        raise FieldDisabled("Logging in with this kind of key is not available yet.")

    def force_reauthentication(self, command: commands.ForceReauthentication) -> datetime:
        """Revokes every token issued to the user so far; returns when that took effect."""

        def decide() -> tuple[datetime, list[Any]]:
            user: User = self.load(command.user_id)
            at = self.clock.now()
            user.force_reauthentication(at=at, include_third_parties=command.include_third_parties)
            return at, [user]

        return self.decide(decide)

    # Authentication of requests ----------------------------------------------------------------

    def authenticate(self, token: str) -> User:
        """The user an access token speaks for, if it is valid and was issued since the last revocation."""
        try:
            claims = self.tokens.read_access(token)
        except TokenLapsed:
            raise TokenExpired() from None
        except TokenRefused:
            raise Unauthorized("The Authorization header does not carry a valid token.") from None
        user = self._user_of(claims)
        if user is None or claims["rev"] != user.token_epoch:
            raise Unauthorized("This token has been revoked; obtain a new one.")
        return user

    # -------------------------------------------------------------------------------------------

    def _log_in_with_password(self, email: str, password: str, client: str) -> IssuedToken:
        keys = [f"email:{normalise_email(email)}", f"client:{client}"]
        self._check_throttle(keys)
        user_id = self.user_id_for_email(email)
        user: User | None = self.find(user_id) if user_id else None
        if not secrets.verify_password(user.password_hash if user else None, password) or user is None:
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise InvalidCredentials()
        if secrets.needs_rehash(user.password_hash):
            self._rehash(user.id, password)
        return self.tokens.issue(
            subject=user.subject, email=user.email, grant="EMAIL-AND-PASSWORD", epoch=user.token_epoch
        )

    def _log_in_with_secret_key(self, key: str, client: str) -> IssuedToken:
        keys = [f"client:{client}"]
        self._check_throttle(keys)
        key_digest = secrets.digest(key)
        index = self.find(SecretKey.id_for(key_digest))
        user: User | None = self.find(index.user_id) if index else None
        # A regenerated key leaves its old index behind: only the user's current digest counts.
        if user is None or not secrets.same_digest(user.secret_key_digest, key_digest):
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise InvalidCredentials("The API key is not valid.")
        return self.tokens.issue(subject=user.subject, email=user.email, grant="API-KEY", epoch=user.token_epoch)

    def _renew(self, refresh_token: str) -> IssuedToken:
        try:
            claims = self.tokens.read_refresh(refresh_token)
        except TokenLapsed:
            raise RefreshTokenExpired() from None
        except TokenRefused:
            raise RefreshTokenInvalid() from None
        user = self._user_of(claims)
        if user is None or claims["rev"] != user.token_epoch:
            raise RefreshTokenInvalid("This refresh token has been revoked; log in again.")
        # Kraken keeps the refresh token and its expiry on renewal: at most 7 days from one login.
        return self.tokens.issue(
            subject=user.subject,
            email=user.email,
            grant=claims["gty"],
            epoch=user.token_epoch,
            refresh_token=refresh_token,
            original_issued_at=claims["iat"],
        )

    def _check_throttle(self, keys: list[str]) -> None:
        failures = self.throttle.failures(keys, self.limits.window_seconds)
        for key, count in failures.items():
            limit = self.limits.per_email if key.startswith("email:") else self.limits.per_client
            if count >= limit:
                raise TooManyRequests("Too many failed login attempts; try again later.")

    def _rehash(self, user_id: UUID, password: str) -> None:
        password_hash = secrets.hash_password(password)

        def decide() -> tuple[None, list[Any]]:
            user: User = self.load(user_id)
            user.rehash_password(password_hash)
            return None, [user]

        self.decide(decide)

    def _user_of(self, claims: dict[str, Any]) -> User | None:
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject.startswith(_SUBJECT_PREFIX):
            return None
        try:
            user_id = UUID(subject.removeprefix(_SUBJECT_PREFIX))
        except ValueError:
            return None
        found: User | None = self.find(user_id)
        return found
