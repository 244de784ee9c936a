"""The accounts context's mutations: declarations, and resolvers once implemented."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import (
    AccountBillingAddressInput,
    AccountReferenceInput,
    BackendScreenEventInput,
    ConfirmDoubleOptInInput,
    ConsentInput,
    ConsentTypeInput,
    CustomerFeedbackInputType,
    DeletePushNotificationBindingInput,
    DoubleOptInInput,
    FormSubmissionInput,
    MetadataInput,
    RegisterPushNotificationBindingInput,
    SpecialCircumstanceRecordInput,
    UpdateAccountAddressInput,
    UpdateAccountBillingEmailInput,
    UpdateAccountUserCommsPreferencesInput,
    UpdateCommsDeliveryPreferenceInput,
    UpdateNumberOfOccupantsInput,
    UpdatePropertyTypeInput,
)
from api.accounts.types import (
    BackendScreenEvent,
    ConfirmDoubleOptIn,
    CreateAccountReference,
    DeletePushNotificationBinding,
    FormSubmissionOuput,
    InsertUserPSRRecords,
    RegisterPushNotificationBinding,
    RequestDoubleOptIn,
    SubmitCustomerFeedback,
    UpdateAccountAddress,
    UpdateAccountBillingAddress,
    UpdateAccountBillingEmail,
    UpdateAccountConsents,
    UpdateAccountReference,
    UpdateAccountUserCommsPreferencesMutation,
    UpdateAccountUserConsents,
    UpdateCommsDeliveryPreference,
    UpdateMetadata,
    UpdateNumberOfOccupants,
    UpdatePropertyType,
)
from api.mutation import pending_mutation
from domain.accounts.errors import (
    AccountNumberNotFound,
    AccountReferenceNamespaceInvalid,
    AccountReferenceValueInvalid,
    AccountUserConsentsInvalid,
    BackendScreenEventFailed,
    BackendScreenEventNotExecutable,
    BackendScreenEventNotFound,
    BackendScreenEventParamsInvalid,
    BillingAddressAccessDenied,
    BillingAddressInvalid,
    CommsEmailAddressMissing,
    CommsPreferencesInvalid,
    ConsentAccountNotFound,
    ConsentAccountUserNotFound,
    ConsentAlreadyAccepted,
    ConsentManagementDisabled,
    ConsentTokenInvalid,
    ConsentTokenNotFound,
    ConsentTypeNotFound,
    ConsentUserNumberInvalid,
    CustomerFeedbackNotSubmitted,
    DoubleOptInRequestInvalid,
    DuplicateConsent,
    FeedbackAccountMismatch,
    FeedbackIdRequired,
    MetadataAccessDenied,
    MetadataInvalid,
    OccupantsNumberInvalid,
    OctoplusJoinIneligible,
    PropertyTypeInvalid,
    PsrRecordTypeInvalid,
    PsrRecordUpdateFailed,
    PushNotificationBindingNotFound,
    StructuredAddressRequired,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    EmailInvalid,
)


@strawberry.type
class AccountsMutations:
    backend_screen_event = pending_mutation(
        args={"input": BackendScreenEventInput},
        payload=BackendScreenEvent | None,
        errors=(
            BackendScreenEventNotFound,
            BackendScreenEventNotExecutable,
            BackendScreenEventFailed,
            BackendScreenEventParamsInvalid,
            OctoplusJoinIneligible,
        ),
        auth=True,
        description="Look up an event to perform from its event_id, and return the next action to perform.",
    )

    confirm_double_opt_in = pending_mutation(
        args={"input": ConfirmDoubleOptInInput | None},
        payload=ConfirmDoubleOptIn | None,
        errors=(
            ConsentManagementDisabled,
            ConsentTokenInvalid,
            ConsentTokenNotFound,
            ConsentAlreadyAccepted,
        ),
        auth=True,
        description="Confirm a double opt in",
    )

    create_account_reference = pending_mutation(
        args={"input": AccountReferenceInput},
        payload=CreateAccountReference | None,
        errors=(
            AccountAccessDenied,
            AccountReferenceNamespaceInvalid,
            AccountReferenceValueInvalid,
        ),
        auth=True,
        description="Create an account reference.",
    )

    create_form_submission = pending_mutation(
        args={"input": FormSubmissionInput},
        payload=FormSubmissionOuput | None,
        errors=(),
        auth=False,
        description='Create a "form submission" entity. This is only meant to be used as a quick way of putting together a form and submit data for it, in the form of JSON - it is not expected that all form submissions will come through this path.',
    )

    delete_push_notification_binding = pending_mutation(
        args={"input": DeletePushNotificationBindingInput},
        payload=DeletePushNotificationBinding | None,
        errors=(PushNotificationBindingNotFound,),
        auth=True,
        description="Delete a device token used for push notifications.",
    )

    insert_user_psr_records = pending_mutation(
        args={"input": list[SpecialCircumstanceRecordInput | None]},
        payload=InsertUserPSRRecords | None,
        errors=(PsrRecordTypeInvalid, PsrRecordUpdateFailed),
        auth=True,
        description="Insert special circumstance priority services for the user. This mutation replaces all the active PSR records with the given input. Make sure to include all existing PSR records for the user if you do not intend to deactivate any records.",
    )

    register_push_notification_binding = pending_mutation(
        args={"input": RegisterPushNotificationBindingInput},
        payload=RegisterPushNotificationBinding | None,
        errors=(),
        auth=False,
        description="Register a device token to be used for push notifications for an app.",
    )

    request_double_opt_in = pending_mutation(
        args={"input": DoubleOptInInput | None},
        payload=RequestDoubleOptIn | None,
        errors=(
            DoubleOptInRequestInvalid,
            ConsentAccountNotFound,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
        ),
        auth=True,
        description="Request a double opt in",
    )

    submit_customer_feedback = pending_mutation(
        args={"input": CustomerFeedbackInputType},
        payload=SubmitCustomerFeedback | None,
        errors=(
            CustomerFeedbackNotSubmitted,
            FeedbackIdRequired,
            FeedbackAccountMismatch,
        ),
        auth=True,
        description="Submit customer feedback.",
    )

    update_account_address = pending_mutation(
        args={"input": UpdateAccountAddressInput},
        payload=UpdateAccountAddress | None,
        errors=(AccountNumberNotFound, StructuredAddressRequired),
        auth=False,
        description="Update the billing address of given account.",
    )

    update_account_billing_address = pending_mutation(
        args={"input": AccountBillingAddressInput},
        payload=UpdateAccountBillingAddress | None,
        errors=(
            BillingAddressInvalid,
            BillingAddressAccessDenied,
        ),
        auth=True,
        description="Update the account billing address.",
    )

    update_account_billing_email = pending_mutation(
        args={"input": UpdateAccountBillingEmailInput},
        payload=UpdateAccountBillingEmail | None,
        errors=(AccountAccessDenied, EmailInvalid),
        auth=True,
        description="Update account billing email.",
    )

    update_account_consents = pending_mutation(
        args={"accountNumber": str, "consents": list[ConsentInput | None]},
        payload=UpdateAccountConsents | None,
        errors=(
            DuplicateConsent,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
            ConsentAccountNotFound,
        ),
        auth=True,
        description="Update the consents of an account",
    )

    update_account_reference = pending_mutation(
        args={"input": AccountReferenceInput},
        payload=UpdateAccountReference | None,
        errors=(
            AccountAccessDenied,
            AccountReferenceNamespaceInvalid,
            AccountReferenceValueInvalid,
        ),
        auth=True,
        description="Update an account reference.",
    )

    update_account_user_consents = pending_mutation(
        args={"consents": list[ConsentTypeInput | None] | None, "userNumber": str | None},
        payload=UpdateAccountUserConsents | None,
        errors=(
            DuplicateConsent,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
            ConsentAccountUserNotFound,
            AccountUserConsentsInvalid,
            ConsentUserNumberInvalid,
        ),
        auth=True,
        description="Update the consents of an account user (the authenticated user)",
    )

    update_comms_delivery_preference = pending_mutation(
        args={"input": UpdateCommsDeliveryPreferenceInput},
        payload=UpdateCommsDeliveryPreference | None,
        errors=(AccountAccessDenied, CommsEmailAddressMissing),
        auth=True,
        description="Update account communication delivery preference.",
    )

    update_comms_preferences = pending_mutation(
        args={"input": UpdateAccountUserCommsPreferencesInput},
        payload=UpdateAccountUserCommsPreferencesMutation | None,
        errors=(CommsPreferencesInvalid,),
        auth=True,
        description="Update the comms preferences of the account user (the authenticated user).",
    )

    update_metadata = pending_mutation(
        args={"input": MetadataInput},
        payload=UpdateMetadata | None,
        errors=(MetadataAccessDenied, MetadataInvalid),
        auth=True,
        description="Update metadata on an object.",
    )

    update_number_of_occupants = pending_mutation(
        args={"input": UpdateNumberOfOccupantsInput},
        payload=UpdateNumberOfOccupants | None,
        errors=(OccupantsNumberInvalid,),
        auth=False,
        description="Update number of occupants for a property.",
    )

    update_property_type = pending_mutation(
        args={"input": UpdatePropertyTypeInput},
        payload=UpdatePropertyType | None,
        errors=(PropertyTypeInvalid,),
        auth=False,
        description="Update the property type of a property.",
    )
