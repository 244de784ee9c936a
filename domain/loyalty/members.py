"""What the loyalty context asks of the identity context (which account users belong to an account),
and the identity context's answer, which the composition root wires in."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.identity.application import Identity
from domain.identity.user import User


class AccountMembers(Protocol):
    def belongs_to(self, user_id: UUID, account_number: str) -> bool: ...


class IdentityMembers:
    """The loyalty context's AccountMembers, answered from the identity context's users."""

    def __init__(self, identity: Identity) -> None:
        self.identity = identity

    def belongs_to(self, user_id: UUID, account_number: str) -> bool:
        # An id may name another identity aggregate (an email index): only a User is a member.
        user = self.identity.find(user_id)
        return isinstance(user, User) and user.belongs_to(account_number)
