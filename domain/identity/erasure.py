"""Erasing an account user's personal data (crypto-shredding), and the staff tokens that may ask for it.

An erasure, in this order, each step idempotent so that running it again finishes one cut short:
1. records `User.Erased` (no personal data in it; its actor is the staff member or the operator),
   which moves the token epoch on, so every token the user holds is refused; and releases the
   user's email claim in the same save, so that the address may register again;
2. destroys the user's data key (a tombstone stays in the key table): every field sealed under it
   now reads as its placeholder, in every context's store;
3. drops identity's snapshots of the user (a snapshot holds the user's state as it was, in clear
   under the store's cipher), and every decrypted copy this process holds: the cached principals
   and aggregates, and the cached key. Other processes learn of it from the key table within
   KRAKEN_PERSONAL_KEY_CACHE_SECONDS (domain/shared/personal_keys.py).
The read models blank the user's rows when they apply `User.Erased` (projections/identity/account_users.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.identity import commands
from domain.identity.errors import ErasureInputInvalid, ErasureUserNotFound
from domain.identity.indexes import UserEmail
from domain.identity.lookups import IdentityLookups
from domain.identity.staff_member import StaffMember
from domain.identity.user import User
from domain.shared.actor import current_actor
from domain.shared.catalogue import Unauthorized
from domain.shared.personal_keys import KeyTable

REASON_MAX_CHARS = 200
# A staff token asks for a few sensitive operations by hand: an hour at most, never renewed.
STAFF_TOKEN_TTL = timedelta(minutes=60)
STAFF_SUBJECT_PREFIX = "kraken|staff:"


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure answers: when it took effect, and whether it had already (then nothing changed)."""

    user_id: UUID
    erased_at: datetime
    already_erased: bool


class ErasureCommands(IdentityLookups):
    """Joined into the Identity application (domain/identity/application.py)."""

    @property
    def personal_keys(self) -> KeyTable | None:
        keys = getattr(self.mapper, "personal_keys", None)
        return keys if isinstance(keys, KeyTable) else None

    def erase_user(self, command: commands.EraseUser) -> Erasure:
        reason = command.reason.strip()
        if len(reason) > REASON_MAX_CHARS:
            raise ErasureInputInvalid(f"The reason is at most {REASON_MAX_CHARS} characters.")
        keys = self.personal_keys
        if keys is None:
            raise RuntimeError("No key table: this Identity application seals no personal data to erase.")

        def decide() -> tuple[tuple[datetime, bool], list[Any]]:
            user: User | None = self.find(command.user_id)
            if not isinstance(user, User):
                raise ErasureUserNotFound(f"No account user has the id {command.user_id}.")
            if user.erased_at is not None:
                return (user.erased_at, True), []
            changed: list[Any] = [user]
            claim: UserEmail | None = self.find(UserEmail.id_for(user.email))
            if claim is not None and claim.user_id == user.id and not claim.released:
                claim.release()
                changed.append(claim)
            at = self.clock.now()
            user.erase(reason, at=at)
            return (at, False), changed

        erased_at, already = self.decide(decide)
        # A key already destroyed keeps its first tombstone (when, and by whom).
        keys.destroy(str(command.user_id), by=current_actor(), at=erased_at)
        keys.forget_snapshots(command.user_id)
        self.principals.forget({command.user_id})
        self.forget_cached_aggregates()
        return Erasure(command.user_id, erased_at, already)

    def close(self) -> None:
        super().close()
        # The key table is identity's: it lives in identity's store, and closes with it.
        if self.personal_keys is not None:
            self.personal_keys.close()

    # Staff tokens --------------------------------------------------------------------------------

    def issue_staff_token(self, command: commands.IssueStaffToken) -> tuple[str, int]:
        """An active staff member's token for the staff mutations, with its expiry (operators only)."""
        staff: StaffMember | None = self.find(StaffMember.id_for(command.staff_email))
        if staff is None or not staff.active:
            raise Unauthorized("Only an active staff member gets a staff token.")
        return self.tokens.issue_staff(f"{STAFF_SUBJECT_PREFIX}{staff.id}", STAFF_TOKEN_TTL)

    def staff_of(self, token: str) -> StaffMember:
        """The active staff member a staff token speaks for; KT-CT-1111 for any other token, or once deactivated."""
        claims = self.tokens.read_staff(token)
        subject = claims["sub"]
        try:
            staff_id = UUID(str(subject).removeprefix(STAFF_SUBJECT_PREFIX))
        except ValueError:
            raise Unauthorized("The staff token names no staff member.") from None
        staff: StaffMember | None = self.find(staff_id)
        if not isinstance(staff, StaffMember) or not staff.active:
            raise Unauthorized("The staff member is not active.")
        return staff
