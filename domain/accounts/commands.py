"""Accounts commands: one per mutation, named after it."""

from __future__ import annotations

import msgspec

from domain.accounts.metadata import LinkedObject

# References and metadata -------------------------------------------------------------------------


class CreateAccountReference(msgspec.Struct, frozen=True, kw_only=True):
    """Attaches an external system's identifier (`value` in `namespace`) to the account."""

    account_number: str
    namespace: str
    value: str


class UpdateAccountReference(msgspec.Struct, frozen=True, kw_only=True):
    """Changes the account's identifier in `namespace` to `value`."""

    account_number: str
    namespace: str
    value: str


class UpdateMetadata(msgspec.Struct, frozen=True, kw_only=True):
    """Sets `key` of the linked object's metadata to `value`, a JSON text; `set_by` names the viewer."""

    linked_object: LinkedObject
    identifier: str
    key: str
    value: str
    set_by: str
