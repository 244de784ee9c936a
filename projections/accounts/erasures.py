"""Blanking the accounts context's read models when identity erases an account user.

The user's profile (special circumstances, comms preferences), the billing name of the accounts
their sign-up opened and the billing details they gave there are sealed under their key in accounts'
events, so a rebuild after the erasure finds placeholders there: this projection makes the rows
already projected say the same, when identity records `User.Erased`. It follows identity's store,
records the user as erased (`accounts_erased_users`, which those read models look at before writing
a person's details: projections/accounts/erased_users.py) and blanks their rows, exactly as a rebuild
of those read models would leave them (so replaying it, or rebuilding them, gives the same rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from domain.accounts.account_user_profile import AccountUserProfile
from domain.shared.personal_data import ERASED
from projections.accounts import erased_users
from projections.accounts.billing import ADDRESS, ADDRESS_COLUMNS, EMAIL
from projections.projection import Projection
from projections.store import Cursor, marks

# `User.Erased` is made by `@event("Erased")`: mypy sees no attribute to name it by.
_ERASED = "domain.identity.user:User.Erased"


class AccountsErasuresProjection(Projection):
    name = "accounts_erasures"
    upstream = "identity"
    topics = (_ERASED,)
    tables = (erased_users.TABLE,)

    def create(self, cursor: Cursor) -> None:
        """The erased users: the tables it blanks are created by their own projections."""
        erased_users.create(cursor)

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        users = [str(e.originator_id) for e in events]
        if not users:
            return
        erased_users.record(cursor, users)
        profiles = [str(AccountUserProfile.id_for(UUID(user))) for user in users]
        # A sealed set of records or preferences reads as none: no row, as for a user who never set any.
        for table in ("account_user_psr_records", "account_user_comms_preferences"):
            cursor.execute(f"DELETE FROM {table} WHERE profile_id IN ({marks(profiles)})", profiles)
        # The billing name of the accounts their sign-up opened, and the billing details they gave.
        cursor.execute(
            f"UPDATE accounts SET billing_name = %s WHERE number IN "
            f"(SELECT number FROM account_holders WHERE user_id IN ({marks(users)}))",
            [ERASED, *users],
        )
        for detail, columns in ((EMAIL, ("billing_email",)), (ADDRESS, ADDRESS_COLUMNS)):
            cursor.execute(
                f"UPDATE account_billing SET {', '.join(f'{column} = NULL' for column in columns)} "
                "WHERE account_id IN (SELECT account_id FROM account_billing_holders "
                f"WHERE detail = %s AND user_id IN ({marks(users)}))",
                [detail, *users],
            )
