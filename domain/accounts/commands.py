"""Accounts commands: one per mutation, named after it."""

from __future__ import annotations

import msgspec

from domain.accounts.billing_address import AddressDetails

# Billing: the account's billing address, billing email and comms delivery preference.


class UpdateAccountAddress(msgspec.Struct, frozen=True, kw_only=True):
    """`billing_address` None (which the schema does not let through) is an incomplete address."""

    account_number: str
    billing_address: AddressDetails | None


class UpdateAccountBillingAddress(msgspec.Struct, frozen=True, kw_only=True):
    """`billing_address` None: the client sent none, which is an incomplete address."""

    account_number: str
    billing_address: AddressDetails | None


class UpdateAccountBillingEmail(msgspec.Struct, frozen=True, kw_only=True):
    """`billing_email` None clears it."""

    account_number: str
    billing_email: str | None


class UpdateCommsDeliveryPreference(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    comms_delivery_preference: str
