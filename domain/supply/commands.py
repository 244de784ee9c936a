"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations

from datetime import date

import msgspec

# House moves ------------------------------------------------------------------------------------


class NewAddress(msgspec.Struct, frozen=True, kw_only=True):
    """A home named by its street address (lines separated by newlines or commas) and postcode."""

    address: str
    postcode: str


class MoveInCreateCustomer(msgspec.Struct, frozen=True, kw_only=True):
    """The sign-up: exactly one of `property_id` and `address` names the home (KT-GB-5416 otherwise)."""

    given_name: str
    family_name: str
    email: str
    password: str = msgspec.field(default="")
    mobile: str = ""
    property_id: str | None = None
    address: NewAddress | None = None
    move_in_date: date


class NextProperty(msgspec.Struct, frozen=True, kw_only=True):
    address: NewAddress
    move_in_date: date


class MoveOut(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    property_id: str
    move_out_date: date
    new_property: NextProperty | None = None
    moved_by: str = ""


class ForceMoveIn(msgspec.Struct, frozen=True, kw_only=True):
    """The viewer's account leaves on `move_in_date`; a new account for the named person occupies from it."""

    account_number: str
    property_id: str
    move_in_date: date
    given_name: str
    family_name: str
    email: str = ""
    mobile: str = ""
    moved_by: str = ""
