"""What the loyalty context asks of the identity context: which account users belong to an account."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID


class AccountMembers(Protocol):
    """Answered by the identity context; the composition root wires it in."""

    def belongs_to(self, user_id: UUID, account_number: str) -> bool: ...
