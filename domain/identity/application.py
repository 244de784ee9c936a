"""The identity context's application: account users, their secrets and the tokens they obtain."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from domain.identity import commands, secrets
from domain.identity.access import AccessCommands
from domain.identity.erasure import ErasureCommands
from domain.identity.errors import PreSignedTokenAccessDenied, RefreshTokenInvalid, UserEmailAlreadyInUse
from domain.identity.indexes import SecretKey, UserEmail, normalise_email
from domain.identity.lookups import WELL_FORMED_EMAIL, IdentityLookups
from domain.identity.mfa_commands import MfaCommands
from domain.identity.password_commands import PasswordCommands
from domain.identity.pre_signed_key import PreSignedKey
from domain.identity.profile_commands import ProfileCommands
from domain.identity.tokens import IssuedToken
from domain.identity.user import User
from domain.shared.catalogue import (
    EmailInvalid,
    InvalidCredentials,
    Unauthorized,
)
from domain.shared.digests import digest


@dataclass(frozen=True, slots=True)
class PreSignedTokenEmail:
    """What the email worker needs to send one pre-signed key; `key` is the clear key, never stored."""

    key_id: UUID
    recipient: str
    key: str = field(repr=False)  # never in a log line or a traceback
    scope: str
    expires_at: datetime


class Identity(ErasureCommands, AccessCommands, MfaCommands, PasswordCommands, ProfileCommands, IdentityLookups):
    """The identity context's application (one event store); topics join it as IdentityLookups subclasses."""

    # Operators' commands (the ops CLI and the demo seed) -------------------------------------

    def register_user(self, command: commands.RegisterUser) -> UUID:
        password_hash = secrets.hash_password(command.password)

        def decide() -> tuple[UUID, list[Any]]:
            claim: UserEmail | None = self.find(UserEmail.id_for(command.email))
            # Released by a change of email or an erasure: the address may register again.
            reclaimed = claim is not None and claim.released and claim.user_id != command.user_id
            if claim is not None and not reclaimed:
                if command.user_id is not None and claim.user_id == command.user_id and not claim.released:
                    return command.user_id, []
                raise UserEmailAlreadyInUse(f"{normalise_email(command.email)} belongs to another account user.")
            details: dict[str, Any] = {
                "email": normalise_email(command.email),
                "password_hash": password_hash,
                "given_name": command.given_name,
                "family_name": command.family_name,
                "account_numbers": command.account_numbers,
                "registered_at": self.clock.now(),
            }
            if command.user_id is None:
                user = User(**details)
            else:
                user = User._create(User.Registered, id=command.user_id, **details)
            if claim is not None and reclaimed:
                claim.reclaim(user.id)
                return user.id, [user, claim]
            return user.id, [user, UserEmail.claim(command.email, user.id)]

        return self.decide(decide)

    def issue_secret_key(self, user_id: UUID) -> str:
        """A new live secret key for the user; the clear key is returned once and never stored."""
        key = secrets.new_secret_key()
        key_digest = digest(key)

        def decide() -> tuple[str, list[Any]]:
            user: User = self.load(user_id)
            user.issue_secret_key(key_digest, at=self.clock.now())
            return key, [user, SecretKey.claim(key_digest, user.id)]

        return self.decide(decide)

    # Mutations ---------------------------------------------------------------------------------

    def obtain_kraken_token(self, command: commands.ObtainKrakenToken) -> IssuedToken:
        given = [
            name
            for name in ("email", "api_key", "refresh_token", "pre_signed_key", "organization_secret_key")
            if getattr(command, name)
        ]
        if len(given) != 1:
            raise InvalidCredentials(
                "Provide exactly one of: email and password, APIKey, refreshToken, preSignedKey, organizationSecretKey."
            )
        if command.email is not None:
            return self._log_in_with_password(
                command.email, command.password or "", command.client, mfa_token=command.mfa_token
            )
        if command.api_key is not None:
            return self._log_in_with_secret_key(command.api_key, command.client)
        if command.refresh_token is not None:
            return self._renew(command.refresh_token)
        if command.pre_signed_key is not None:
            return self._log_in_with_pre_signed_key(command.pre_signed_key, command.client)
        return self._log_in_with_organisation_key(command.organization_secret_key or "", command.client)

    def force_reauthentication(self, command: commands.ForceReauthentication) -> datetime:
        """Revokes every token issued to the user so far; returns when that took effect."""

        def decide() -> tuple[datetime, list[Any]]:
            user: User = self.load(command.user_id)
            at = self.clock.now()
            user.force_reauthentication(at=at, include_third_parties=command.include_third_parties)
            return at, [user]

        return self.decide(decide)

    def send_pre_signed_token_email(self, command: commands.SendPreSignedTokenEmail) -> UUID | None:
        """Issues a key for a registered email and returns its id, for the email worker; None otherwise.

        The caller answers the same either way, so that nobody learns whether an email is registered.
        """
        email = normalise_email(command.email)
        if not WELL_FORMED_EMAIL.fullmatch(email):
            raise EmailInvalid()
        # Every request counts, known email or not: each may send an email, and a sweep over many
        # addresses from one client is throttled just the same.
        keys = [f"pre-signed-email:{email}", f"pre-signed-client:{command.client}"]
        self._check_send_throttle(keys)
        self.throttle.record_failure(keys, self.limits.window_seconds)
        user_id = self.user_id_for_email(email)
        if user_id is None:
            return None
        key_id = uuid4()
        expires_at = self.clock.now() + self.pre_signed_keys.ttl

        def decide() -> tuple[UUID, list[Any]]:
            key = PreSignedKey.issue(key_id, user_id, command.scope, expires_at)
            return key.id, [key]

        return self.decide(decide)

    def invalidate_pre_signed_token(self, command: commands.InvalidatePreSignedToken) -> str:
        """Makes the key unusable (again, harmlessly, if it already is); returns its scope."""
        key_id = self.pre_signed_keys.key_id_of(command.token)

        def decide() -> tuple[str, list[Any]]:
            key: PreSignedKey | None = self.find(key_id)
            if key is None:
                raise PreSignedTokenAccessDenied("The pre-signed token is unknown.")
            key.invalidate(at=self.clock.now())
            return key.scope, [key]

        return self.decide(decide)

    # The email worker's commands and queries ----------------------------------------------------

    def pre_signed_token_email(self, key_id: UUID) -> PreSignedTokenEmail | None:
        """The email still to send for this key; None once sent, or when the key can no longer log in."""
        key: PreSignedKey | None = self.find(key_id)
        if key is None or key.email_sent_at is not None or not key.is_valid(self.clock.now()):
            return None
        user: User = self.load(key.user_id)
        if user.erased_at is not None:
            # An erased user has no address left to write to, nor may they log in.
            return None
        return PreSignedTokenEmail(
            key_id=key_id,
            recipient=user.email,
            key=self.pre_signed_keys.key_for(key_id),
            scope=key.scope,
            expires_at=key.expires_at,
        )

    def record_pre_signed_token_email_sent(self, key_id: UUID) -> bool:
        """Records that the key's email went out; False if that was already recorded."""

        def decide() -> tuple[bool, list[Any]]:
            key: PreSignedKey = self.load(key_id)
            recorded = key.record_email_sent(at=self.clock.now())
            return recorded, [key]

        return self.decide(decide)

    # Authentication of requests ----------------------------------------------------------------

    def authenticate(self, token: str) -> User:
        """The user an access token speaks for, if it is valid and was issued since the last revocation."""
        return self.session(token)[0]

    def session(self, token: str) -> tuple[User, str | None]:
        """The user and, for a token from a pre-signed key, the one scope it is limited to."""
        return self.session_of(self.tokens.read_access(token))

    def session_of(self, claims: dict[str, Any]) -> tuple[User, str | None]:
        """`session` for claims already read from a verified access token."""
        user = self._user_of(claims)
        if user is None or claims["rev"] != user.token_epoch:
            raise Unauthorized("This token has been revoked; obtain a new one.")
        scope = claims.get("scope")
        return user, scope if isinstance(scope, str) else None

    # -------------------------------------------------------------------------------------------

    def _log_in_with_password(
        self, email: str, password: str, client: str, mfa_token: str | None = None
    ) -> IssuedToken:
        keys = [f"email:{normalise_email(email)}", f"client:{client}"]
        self._check_throttle(keys)
        user_id = self.user_id_for_email(email)
        user: User | None = self.find(user_id) if user_id else None
        if not secrets.verify_password(user.password_hash if user else None, password) or user is None:
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise InvalidCredentials()
        # Only after the password: a wrong password never reveals whether MFA is enabled.
        self._require_second_factor(user, mfa_token, client)
        if secrets.needs_rehash(user.password_hash):
            self._rehash(user.id, password)
        return self.tokens.issue(
            subject=user.subject, email=user.email, grant="EMAIL-AND-PASSWORD", epoch=user.token_epoch
        )

    def _log_in_with_secret_key(self, key: str, client: str) -> IssuedToken:
        keys = [f"client:{client}"]
        self._check_throttle(keys)
        key_digest = digest(key)
        index = self.find(SecretKey.id_for(key_digest))
        user: User | None = self.find(index.user_id) if index else None
        # A regenerated key leaves its old index behind: only the user's current digest counts.
        if user is None or user.erased_at is not None or not secrets.same_digest(user.secret_key_digest, key_digest):
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise InvalidCredentials("The API key is not valid.")
        return self.tokens.issue(subject=user.subject, email=user.email, grant="API-KEY", epoch=user.token_epoch)

    def _renew(self, refresh_token: str) -> IssuedToken:
        claims = self.tokens.read_refresh(refresh_token)
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
            # A scoped login stays scoped: renewing must never widen what the token may do.
            scope=claims.get("scope"),
        )

    def _log_in_with_pre_signed_key(self, key: str, client: str) -> IssuedToken:
        keys = [f"client:{client}"]
        self._check_throttle(keys)
        try:
            key_id = self.pre_signed_keys.key_id_of(key)
        except PreSignedTokenAccessDenied:
            # A login answers every bad credential alike (KT-CT-1138), and counts it against the client.
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise InvalidCredentials("The pre-signed key is not valid.") from None

        def decide() -> tuple[IssuedToken, list[Any]]:
            pre_signed: PreSignedKey | None = self.find(key_id)
            if pre_signed is None:
                raise InvalidCredentials("The pre-signed key is not valid.")
            # Used in the same save as the check: of two logins racing with one key, the second
            # one's save conflicts, its retry sees the key used, and it is refused.
            pre_signed.use(at=self.clock.now())
            user: User = self.load(pre_signed.user_id)
            if user.erased_at is not None:
                raise InvalidCredentials("The pre-signed key is not valid.")
            issued = self.tokens.issue(
                subject=user.subject,
                email=user.email,
                grant="PRE-SIGNED-KEY",
                epoch=user.token_epoch,
                scope=pre_signed.scope,
            )
            return issued, [pre_signed]

        return self.decide(decide)

    def _rehash(self, user_id: UUID, password: str) -> None:
        password_hash = secrets.hash_password(password)

        def decide() -> tuple[None, list[Any]]:
            user: User = self.load(user_id)
            user.rehash_password(password_hash)
            return None, [user]

        self.decide(decide)
