"""Each account's billing details: billing address, billing email and comms delivery preference
(answers `account { billingEmail billingAddress ... address commsDeliveryPreference }`).

One row per account that chose any of them, keyed by the account's aggregate id (derived from its
number); the address is kept in libaddressinput's fields, with its printed lines beside it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.accounts.account import Account
from domain.accounts.billing_address import BillingAddress
from domain.shared.personal_data import declared, subject_of
from projections.accounts import erased_users
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

ADDRESS_COLUMNS = (
    "street_address",
    "structured_street_address",
    "dependent_locality",
    "locality",
    "administrative_area",
    "postal_code",
    "sorting_code",
    "country",
    "delivery_point_identifier",
    "lines",
)
_COLUMNS = ("billing_email", "comms_delivery_preference", *ADDRESS_COLUMNS)
# The billing details a holder may have given: what account_billing_holders names.
EMAIL, ADDRESS = "EMAIL", "ADDRESS"


def _sealed_under(e: Any) -> str | None:
    """The account user under whose key the event's billing detail is sealed, if it is."""
    declaration = declared(type(e))
    return subject_of(vars(e), declaration, e.originator_id) if declaration is not None else None


def address_columns(address: BillingAddress) -> dict[str, Any]:
    """The row's address columns; the structured parts and the printed lines as JSON."""
    structured = address.structured_street_address
    return {
        "street_address": address.street_address,
        "structured_street_address": json.dumps(structured) if structured is not None else None,
        "dependent_locality": address.dependent_locality,
        "locality": address.locality,
        "administrative_area": address.administrative_area,
        "postal_code": address.postal_code,
        "sorting_code": address.sorting_code,
        "country": address.country,
        "delivery_point_identifier": address.delivery_point_identifier,
        "lines": json.dumps(address.lines()),
    }


def billing_row(account: Account) -> dict[str, Any]:
    """The row an account's current state makes: what a mutation answers before the projection catches up."""
    address = account.billing_address
    row = dict.fromkeys(_COLUMNS)
    row.update(billing_email=account.billing_email, comms_delivery_preference=account.comms_delivery_preference)
    return row | (address_columns(address) if address is not None else {})


class BillingProjection(Projection):
    name = "account_billing"
    upstream = "accounts"
    topics = (
        get_topic(Account.BillingAddressChanged),
        get_topic(Account.BillingEmailChanged),
        get_topic(Account.CommsDeliveryPreferenceChosen),
    )
    tables = ("account_billing", "account_billing_holders")

    def create(self, cursor: Cursor) -> None:
        columns = ", ".join(f"{column} TEXT" for column in _COLUMNS)
        cursor.execute(f"CREATE TABLE IF NOT EXISTS account_billing (account_id TEXT PRIMARY KEY, {columns})")
        # Which of an account's current billing details (EMAIL, ADDRESS) are its holder's, sealed under
        # their key: the rows to blank when the holder is erased (projections/accounts/erasures.py).
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS account_billing_holders (account_id TEXT NOT NULL, detail TEXT NOT NULL, "
            "user_id TEXT NOT NULL, PRIMARY KEY (account_id, detail))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS account_billing_holders_by_user ON account_billing_holders (user_id)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Each account's changes in the batch folded into one upsert of the columns they touched.
        changes: dict[str, dict[str, Any]] = {}
        holders: dict[tuple[str, str], str | None] = {}
        sealed_under = [_sealed_under(e) for e in events]
        erased = erased_users.erased_among(cursor, sealed_under)
        for e, holder in zip(events, sealed_under, strict=True):
            account_id = str(e.originator_id)
            changed = changes.setdefault(account_id, {})
            if isinstance(e, Account.BillingAddressChanged):
                # An erased holder's address reads as None: no address, as a rebuild would find.
                holders[account_id, ADDRESS] = holder
                given = e.address if holder not in erased else None
                changed.update(address_columns(given) if given is not None else dict.fromkeys(ADDRESS_COLUMNS))
            elif isinstance(e, Account.BillingEmailChanged):
                holders[account_id, EMAIL] = holder
                changed["billing_email"] = e.billing_email if holder not in erased else None
            else:
                changed["comms_delivery_preference"] = e.preference
        if holders:
            cursor.executemany("DELETE FROM account_billing_holders WHERE account_id = %s AND detail = %s", [*holders])
            cursor.insert_rows(
                "account_billing_holders",
                ("account_id", "detail", "user_id"),
                [(account_id, detail, user) for (account_id, detail), user in holders.items() if user is not None],
            )
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for account_id, changed in changes.items():
            columns = tuple(column for column in _COLUMNS if column in changed)
            by_columns.setdefault(columns, []).append((account_id, *(changed[column] for column in columns)))
        for columns, rows in by_columns.items():
            cursor.executemany(
                f"INSERT INTO account_billing (account_id, {', '.join(columns)}) VALUES ({marks(rows[0])}) "
                "ON CONFLICT (account_id) DO UPDATE SET "
                + ", ".join(f"{column} = excluded.{column}" for column in columns),
                rows,
            )


class BillingView:
    projection: ClassVar[type[Projection]] = BillingProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def billing(self, numbers: Sequence[str]) -> list[dict[str, Any] | None]:
        """Each account's billing row (None for one that chose nothing yet), in one query."""
        if not numbers:
            return []
        ids = [str(Account.id_for(number)) for number in numbers]
        rows = self.store.rows(
            f"SELECT account_id, {', '.join(_COLUMNS)} FROM account_billing WHERE account_id IN ({marks(ids)})",
            tuple(ids),
        )
        found = {row[0]: dict(zip(_COLUMNS, row[1:], strict=True)) for row in rows}
        return [found.get(account_id) for account_id in ids]
