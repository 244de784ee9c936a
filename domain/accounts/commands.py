"""Accounts commands: one per mutation, named after it, plus the operators' commands; grouped by topic."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

import msgspec

from domain.accounts.billing_address import AddressDetails
from domain.accounts.metadata import LinkedObject
from domain.accounts.push_binding import PushPolicy

# Properties: registering a home, occupying and vacating it, what its occupier declares -------------


class RegisterProperty(msgspec.Struct, frozen=True, kw_only=True):
    """Registers a property at an address, occupied by the account from `occupied_from` (default: today)."""

    account_number: str
    lines: tuple[str, ...]
    postcode: str
    locality: str = ""
    country: str = "GB"
    occupied_from: date | None = None


class RegisterPropertyAt(msgspec.Struct, frozen=True, kw_only=True):
    """Registers a property under an id drawn beforehand, occupied by nobody yet: a retry registers
    nothing more, and an address already registered answers the property there."""

    property_id: str
    lines: tuple[str, ...]
    postcode: str
    locality: str = ""
    country: str = "GB"


class OccupyProperty(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    property_id: str
    effective_from: date


class VacateProperty(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    property_id: str
    effective_to: date


class WithdrawOccupancy(msgspec.Struct, frozen=True, kw_only=True):
    """Calls off a move-in that has not begun: the account's period from `effective_from` no longer counts."""

    account_number: str
    property_id: str
    effective_from: date


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


# The account user's profile: comms preferences, PSR records, push notification bindings ----------


class UpdateCommsPreferences(msgspec.Struct, frozen=True, kw_only=True):
    """Sets the preferences given (None: not given, keeps its value) for the user.

    `has_mobile` says whether the user has a mobile number, without which SMS cannot be chosen.
    """

    user_id: UUID
    has_mobile: bool
    is_opted_in_to_client_messages: bool | None = None
    is_opted_in_to_offer_messages: bool | None = None
    is_opted_in_to_recommended_messages: bool | None = None
    is_opted_in_to_update_messages: bool | None = None
    is_opted_in_to_third_party_messages: bool | None = None
    email_format: str | None = None
    is_using_inverted_email_colours: bool | None = None
    font_size_multiplier: float | None = None
    is_opted_in_meter_reading_confirmations: bool | None = None
    is_opted_in_to_sms_messages: bool | None = None
    preferred_hold_music: str | None = None


class InsertUserPsrRecords(msgspec.Struct, frozen=True, kw_only=True):
    """Makes `records` (internal code, expiry date) the user's whole active PSR set."""

    user_id: UUID
    records: tuple[tuple[str, date | None], ...]


class RegisterPushNotificationBinding(msgspec.Struct, frozen=True, kw_only=True):
    """Binds the device token to the user for the app named by `bundle_id`, under `policy`."""

    user_id: UUID
    token: str
    bundle_id: str
    policy: PushPolicy

    def __repr__(self) -> str:
        # The token is a credential for pushing to the device: never in a log line or a traceback.
        return f"RegisterPushNotificationBinding(user_id={self.user_id!r}, bundle_id={self.bundle_id!r})"


class DeletePushNotificationBinding(msgspec.Struct, frozen=True, kw_only=True):
    """Unbinds the device token from the user."""

    user_id: UUID
    token: str

    def __repr__(self) -> str:
        return f"DeletePushNotificationBinding(user_id={self.user_id!r})"


# Consents ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DefineConsentType:
    code: str
    name: str
    description: str
    default_value: str


@dataclass(frozen=True, slots=True)
class ConsentChoice:
    """One consent asked for; `value` None when the input left it out (refused by the command)."""

    code: str
    value: str | None
    source: str


@dataclass(frozen=True, slots=True)
class UpdateAccountConsents:
    account_number: str
    consents: tuple[ConsentChoice, ...]
    recorded_by: str


@dataclass(frozen=True, slots=True)
class UpdateAccountUserConsents:
    user_id: UUID
    consents: tuple[ConsentChoice, ...]
    recorded_by: str


@dataclass(frozen=True, slots=True)
class RequestDoubleOptIn:
    """For an account when `account_number` is given, for the user `user_id` otherwise."""

    code: str
    email: str
    mobile: str
    ip: str
    requested_by: str
    account_number: str | None = None
    user_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class ConfirmDoubleOptIn:
    token: str = field(repr=False)
    ip: str


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


# Feedback and form submissions ------------------------------------------------------------------


class RequestFeedback(msgspec.Struct, frozen=True, kw_only=True):
    """Asks the account's customers to answer a feedback form (an operator's or a process's command)."""

    account_number: str
    form_id: int


class SubmitCustomerFeedback(msgspec.Struct, frozen=True, kw_only=True):
    """Answers the feedback request `feedback_id` of the account with form `form_id`."""

    account_number: str
    form_id: int
    feedback_id: int
    issue_resolved: bool
    answer: str | None
    answered_by: str


class CreateFormSubmission(msgspec.Struct, frozen=True, kw_only=True):
    """Submits a form's content (parsed JSON, checked against its form type's schema) for the account."""

    account_number: str
    form_type: str | None
    content: object
    submitted_by: str
    # Why the content sent could not be read as JSON at all, if it could not.
    not_json: str | None = None
