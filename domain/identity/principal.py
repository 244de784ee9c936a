"""Who a request's token speaks for."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.identity.organisation import Organisation
from domain.identity.user import User
from domain.shared.actor import MASQUERADING


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request's token speaks for: an account user or an organisation, and who really acts."""

    viewer: User | Organisation
    scope: str | None = None
    staff_id: UUID | None = None

    @property
    def actor(self) -> str:
        """The actor recorded with every event the request writes."""
        if isinstance(self.viewer, Organisation):
            return self.viewer.actor
        if self.staff_id is not None:
            return f"staff:{self.staff_id}{MASQUERADING}user:{self.viewer.id}"
        return f"user:{self.viewer.id}"
