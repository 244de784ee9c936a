"""GraphQL input types of the accounts context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime

import strawberry

from api.accounts.queries.billing import CommsDeliveryPreference
from api.accounts.queries.consents import ConsentValue
from api.accounts.queries.preferences import EmailFormats, Songs
from api.accounts.queries.properties import PropertyTypeChoices
from api.accounts.types import (
    ConsentEventSource,
    FormType,
    LinkedObjectType,
)
from api.bounds import (
    ACCOUNT_NUMBER,
    ADDRESS_LINE,
    BILLING_EMAIL,
    BUNDLE_ID,
    EMAIL,
    ENTITY_ID,
    FEEDBACK_ANSWER,
    FORM_CONTENT,
    METADATA_IDENTIFIER,
    METADATA_KEY,
    METADATA_VALUE,
    PHONE,
    POSTCODE,
    PSR_CODE,
    PUSH_TOKEN,
    REFERENCE_NAMESPACE,
    REFERENCE_VALUE,
    SCREEN_EVENT_ID,
    SCREEN_PARAM_KEY,
    SCREEN_PARAM_VALUE,
    SCREEN_PARAMS,
    STREET_ADDRESS,
    STRUCTURED_ADDRESS,
    TOKEN,
    bounded,
)
from api.scalars import GenericScalar, JSONString
from domain.accounts.billing_address import AddressDetails

# Consent type codes are short identifiers (MARKETING_EMAIL); an IPv6 address in text is at most 45 characters.
CONSENT_TYPE_CODE = bounded(64)
IP_ADDRESS = bounded(45)


@strawberry.input
class AccountBillingAddressInput:
    account_number: str | None = strawberry.field(
        description="The account number of the account to update.", default=strawberry.UNSET, metadata=ACCOUNT_NUMBER
    )
    billing_address: BillingAddressDetailsInput | None = strawberry.field(
        description="Billing address details.", default=strawberry.UNSET
    )


@strawberry.input(description="The input type for the account reference.")
class AccountReferenceInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    namespace: str = strawberry.field(description="The namespace for the reference.", metadata=REFERENCE_NAMESPACE)
    value: str = strawberry.field(description="The reference value.", metadata=REFERENCE_VALUE)


@strawberry.input(description="Input for a backend action.")
class BackendScreenEventInput:
    event_id: strawberry.ID = strawberry.field(description="The ID of the action to perform.", metadata=SCREEN_EVENT_ID)
    params: list[BackendScreenParamInputType | None] | None = strawberry.field(
        description="List of key-value pairs (strings) to pass as parameters to the mutation.",
        default=strawberry.UNSET,
        metadata=SCREEN_PARAMS,
    )


@strawberry.input(description="A key-value pair (both Strings) which is passed in parameters to a backend action.")
class BackendScreenParamInputType:
    key: str = strawberry.field(metadata=SCREEN_PARAM_KEY)
    value: str = strawberry.field(metadata=SCREEN_PARAM_VALUE)


@strawberry.input
class BillingAddressDetailsInput:
    street_address: str | None = strawberry.field(
        description="Billing street address.", default=strawberry.UNSET, metadata=STREET_ADDRESS
    )
    structured_street_address: GenericScalar | None = strawberry.field(
        description="Billing structured street address.", default=strawberry.UNSET, metadata=STRUCTURED_ADDRESS
    )
    dependent_locality: str | None = strawberry.field(
        description="Billing dependent locality.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )
    locality: str | None = strawberry.field(
        description="Billing locality.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )
    postal_code: str | None = strawberry.field(
        description="Billing postal code.", default=strawberry.UNSET, metadata=POSTCODE
    )
    sorting_code: str | None = strawberry.field(
        description="Billing sorting code.", default=strawberry.UNSET, metadata=POSTCODE
    )
    delivery_point_identifier: str | None = strawberry.field(
        description="Billing delivery point identifier.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )
    administrative_area: str | None = strawberry.field(
        description="Administrative area.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )
    country: str | None = strawberry.field(
        description="Billing country.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )


def address_details(given: BillingAddressDetailsInput | None) -> AddressDetails | None:
    """The address as sent, for the domain to check: a field left unset is an absent one."""
    if given is None or given is strawberry.UNSET:
        return None
    values = {name: getattr(given, name) for name in AddressDetails.__struct_fields__}
    return AddressDetails(**{name: None if value is strawberry.UNSET else value for name, value in values.items()})


@strawberry.input
class ConfirmDoubleOptInInput:
    ip_address: str | None = strawberry.field(
        description="The IP address of the customer confirming the double opt-in, if applicable.",
        default=strawberry.UNSET,
        metadata=IP_ADDRESS,
    )
    token: str = strawberry.field(description="The token for the consent to be updated.", metadata=TOKEN)


@strawberry.input
class ConsentInput:
    code: str = strawberry.field(description="The code of the consent type.", metadata=CONSENT_TYPE_CODE)
    value: ConsentValue = strawberry.field(description="The value to update the consent to.")


@strawberry.input
class ConsentTypeInput:
    consent_type_code: str = strawberry.field(description="The code of the consent type.", metadata=CONSENT_TYPE_CODE)
    source: ConsentEventSource | None = strawberry.field(
        description="The source of the consent event.", default=strawberry.UNSET
    )
    value: ConsentValue | None = strawberry.field(
        description="The value to update the consent to.", default=strawberry.UNSET
    )


@strawberry.input
class CustomerFeedbackInputType:
    answer: str | None = strawberry.field(default=strawberry.UNSET, metadata=FEEDBACK_ANSWER)
    issue_resolved: bool
    form_id: int
    feedback_id: int
    account_number: str = strawberry.field(metadata=ACCOUNT_NUMBER)


@strawberry.input
class DeletePushNotificationBindingInput:
    token: str = strawberry.field(description="Device push notification token.", metadata=PUSH_TOKEN)


@strawberry.input
class DoubleOptInInput:
    account_number: str | None = strawberry.field(
        description="The number of the account requesting the double opt-in.",
        default=strawberry.UNSET,
        metadata=ACCOUNT_NUMBER,
    )
    consent_type_code: str = strawberry.field(
        description="The consent type code to create a consent for.", metadata=CONSENT_TYPE_CODE
    )
    email_address: str | None = strawberry.field(
        description="The email address of the customer requesting the double opt-in.",
        default=strawberry.UNSET,
        metadata=EMAIL,
    )
    ip_address: str = strawberry.field(
        description="The IP address of the customer requesting the double opt-in.", metadata=IP_ADDRESS
    )
    mobile_number: str | None = strawberry.field(
        description="The mobile number of the customer requesting the double opt-in.",
        default=strawberry.UNSET,
        metadata=PHONE,
    )


@strawberry.input
class FormSubmissionInput:
    account_number: str = strawberry.field(metadata=ACCOUNT_NUMBER)
    form_type: FormType | None = strawberry.field(description="Form type", default=strawberry.UNSET)
    content: JSONString = strawberry.field(description="Form content", metadata=FORM_CONTENT)


@strawberry.input(description="The metadata input type for mutations.")
class MetadataInput:
    identifier: str = strawberry.field(
        description="An identifier for the associated object, e.g.", metadata=METADATA_IDENTIFIER
    )
    linked_object_type: LinkedObjectType = strawberry.field(
        description="The object that the metadata is associated with."
    )
    key: str = strawberry.field(description="The key for the metadata.", metadata=METADATA_KEY)
    value: JSONString = strawberry.field(
        description="The metadata value which should be a valid JSON string.", metadata=METADATA_VALUE
    )


@strawberry.input
class RegisterPushNotificationBindingInput:
    token: str = strawberry.field(description="Device push notification token.", metadata=PUSH_TOKEN)
    bundle_id: str = strawberry.field(description="Register a push notification binding.", metadata=BUNDLE_ID)


@strawberry.input(description="A Priority Service Register (PSR) record for the authenticated account user.")
class SpecialCircumstanceRecordInput:
    internal_code: str = strawberry.field(
        description="The internal code of the PSR record type (KT-GB-5415 if it is not a valid type).",
        metadata=PSR_CODE,
    )
    expiry_date: datetime.date | None = strawberry.field(
        description="The date after which a temporary circumstance (e.g. recovery after a hospital stay) no longer applies; omit for permanent ones.",
        default=strawberry.UNSET,
    )


@strawberry.input(description="Input fields for updating the billing address of an account.")
class UpdateAccountAddressInput:
    account_number: str = strawberry.field(
        description="The number of the account to update (KT-CT-4178 if not found).", metadata=ACCOUNT_NUMBER
    )
    billing_address: BillingAddressDetailsInput = strawberry.field(
        description="The new billing address; give streetAddress (unstructured) or structuredStreetAddress, matching how the account's address is stored (KT-CT-4411)."
    )


@strawberry.input(description="Input fields for updating billing email for an account.")
class UpdateAccountBillingEmailInput:
    account_number: str = strawberry.field(description="Account number for account.", metadata=ACCOUNT_NUMBER)
    billing_email: str | None = strawberry.field(
        description="The billing_email which can be up to 512 characters.",
        default=strawberry.UNSET,
        metadata=BILLING_EMAIL,
    )


@strawberry.input
class UpdateAccountUserCommsPreferencesInput:
    is_opted_in_to_client_messages: bool | None = strawberry.field(default=strawberry.UNSET)
    is_opted_in_to_offer_messages: bool | None = strawberry.field(default=strawberry.UNSET)
    is_opted_in_to_recommended_messages: bool | None = strawberry.field(default=strawberry.UNSET)
    is_opted_in_to_update_messages: bool | None = strawberry.field(default=strawberry.UNSET)
    is_opted_in_to_third_party_messages: bool | None = strawberry.field(default=strawberry.UNSET)
    email_format: EmailFormats | None = strawberry.field(default=strawberry.UNSET)
    is_using_inverted_email_colours: bool | None = strawberry.field(default=strawberry.UNSET)
    font_size_multiplier: float | None = strawberry.field(default=strawberry.UNSET)
    is_opted_in_meter_reading_confirmations: bool | None = strawberry.field(default=strawberry.UNSET)
    is_opted_in_to_sms_messages: bool | None = strawberry.field(default=strawberry.UNSET)
    preferred_hold_music: Songs | None = strawberry.field(default=strawberry.UNSET)


@strawberry.input(description="Input fields for updating comms delivery preferences for an account")
class UpdateCommsDeliveryPreferenceInput:
    account_number: str = strawberry.field(metadata=ACCOUNT_NUMBER)
    comms_delivery_preference: CommsDeliveryPreference


@strawberry.input(description="Input fields for updating the number of occupants of a property.")
class UpdateNumberOfOccupantsInput:
    account_number: str = strawberry.field(
        description="The number of the account occupying the property.", metadata=ACCOUNT_NUMBER
    )
    property_id: strawberry.ID = strawberry.field(description="The ID of the property.", metadata=ENTITY_ID)
    number_of_occupants: int = strawberry.field(description="The number of people living at the property; at least 1.")


@strawberry.input(description="Input fields for updating the property type of a property.")
class UpdatePropertyTypeInput:
    account_number: str = strawberry.field(
        description="The number of the account occupying the property.", metadata=ACCOUNT_NUMBER
    )
    property_id: strawberry.ID = strawberry.field(description="The ID of the property.", metadata=ENTITY_ID)
    property_type: PropertyTypeChoices = strawberry.field(description="The new property type.")
