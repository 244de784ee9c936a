"""The accounts context's mutations, one module each, merged in the wire contract's order."""

from strawberry.tools import merge_types

from api.accounts.mutations.backend_screen_event import BackendScreenEventMutation
from api.accounts.mutations.confirm_double_opt_in import ConfirmDoubleOptInMutation
from api.accounts.mutations.create_account_reference import CreateAccountReferenceMutation
from api.accounts.mutations.create_form_submission import CreateFormSubmissionMutation
from api.accounts.mutations.delete_push_notification_binding import DeletePushNotificationBindingMutation
from api.accounts.mutations.insert_user_psr_records import InsertUserPsrRecordsMutation
from api.accounts.mutations.register_push_notification_binding import RegisterPushNotificationBindingMutation
from api.accounts.mutations.request_double_opt_in import RequestDoubleOptInMutation
from api.accounts.mutations.submit_customer_feedback import SubmitCustomerFeedbackMutation
from api.accounts.mutations.update_account_address import UpdateAccountAddressMutation
from api.accounts.mutations.update_account_billing_address import UpdateAccountBillingAddressMutation
from api.accounts.mutations.update_account_billing_email import UpdateAccountBillingEmailMutation
from api.accounts.mutations.update_account_consents import UpdateAccountConsentsMutation
from api.accounts.mutations.update_account_reference import UpdateAccountReferenceMutation
from api.accounts.mutations.update_account_user_consents import UpdateAccountUserConsentsMutation
from api.accounts.mutations.update_comms_delivery_preference import UpdateCommsDeliveryPreferenceMutation
from api.accounts.mutations.update_comms_preferences import UpdateCommsPreferencesMutation
from api.accounts.mutations.update_metadata import UpdateMetadataMutation
from api.accounts.mutations.update_number_of_occupants import UpdateNumberOfOccupantsMutation
from api.accounts.mutations.update_property_type import UpdatePropertyTypeMutation

AccountsMutations = merge_types(
    "AccountsMutations",
    (
        BackendScreenEventMutation,
        ConfirmDoubleOptInMutation,
        CreateAccountReferenceMutation,
        CreateFormSubmissionMutation,
        DeletePushNotificationBindingMutation,
        InsertUserPsrRecordsMutation,
        RegisterPushNotificationBindingMutation,
        RequestDoubleOptInMutation,
        SubmitCustomerFeedbackMutation,
        UpdateAccountAddressMutation,
        UpdateAccountBillingAddressMutation,
        UpdateAccountBillingEmailMutation,
        UpdateAccountConsentsMutation,
        UpdateAccountReferenceMutation,
        UpdateAccountUserConsentsMutation,
        UpdateCommsDeliveryPreferenceMutation,
        UpdateCommsPreferencesMutation,
        UpdateMetadataMutation,
        UpdateNumberOfOccupantsMutation,
        UpdatePropertyTypeMutation,
    ),
)
