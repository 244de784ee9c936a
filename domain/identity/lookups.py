"""What every command group of the identity application shares: its collaborators, the login limits,
and finding users by email or token.

The Identity application is split into command groups (access, mfa_commands, password_commands,
profile_commands), each a class deriving from IdentityLookups; application.py joins them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Recording

from domain.identity.errors import UserEmailAlreadyInUse
from domain.identity.indexes import UserEmail
from domain.identity.pre_signed_key_signer import PreSignedKeys
from domain.identity.principals import RecentPrincipals
from domain.identity.tokens import Tokens
from domain.identity.user import User
from domain.shared.application import ContextApplication
from domain.shared.catalogue import TooManyRequests
from domain.shared.clock import Clock
from domain.shared.throttle import Throttle

SUBJECT_PREFIX = "kraken|account-user:"
# One @, a non-empty local part and a dotted domain, no spaces: what a mail server could deliver to.
# Deliverability itself is proven only by the email arriving.
WELL_FORMED_EMAIL = re.compile(r"[^@\s]{1,64}@(?=.{1,253}$)[^@\s.]+(\.[^@\s.]+)+")


class LoginLimits:
    """How many failed logins a subject (an email) and a client may make per window."""

    def __init__(self, per_email: int, per_client: int, window_seconds: int) -> None:
        self.per_email, self.per_client, self.window_seconds = per_email, per_client, window_seconds


class IdentityLookups(ContextApplication):
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
        pre_signed_keys: PreSignedKeys,
        principals: RecentPrincipals | None = None,
    ) -> None:
        super().__init__(env, clock)
        self.tokens, self.throttle, self.limits = tokens, throttle, limits
        self.pre_signed_keys = pre_signed_keys
        # Without one given, every request's token is checked against the store.
        self.principals = principals or RecentPrincipals(seconds=0)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        recordings = super().save(*objs, **kwargs)
        # A principal read before this save may no longer hold: a revoked token epoch, a deactivated
        # staff member, a user's new details.
        self.principals.forget({recording.domain_event.originator_id for recording in recordings})
        return recordings

    def user_id_for_email(self, email: str) -> UUID | None:
        index = self.find(UserEmail.id_for(email))
        return None if index is None or index.released else index.user_id

    def _check_throttle(self, keys: list[str]) -> None:
        failures = self.throttle.failures(keys, self.limits.window_seconds)
        for key, count in failures.items():
            limit = self.limits.per_email if key.startswith("email:") else self.limits.per_client
            if count >= limit:
                raise TooManyRequests("Too many failed login attempts; try again later.")

    def _check_send_throttle(self, keys: list[str]) -> None:
        failures = self.throttle.failures(keys, self.limits.window_seconds)
        for key, count in failures.items():
            limit = self.limits.per_email if key.startswith("pre-signed-email:") else self.limits.per_client
            if count >= limit:
                raise TooManyRequests("Too many login emails requested; try again later.")

    def _user_of(self, claims: dict[str, Any]) -> User | None:
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject.startswith(SUBJECT_PREFIX):
            return None
        try:
            user_id = UUID(subject.removeprefix(SUBJECT_PREFIX))
        except ValueError:
            return None
        found: User | None = self.find(user_id)
        # An erased user's tokens are refused by their epoch already; nor can their refresh token renew.
        return None if found is None or found.erased_at is not None else found

    def _move_email(self, user: User, email: str) -> list[Any]:
        """Claims `email` for the user and releases their old one, in the save that changes it."""
        changed: list[Any] = []
        index: UserEmail | None = self.find(UserEmail.id_for(email))
        if index is None:
            changed.append(UserEmail.claim(email, user.id))
        elif index.released:
            index.reclaim(user.id)
            changed.append(index)
        elif index.user_id != user.id:
            raise UserEmailAlreadyInUse("The email address belongs to another account user.")
        old: UserEmail | None = self.find(UserEmail.id_for(user.email))
        if old is not None and old.user_id == user.id and not old.released:
            old.release()
            changed.append(old)
        return changed
