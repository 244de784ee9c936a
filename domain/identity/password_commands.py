"""Identity commands about passwords: reset tokens, resets and changes, and the password policy.

Every way of setting a password goes through one policy (password_policy.py) and one event
(User.PasswordChanged), which also ends the user's sessions: whoever knew the old password may
hold a token, and a password is changed most often because it leaked. A reset link is a
PasswordReset aggregate (password_reset.py); its token is verified by MAC and consumed by a Used
event in the same save as the password change, so that two uses racing with one link cannot
both succeed.

Guessing is rate limited in fixed windows (the login limits): reset requests per email and per
client (each may send an email), bad reset tokens per client and per user named, and wrong current
passwords under the login counters themselves, so that a stolen session cannot use a password
change as an unthrottled password oracle.

A refusal's problems name the command's values they concern (`new_password`, `old_password`, ...),
never a GraphQL input: each mutation says which of its input fields that value came from.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import PersistenceError

from domain.identity import commands, password_policy, secrets
from domain.identity.errors import (
    PasswordResetEmailNotSent,
    PasswordResetRequestInvalid,
    PasswordResetTokenInvalid,
    UserDetailsInvalid,
    UserEmailAlreadyInUse,
)
from domain.identity.indexes import normalise_email
from domain.identity.lookups import WELL_FORMED_EMAIL, IdentityLookups
from domain.identity.password_reset import (
    PasswordReset,
    ResetTokens,
    decode_user_id,
    encode_user_id,
)
from domain.identity.user import User
from domain.shared.catalogue import PasswordInvalid, TooManyRequests
from domain.shared.errors import FieldProblem

# Django's codes for the two checks of a password change form, which Kraken (a Django app) answers
# with; they are not policy rules, so they are not among the seed's password_* codes.
PASSWORD_INCORRECT = "password_incorrect"
PASSWORD_MISMATCH = "password_mismatch"


@dataclass(frozen=True, slots=True)
class PasswordResetEmail:
    """What the email worker needs to send one reset link; `token` is the clear token, never stored."""

    reset_id: UUID
    recipient: str
    user_id: str  # as the link carries it: Kraken's base64 user id
    token: str = field(repr=False)  # never in a log line or a traceback
    expires_at: datetime


class PasswordCommands(IdentityLookups):
    """Joined into the Identity application (domain/identity/application.py)."""

    @cached_property
    def reset_tokens(self) -> ResetTokens:
        return ResetTokens(self.pre_signed_keys)

    # Mutations ---------------------------------------------------------------------------------

    def request_password_reset(self, command: commands.RequestPasswordReset) -> UUID | None:
        """Records a reset for a registered email and returns its id, for the email worker; None otherwise.

        The caller answers the same either way, so that nobody learns whether an email is registered.
        """
        email = normalise_email(command.email)
        if not WELL_FORMED_EMAIL.fullmatch(email):
            raise PasswordResetRequestInvalid()
        # Every request counts, known email or not: each may send an email, and a sweep over many
        # addresses from one client is throttled just the same.
        keys = [f"password-reset:email:{email}", f"password-reset:client:{command.client}"]
        self._check_password_limits(keys, "Too many password reset emails requested; try again later.")
        self.throttle.record_failure(keys, self.limits.window_seconds)
        user_id = self.user_id_for_email(email)
        if user_id is None:
            return None
        reset = PasswordReset.request(uuid4(), user_id, at=self.clock.now())
        try:
            self.save(reset)
        except PersistenceError as exc:
            # Without the recorded reset there is no email to send; the client is told to retry
            # (only for a registered email, but only a broken store gets here, not a guesser).
            raise PasswordResetEmailNotSent("The password reset could not be recorded; retry later.") from exc
        return reset.id

    def reset_user_password(self, command: commands.ResetUserPassword) -> UUID:
        """Sets a new password with a reset link's user id and token; returns the user's id."""
        user_id = decode_user_id(command.user_id)
        keys = [f"reset-token:client:{command.client}"]
        if user_id is not None:
            keys.append(f"reset-token:user:{user_id}")
        self._check_password_limits(keys, "Too many invalid password reset attempts; try again later.")
        now = self.clock.now()
        try:
            if user_id is None:
                raise PasswordResetTokenInvalid("The userId is not one a password reset link carries.")
            reset_id = self.reset_tokens.reset_id_of(command.token)
            reset: PasswordReset | None = self.find(reset_id)
            user: User | None = self.find(user_id)
            if reset is None or user is None or reset.user_id != user.id:
                raise PasswordResetTokenInvalid("The password reset token was not issued for this user.")
            refusal = reset.refusal(now, user.password_changed_at)
            if refusal is not None:
                raise PasswordResetTokenInvalid(refusal)
        except PasswordResetTokenInvalid:
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise
        # A password the policy refuses leaves the link unused: the user may try another.
        self._enforce_password_policy(user, command.new_password, "new_password")
        password_hash = secrets.hash_password(command.new_password)

        def decide() -> tuple[UUID, list[Any]]:
            reset: PasswordReset = self.load(reset_id)
            user: User = self.load(user_id)
            # Checked again in the save that uses it: of two resets racing with one link, the
            # second one's save conflicts, its retry sees the link used, and it is refused.
            reset.use(at=now, password_changed_at=user.password_changed_at)
            user.change_password(
                password_hash, password_policy.REMEMBERED_PASSWORDS, at=now, via="RESET", reset_id=reset.id
            )
            return user.id, [reset, user]

        return self.decide(decide)

    def update_password(self, command: commands.UpdatePassword) -> User:
        """The user, knowing the current password, chooses a new one; returns the updated user."""
        user = self._confirm_current_password(command.user_id, command.client, command.old_password, "old_password")
        if not hmac.compare_digest(command.new_password.encode(), command.new_password_confirmed.encode()):
            raise PasswordInvalid(
                problems=[
                    FieldProblem(
                        PASSWORD_MISMATCH, "The two password fields didn't match.", ("new_password_confirmed",)
                    )
                ]
            )
        self._enforce_password_policy(user, command.new_password, "new_password")
        password_hash = secrets.hash_password(command.new_password)

        def decide() -> tuple[User, list[Any]]:
            user: User = self.load(command.user_id)
            user.change_password(password_hash, password_policy.REMEMBERED_PASSWORDS, at=self.clock.now(), via="UPDATE")
            return user, [user]

        return self.decide(decide)

    def update_email_and_password(self, command: commands.UpdateEmailAndPassword) -> None:
        """The user, knowing the current password, moves to a new email and a new password at once."""
        # The password first: without it, nothing here (not even whether an email is taken) is told.
        user = self._confirm_current_password(
            command.user_id, command.client, command.current_password, "current_password"
        )
        email = normalise_email(command.email)
        if not WELL_FORMED_EMAIL.fullmatch(email):
            raise UserDetailsInvalid(
                "The email address is not a well-formed email address.",
                problems=[FieldProblem("invalid", "Enter a valid email address.", ("email",))],
            )
        taken_by = self.user_id_for_email(email)
        if taken_by is not None and taken_by != user.id:
            raise UserEmailAlreadyInUse()
        # The new address is the one that will be known about the account: a password must not contain it.
        self._enforce_password_policy(user, command.password, "password", email=email)
        password_hash = secrets.hash_password(command.password)

        def decide() -> tuple[None, list[Any]]:
            user: User = self.load(command.user_id)
            now = self.clock.now()
            changed: list[Any] = [user]
            if email != user.email:
                changed += self._move_email(user, email)
                user.change_email(email, at=now)
            user.change_password(password_hash, password_policy.REMEMBERED_PASSWORDS, at=now, via="UPDATE")
            return None, changed

        self.decide(decide)

    # The email worker's commands and queries ----------------------------------------------------

    def password_reset_email(self, reset_id: UUID) -> PasswordResetEmail | None:
        """The email still to send for this reset; None once sent, or when its link can no longer be used."""
        reset: PasswordReset | None = self.find(reset_id)
        if reset is None or reset.email_sent_at is not None:
            return None
        user: User = self.load(reset.user_id)
        # An erased user has no address left to write to.
        if reset.refusal(self.clock.now(), user.password_changed_at) is not None or user.erased_at is not None:
            return None
        return PasswordResetEmail(
            reset_id=reset_id,
            recipient=user.email,
            user_id=encode_user_id(user.id),
            token=self.reset_tokens.token_for(reset_id),
            expires_at=reset.expires_at,
        )

    def record_password_reset_email_sent(self, reset_id: UUID) -> bool:
        """Records that the reset's email went out; False if that was already recorded."""

        def decide() -> tuple[bool, list[Any]]:
            reset: PasswordReset = self.load(reset_id)
            recorded = reset.record_email_sent(at=self.clock.now())
            return recorded, [reset]

        return self.decide(decide)

    # -------------------------------------------------------------------------------------------

    def _check_password_limits(self, keys: list[str], message: str) -> None:
        """Keys are `<purpose>:client:<id>` (the per-client limit) or `<purpose>:<subject>:<id>`."""
        failures = self.throttle.failures(keys, self.limits.window_seconds)
        for key, count in failures.items():
            limit = self.limits.per_client if key.split(":")[1] == "client" else self.limits.per_email
            if count >= limit:
                raise TooManyRequests(message)

    def _confirm_current_password(self, user_id: UUID, client: str, password: str, value: str) -> User:
        """The user, if `password` is their current one; a wrong one is counted, apart from logins.

        Counted apart so that whoever holds a token (the user, or a stolen session guessing) can
        lock this check, never the email's logins: the owner can still log in and revoke the session.
        """
        user: User = self.load(user_id)
        keys = [f"current-password:user:{user.id}", f"current-password:client:{client}"]
        self._check_password_limits(keys, "Too many wrong current passwords; try again later.")
        if not secrets.verify_password(user.password_hash, password):
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise PasswordInvalid(
                "The current password is not correct.",
                problems=[
                    FieldProblem(
                        PASSWORD_INCORRECT,
                        "Your old password was entered incorrectly. Please enter it again.",
                        (value,),
                    )
                ],
            )
        return user

    def _enforce_password_policy(self, user: User, password: str, value: str, email: str | None = None) -> None:
        problems = password_policy.check(
            password,
            email=email or user.email,
            account_numbers=user.account_numbers,
            current_hash=user.password_hash,
            previous_hashes=user.previous_password_hashes,
            verify=secrets.verify_password,
            value=value,
        )
        if problems:
            raise PasswordInvalid(problems=problems)
