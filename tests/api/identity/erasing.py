"""What the erasure tests share: a staff member's token, and every place personal data could hide."""

from __future__ import annotations

from domain.identity import commands
from domain.identity.staff_member import StaffMember
from ops import runtime

STAFF_EMAIL = "support@kraken.example"


def staff_token(contexts: runtime.Contexts, email: str = STAFF_EMAIL) -> str:
    """A staff token for the staff mutations (`kraken staff token`), registering the staff member once."""
    if contexts.identity.find(StaffMember.id_for(email)) is None:
        contexts.identity.register_staff_member(commands.RegisterStaffMember(email=email))
    token, _ = contexts.identity.issue_staff_token(commands.IssueStaffToken(staff_email=email))
    return token
