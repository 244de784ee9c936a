"""GraphQL output types (payloads, objects, enums, unions) of the accounts context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry

from api.accounts.queries.consents import ConsentType
from api.accounts.queries.preferences import AccountUserCommsPreferencesType
from api.accounts.queries.special_circumstances import SpecialCircumstanceRecordType
from api.possible_errors import KrakenPayload
from api.scalars import JSONString
from api.shared.types import (
    AccountInterface,
    AccountReferenceType,
    AccountType,
    AccountUserType,
    Metadata,
    SerializerFieldErrorsType,
)


@strawberry.interface
class AccessibilityInterface:
    accessibility_hidden: bool | None = strawberry.field(
        description="Whether the element is hidden from view.", default=None
    )
    accessibility_label: str | None = strawberry.field(
        description="Accessible description of the element.", default=None
    )


@strawberry.interface
class ActionInterface:
    type_name: str | None = strawberry.field(description="The name of the action object's type.", default=None)


@strawberry.interface
class IdentifiableInterface:
    id: strawberry.ID | None = strawberry.field(description="Unique identifier of the object.", default=None)
    typename: str | None = strawberry.field(description="The name of the object's type.", default=None)


@strawberry.type(description="Information about the consents for an account user.")
class AccountUserConsents:
    consents: list[ConsentType] = strawberry.field(description="Consents linked to this user.")


@strawberry.type
class BackendScreenEvent(KrakenPayload):
    action: ActionType | None = strawberry.field(description="An action to perform.", default=None)


@strawberry.type
class BackendScreenEventActionType(IdentifiableInterface, ActionInterface):
    type_name: str | None = strawberry.field(description="The name of the action object's type.", default=None)
    id: strawberry.ID | None = strawberry.field(description="Unique identifier of the object.", default=None)
    typename: str | None = strawberry.field(description="The name of the object's type.", default=None)
    event_id: str = strawberry.field(description="The ID of the event to trigger.")


@strawberry.type
class CloseActionType(AccessibilityInterface, IdentifiableInterface, ActionInterface):
    type_name: str | None = strawberry.field(description="The name of the action object's type.", default=None)
    id: strawberry.ID | None = strawberry.field(description="Unique identifier of the object.", default=None)
    typename: str | None = strawberry.field(description="The name of the object's type.", default=None)
    accessibility_hidden: bool | None = strawberry.field(
        description="Whether the element is hidden from view.", default=None
    )
    accessibility_label: str | None = strawberry.field(
        description="Accessible description of the element.", default=None
    )


@strawberry.type(description="Confirm a requested consent. Sets the consent for the token to ACCEPTED.")
class ConfirmDoubleOptIn(KrakenPayload):
    consent: ConsentType | None = strawberry.field(description="The consent that was created or updated.", default=None)


@strawberry.enum(description="The possible sources of a consent event.")
class ConsentEventSource(Enum):
    CONSUMER_SITE = "CONSUMER_SITE"
    SUPPORT_SITE = "SUPPORT_SITE"
    API_SITE = "API_SITE"
    THIRD_PARTY_VENDOR = "THIRD_PARTY_VENDOR"
    ONBOARDING = "ONBOARDING"
    MIGRATION = "MIGRATION"
    DATA_IMPORT = "DATA_IMPORT"
    COMMAND_JOB = "COMMAND_JOB"


@strawberry.type
class CreateAccountReference(KrakenPayload):
    account_reference: AccountReferenceType | None = strawberry.field(default=None)


@strawberry.type
class CustomerFeedbackType:
    id: strawberry.ID
    raw_score: int | None = strawberry.field(description="The value attached to the source", default=None)
    submitted_at: datetime.datetime | None = strawberry.field(
        description="The datetime the feedback was submitted", default=None
    )


@strawberry.type
class DeeplinkActionType(IdentifiableInterface, ActionInterface):
    type_name: str | None = strawberry.field(description="The name of the action object's type.", default=None)
    id: strawberry.ID | None = strawberry.field(description="Unique identifier of the object.", default=None)
    typename: str | None = strawberry.field(description="The name of the object's type.", default=None)
    url: str = strawberry.field(description="The URL to navigate to.")


@strawberry.type
class DeletePushNotificationBinding(KrakenPayload):
    status: DeletePushNotificationBindingOutput | None = strawberry.field(default=None)


@strawberry.enum
class DeletePushNotificationBindingOutput(Enum):
    SUCCESSFUL = "SUCCESSFUL"
    FAILED = "FAILED"


@strawberry.type
class FormSubmissionOuput:
    id: int | None = strawberry.field(default=None)
    content: JSONString | None = strawberry.field(default=None)
    errors: list[SerializerFieldErrorsType | None] | None = strawberry.field(default=None)


@strawberry.enum
class FormType(Enum):
    COVID_19_FINANCIAL_ENERGY_ASSESSMENT = "COVID_19_FINANCIAL_ENERGY_ASSESSMENT"
    COVID_19_GAS_PRICES_FINANCIAL_ENERGY_ASSESSMENT = "COVID_19_GAS_PRICES_FINANCIAL_ENERGY_ASSESSMENT"


@strawberry.type
class InsertUserPSRRecords(KrakenPayload):
    records: list[SpecialCircumstanceRecordType | None] | None = strawberry.field(
        description="List of special circumstance records for the user.", default=None
    )


@strawberry.type
class LinkActionType(IdentifiableInterface, ActionInterface):
    type_name: str | None = strawberry.field(description="The name of the action object's type.", default=None)
    id: strawberry.ID | None = strawberry.field(description="Unique identifier of the object.", default=None)
    typename: str | None = strawberry.field(description="The name of the object's type.", default=None)
    url: str = strawberry.field(description="The URL to navigate to.")


@strawberry.enum
class LinkedObjectType(Enum):
    ACCOUNT = "ACCOUNT"
    ACCOUNT_USER = "ACCOUNT_USER"


@strawberry.type
class PushNotificationBindingType:
    id: strawberry.ID
    token: str
    registered_at: datetime.datetime
    expires_at: datetime.datetime


@strawberry.type
class RegisterPushNotificationBinding:
    push_notification_binding: PushNotificationBindingType | None = strawberry.field(default=None)


@strawberry.type
class RequestDoubleOptIn(KrakenPayload):
    consent: ConsentType | None = strawberry.field(default=None)


@strawberry.type
class ScreenActionType(IdentifiableInterface, ActionInterface):
    id: strawberry.ID | None = strawberry.field(description="Unique identifier of the object.", default=None)
    typename: str | None = strawberry.field(description="The name of the object's type.", default=None)
    type_name: str | None = strawberry.field(description="The name of the action object's type.", default=None)
    screen_id: str = strawberry.field(description="The ID of the screen to navigate to.")
    allow_back: bool = strawberry.field(description="Whether to allow returning to the original caller screen.")


@strawberry.type
class SubmitCustomerFeedback(KrakenPayload):
    customer_feedback: CustomerFeedbackType | None = strawberry.field(default=None)


@strawberry.type
class UpdateAccountAddress(KrakenPayload):
    account: AccountType | None = strawberry.field(description="The updated account.", default=None)
    viewer: AccountUserType | None = strawberry.field(description="The currently authenticated user.", default=None)


@strawberry.type
class UpdateAccountBillingAddress(KrakenPayload):
    account: AccountType | None = strawberry.field(description="The updated account.", default=None)


@strawberry.type
class UpdateAccountBillingEmail(KrakenPayload):
    account: AccountInterface | None = strawberry.field(description="Account that was changed.", default=None)


@strawberry.type
class UpdateAccountConsents(KrakenPayload):
    consents: list[ConsentType]


@strawberry.type
class UpdateAccountReference(KrakenPayload):
    account_reference: AccountReferenceType | None = strawberry.field(default=None)


@strawberry.type(description="Payload of updateCommsPreferences.")
class UpdateAccountUserCommsPreferencesMutation(KrakenPayload):
    comms_preferences: AccountUserCommsPreferencesType | None = strawberry.field(
        description="The account user's communication preferences after the update.", default=None
    )


@strawberry.type
class UpdateAccountUserConsents(KrakenPayload):
    account_user_consents: AccountUserConsents | None = strawberry.field(default=None)


@strawberry.type
class UpdateCommsDeliveryPreference(KrakenPayload):
    account: AccountInterface | None = strawberry.field(default=None)


@strawberry.type
class UpdateMetadata(KrakenPayload):
    metadata: Metadata | None = strawberry.field(default=None)


@strawberry.type
class UpdateNumberOfOccupants(KrakenPayload):
    property_id: strawberry.ID = strawberry.field(description="Property id.")


@strawberry.type
class UpdatePropertyType(KrakenPayload):
    property_id: strawberry.ID = strawberry.field(description="Property id.")


ActionType = Annotated[
    DeeplinkActionType | LinkActionType | BackendScreenEventActionType | CloseActionType | ScreenActionType,
    strawberry.union(name="ActionType"),
]
