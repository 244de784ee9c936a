"""GraphQL output types (payloads, objects, enums, unions) of the accounts context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry

from api.possible_errors import KrakenPayload
from api.scalars import BigInt, JSONString
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


@strawberry.type(description="Information about the preferences set up for a user.")
class AccountUserCommsPreferencesType:
    is_opted_in_to_client_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages from the client or client group. For example, for Octopus Energy this describes whether a user is opted in to offers from Octopus Investments.",
        default=None,
    )
    is_opted_in_to_offer_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages offering discounts or other services not directly related to the services the client provides.",
        default=None,
    )
    is_opted_in_to_recommended_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages we recommend they read, but are not vital to the utilities the client provides. For example, these could be reminders that the client will take a payment.",
        default=None,
    )
    is_opted_in_to_update_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages updating them on client activities.", default=None
    )
    is_opted_in_to_third_party_messages: bool | None = strawberry.field(
        description="Whether a user has opted in to receive messages from the client's preferred third parties.",
        default=None,
    )
    email_format: EmailFormats | None = strawberry.field(
        description="What format the user would like to receive their emails in.", default=None
    )
    is_using_inverted_email_colours: bool | None = strawberry.field(
        description="Whether a user has opted to have inverted colours in their emails. This is currently only relevant to the Octopus Energy brand, whose emails have a dark background by default.",
        default=None,
    )
    font_size_multiplier: float | None = strawberry.field(
        description="This setting allows the user to adjust the default font size of the communications sent to them.",
        default=None,
    )
    is_opted_in_meter_reading_confirmations: bool | None = strawberry.field(
        description="Whether the user has opted in to receive meter reading confirmation emails.", default=None
    )
    is_opted_in_to_sms_messages: bool | None = strawberry.field(
        description="Whether the user has opted in to receive SMS messages.", default=None
    )
    preferred_hold_music: Songs | None = strawberry.field(
        description="Song which will be used as hold music for the user.", default=None
    )


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


@strawberry.type(description="A consent given by a signing identity for a consent type.")
class ConsentType:
    code: str = strawberry.field(description="Unique code given to this consent type.")
    id: BigInt = strawberry.field(description="id of the consent.")
    type: ConsentTypeType | None = strawberry.field(description="The type of the consent.", default=None)
    value: ConsentValue = strawberry.field(description="Value of the consent.")


@strawberry.type(description="A type of consent that a signing identity can accept or reject to.")
class ConsentTypeType:
    code: str = strawberry.field(description="Unique code given to this consent type.")
    default_value: ConsentValue = strawberry.field(description="Default value of the consent type.")
    description: str = strawberry.field(description="Description of the consent type.")
    name: str = strawberry.field(description="Name of the consent type.")


@strawberry.enum(description="The possible values for a consent.")
class ConsentValue(Enum):
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    UNKNOWN = "UNKNOWN"
    PENDING = "PENDING"


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


@strawberry.enum
class EmailFormats(Enum):
    TEXT = "TEXT"
    HTML = "HTML"


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


@strawberry.enum(description="The built form of a property, used to set assessed (unmeasured) charges.")
class PropertyTypeChoices(Enum):
    DETACHED = strawberry.enum_value("DETACHED", description="A detached house.")
    SEMI_DETACHED = strawberry.enum_value("SEMI_DETACHED", description="A semi-detached house.")
    TERRACED = strawberry.enum_value("TERRACED", description="A mid-terrace house.")
    END_OF_TERRACE = strawberry.enum_value("END_OF_TERRACE", description="An end-of-terrace house.")
    BUNGALOW = strawberry.enum_value("BUNGALOW", description="A bungalow.")
    FLAT = strawberry.enum_value("FLAT", description="A flat.")
    MAISONETTE = strawberry.enum_value("MAISONETTE", description="A maisonette.")
    OTHER = strawberry.enum_value("OTHER", description="Any other kind of property.")


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


@strawberry.enum
class Songs(Enum):
    NO_SONG_PREFERRED = "NO_SONG_PREFERRED"
    SONG_hold_music_4_33_silence = "SONG_hold_music_4_33_silence"
    SONG_hold_music_holding_firm = "SONG_hold_music_holding_firm"
    SONG_1938 = "SONG_1938"
    SONG_1939 = "SONG_1939"
    SONG_1940 = "SONG_1940"
    SONG_1941 = "SONG_1941"
    SONG_1942 = "SONG_1942"
    SONG_1943 = "SONG_1943"
    SONG_1944 = "SONG_1944"
    SONG_1945 = "SONG_1945"
    SONG_1946 = "SONG_1946"
    SONG_1947 = "SONG_1947"
    SONG_1948 = "SONG_1948"
    SONG_1949 = "SONG_1949"
    SONG_1950 = "SONG_1950"
    SONG_1951 = "SONG_1951"
    SONG_1952 = "SONG_1952"
    SONG_1953 = "SONG_1953"
    SONG_1954 = "SONG_1954"
    SONG_1955 = "SONG_1955"
    SONG_1956 = "SONG_1956"
    SONG_1957 = "SONG_1957"
    SONG_1958 = "SONG_1958"
    SONG_1959 = "SONG_1959"
    SONG_1960 = "SONG_1960"
    SONG_1961 = "SONG_1961"
    SONG_1962 = "SONG_1962"
    SONG_1963 = "SONG_1963"
    SONG_1964 = "SONG_1964"
    SONG_1965 = "SONG_1965"
    SONG_1966 = "SONG_1966"
    SONG_1967 = "SONG_1967"
    SONG_1968 = "SONG_1968"
    SONG_1969 = "SONG_1969"
    SONG_1970 = "SONG_1970"
    SONG_1971 = "SONG_1971"
    SONG_1972 = "SONG_1972"
    SONG_1973 = "SONG_1973"
    SONG_1974 = "SONG_1974"
    SONG_1975 = "SONG_1975"
    SONG_1976 = "SONG_1976"
    SONG_1977 = "SONG_1977"
    SONG_1978 = "SONG_1978"
    SONG_1979 = "SONG_1979"
    SONG_1980 = "SONG_1980"
    SONG_1981 = "SONG_1981"
    SONG_1982 = "SONG_1982"
    SONG_1983 = "SONG_1983"
    SONG_1984 = "SONG_1984"
    SONG_1985 = "SONG_1985"
    SONG_1986 = "SONG_1986"
    SONG_1987 = "SONG_1987"
    SONG_1988 = "SONG_1988"
    SONG_1989 = "SONG_1989"
    SONG_1990 = "SONG_1990"
    SONG_1991 = "SONG_1991"
    SONG_1992 = "SONG_1992"
    SONG_1993 = "SONG_1993"
    SONG_1994 = "SONG_1994"
    SONG_1995 = "SONG_1995"
    SONG_1996 = "SONG_1996"
    SONG_1997 = "SONG_1997"
    SONG_1998 = "SONG_1998"
    SONG_1999 = "SONG_1999"
    SONG_2000 = "SONG_2000"
    SONG_2001 = "SONG_2001"
    SONG_2002 = "SONG_2002"
    SONG_2003 = "SONG_2003"


@strawberry.type(
    description="Any special circumstances that the user has notified us about, which may entitle them to some specialist services. [GB fields; expiryDate added for temporary records]"
)
class SpecialCircumstanceRecordType:
    id: strawberry.ID | None = strawberry.field(default=None)
    summary: str | None = strawberry.field(default=None)
    internal_code: str | None = strawberry.field(default=None)
    gas_psr_code: str | None = strawberry.field(name="gasPSRCode", default=None)
    electricity_psr_code: str | None = strawberry.field(name="electricityPSRCode", default=None)
    expiry_date: datetime.date | None = strawberry.field(
        description="The date after which a temporary circumstance no longer applies.", default=None
    )


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
