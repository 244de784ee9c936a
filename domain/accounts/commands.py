"""Accounts commands: one per mutation, named after it, plus the operators' commands; grouped by topic."""

from __future__ import annotations

from datetime import date

import msgspec

from domain.accounts.billing_address import AddressDetails

# Properties: registering a home, occupying and vacating it, what its occupier declares -------------


class RegisterProperty(msgspec.Struct, frozen=True, kw_only=True):
    """Registers a property at an address, occupied by the account from `occupied_from` (default: today)."""

    account_number: str
    lines: tuple[str, ...]
    postcode: str
    locality: str = ""
    country: str = "GB"
    occupied_from: date | None = None


class OccupyProperty(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    property_id: str
    effective_from: date


class VacateProperty(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    property_id: str
    effective_to: date


class UpdateNumberOfOccupants(msgspec.Struct, frozen=True, kw_only=True):
    """`declared_by` is who acts (the request's actor), kept with the declaration."""

    account_number: str
    property_id: str
    number_of_occupants: int
    declared_by: str


class UpdatePropertyType(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    property_id: str
    property_type: str
    declared_by: str


# Billing: the account's billing address, billing email and comms delivery preference -----------------


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
