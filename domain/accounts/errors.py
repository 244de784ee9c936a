"""Error catalogue of the accounts context: addresses, comms, consents, references and account extras."""

from domain.shared.errors import ErrorType, KrakenError


# updateAccountAddress
class AccountNumberNotFound(
    KrakenError,
    code="KT-CT-4178",
    type=ErrorType.NOT_FOUND,
    message="No account found with given account number.",
    description="No account has the account number given, or it is not visible to the viewer.",
):
    """Raised by updateAccountAddress when the account number names no account."""


class StructuredAddressRequired(
    KrakenError,
    code="KT-CT-4411",
    type=ErrorType.VALIDATION,
    message="Address in db is structured, cannot accept unstructured address fields.",
    description=(
        "The account's stored address is structured, so it must be updated with the structured address fields rather "
        "than free-text address lines."
    ),
):
    """Raised by updateAccountAddress when unstructured address fields are sent for a structured address."""


# updateAccountBillingAddress
class BillingAddressInvalid(
    KrakenError,
    code="KT-CT-4145",
    type=ErrorType.VALIDATION,
    message="Invalid address.",
    description=(
        "The billing address given is incomplete or malformed, for example a missing first line or an invalid postcode."
    ),
):
    """Raised by updateAccountBillingAddress when the billing address is incomplete or malformed."""


class BillingAddressAccessDenied(
    KrakenError,
    code="KT-CT-7123",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not change the billing address of the account given.",
):
    """Raised by updateAccountBillingAddress when the viewer may not change the account's billing address."""


# updateCommsDeliveryPreference
class CommsEmailAddressMissing(
    KrakenError,
    code="KT-CT-4136",
    type=ErrorType.VALIDATION,
    message="Cannot set comms preference to email when account has no email.",
    description="Email delivery was requested but the account has no billing email address to send communications to.",
):
    """Raised by updateCommsDeliveryPreference when email delivery is chosen for an account without an email."""


# updateCommsPreferences
class CommsPreferencesInvalid(
    KrakenError,
    code="KT-GB-5414",
    type=ErrorType.VALIDATION,
    message="The given preferences are not valid.",
    description=(
        "The comms preferences given are not valid, for example an unknown preference or a combination the brand "
        "does not allow."
    ),
):
    """Raised by updateCommsPreferences when the comms preferences are not valid."""


# updateAccountConsents
class DuplicateConsent(
    KrakenError,
    code="KT-CT-9014",
    type=ErrorType.VALIDATION,
    message="Duplicate consent.",
    description="The same consent type appears more than once in the consents input.",
):
    """Raised by updateAccountConsents and updateAccountUserConsents when a consent type is given twice."""


class ConsentManagementDisabled(
    KrakenError,
    code="KT-CT-9016",
    type=ErrorType.SERVICE_AVAILABILITY,
    message="Consent management not enabled.",
    description=(
        "Consent management is not enabled on this deployment, so consents can be neither changed nor confirmed."
    ),
):
    """Raised when consent management is switched off.

    Raised by updateAccountConsents, updateAccountUserConsents, requestDoubleOptIn and confirmDoubleOptIn.
    """


class ConsentTypeNotFound(
    KrakenError,
    code="KT-CT-9017",
    type=ErrorType.NOT_FOUND,
    message="Consent type not found.",
    description="A consent type code given does not name a consent type configured on this deployment.",
):
    """Raised when a consent type code is unknown.

    Raised by updateAccountConsents, updateAccountUserConsents and requestDoubleOptIn.
    """


class ConsentAccountNotFound(
    KrakenError,
    code="KT-CT-9018",
    type=ErrorType.NOT_FOUND,
    message="Account not found.",
    description="No account has the account number given for the consents.",
):
    """Raised by updateAccountConsents and requestDoubleOptIn when the account number names no account."""


# updateAccountUserConsents
class ConsentAccountUserNotFound(
    KrakenError,
    code="KT-CT-5421",
    type=ErrorType.NOT_FOUND,
    message="Account user not found.",
    description="No account user has the userNumber given, or the viewer may not manage that user's consents.",
):
    """Raised by updateAccountUserConsents when the userNumber names no account user."""


class AccountUserConsentsInvalid(
    KrakenError,
    code="KT-CT-5422",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="A consent in the input is invalid, for example a value that its consent type does not allow.",
):
    """Raised by updateAccountUserConsents when a consent value is not allowed."""


class ConsentUserNumberInvalid(
    KrakenError,
    code="KT-CT-1605",
    type=ErrorType.VALIDATION,
    message="Invalid input.",
    description="userNumber must be given when the viewer is an organisation, and must be omitted otherwise.",
):
    """Raised when userNumber is missing for an organisation or given by an account user.

    Raised by updateAccountUserConsents.
    """


# requestDoubleOptIn
class DoubleOptInRequestInvalid(
    KrakenError,
    code="KT-CT-9019",
    type=ErrorType.VALIDATION,
    message="Invalid input.",
    description=(
        "The double opt-in request needs an account number, email address or mobile number to reach the customer, "
        "and those given must be well-formed."
    ),
):
    """Raised by requestDoubleOptIn when the request gives no well-formed way to reach the customer."""


# confirmDoubleOptIn
class ConsentTokenInvalid(
    KrakenError,
    code="KT-CT-9020",
    type=ErrorType.VALIDATION,
    message="Invalid consent expiring token.",
    description="The consent confirmation token has expired or has already been used.",
):
    """Raised by confirmDoubleOptIn when the confirmation token has expired or was used."""


class ConsentTokenNotFound(
    KrakenError,
    code="KT-CT-9021",
    type=ErrorType.VALIDATION,
    message="Consent expiring token not found.",
    description="No double opt-in request was issued with the consent confirmation token given.",
):
    """Raised by confirmDoubleOptIn when no pending double opt-in matches the token."""


class ConsentAlreadyAccepted(
    KrakenError,
    code="KT-CT-9022",
    type=ErrorType.VALIDATION,
    message="Consent for given token already accepted.",
    description="The consent this token confirms has already been accepted; a token can only be used once.",
):
    """Raised by confirmDoubleOptIn when the consent was already confirmed."""


# createAccountReference
class AccountReferenceNamespaceInvalid(
    KrakenError,
    code="KT-CT-8310",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="The namespace given is empty, too long, or not one that account references may use.",
):
    """Raised by createAccountReference and updateAccountReference when the reference namespace is not allowed."""


class AccountReferenceValueInvalid(
    KrakenError,
    code="KT-CT-8311",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="The reference value is empty or too long, or is already used in this namespace by another account.",
):
    """Raised by createAccountReference and updateAccountReference when the reference value is invalid or taken."""


# updateMetadata
class MetadataAccessDenied(
    KrakenError,
    code="KT-CT-4323",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not change metadata on the object named by linkedObjectType and identifier.",
):
    """Raised by updateMetadata when the viewer may not change the object's metadata."""


class MetadataInvalid(
    KrakenError,
    code="KT-CT-8413",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The metadata is invalid: the value is not a valid JSON string, or the key or identifier is not allowed for "
        "the linked object type."
    ),
):
    """Raised by updateMetadata when the metadata key, identifier or value is invalid."""


# insertUserPsrRecords
class PsrRecordTypeInvalid(
    KrakenError,
    code="KT-GB-5415",
    type=ErrorType.VALIDATION,
    message="The requested PSR record type is not valid.",
    description="A priority services record names a special circumstance type that does not exist or is not offered.",
):
    """Raised by insertUserPsrRecords when a PSR record type is unknown."""


class PsrRecordUpdateFailed(
    KrakenError,
    code="KT-GB-5411",
    type=ErrorType.APPLICATION,
    message="Failed to update special circumstance record.",
    description="Kraken could not save the user's special circumstance (priority services) records.",
):
    """Raised by insertUserPsrRecords when the PSR records cannot be saved."""


# deletePushNotificationBinding
class PushNotificationBindingNotFound(
    KrakenError,
    code="KT-CT-5411",
    type=ErrorType.NOT_FOUND,
    message="Invalid token or no push notification binding found for the given account user.",
    description="The device token is unknown or is not bound to the authenticated account user.",
):
    """Raised by deletePushNotificationBinding when no binding of the token to the user exists."""


# submitCustomerFeedback
class CustomerFeedbackNotSubmitted(
    KrakenError,
    code="KT-CT-5514",
    type=ErrorType.APPLICATION,
    message="Unable to submit feedback.",
    description="The feedback was accepted as valid but could not be saved.",
):
    """Raised by submitCustomerFeedback when the feedback cannot be saved."""


class FeedbackIdRequired(
    KrakenError,
    code="KT-CT-5511",
    type=ErrorType.VALIDATION,
    message="The feedback_id should be provided for feedback source.",
    description=(
        "The feedback form's source requires a feedbackId identifying the feedback request, and none was given."
    ),
):
    """Raised by submitCustomerFeedback when the feedback source needs a feedbackId that is missing."""


class FeedbackAccountMismatch(
    KrakenError,
    code="KT-CT-5512",
    type=ErrorType.APPLICATION,
    message="The feedback doesn't match the account.",
    description="The feedback named by feedbackId was requested for another account than the one given.",
):
    """Raised by submitCustomerFeedback when the feedback belongs to another account."""


# backendScreenEvent
class BackendScreenEventNotFound(
    KrakenError,
    code="KT-CT-8002",
    type=ErrorType.NOT_FOUND,
    message="No event found.",
    description="No backend screen event is registered under the eventId given.",
):
    """Raised by backendScreenEvent when the eventId names no event."""


class BackendScreenEventNotExecutable(
    KrakenError,
    code="KT-CT-8003",
    type=ErrorType.APPLICATION,
    message="Event has no execute function.",
    description="The event exists but has no backend function to run, so it cannot be executed.",
):
    """Raised by backendScreenEvent when the event has nothing to execute."""


class BackendScreenEventFailed(
    KrakenError,
    code="KT-CT-8004",
    type=ErrorType.APPLICATION,
    message="Error executing event in the backend.",
    description="The event's backend function failed while it ran; no next action can be returned.",
):
    """Raised by backendScreenEvent when the event's backend function fails."""


class BackendScreenEventParamsInvalid(
    KrakenError,
    code="KT-CT-8007",
    type=ErrorType.VALIDATION,
    message="Incorrect or missing parameters for backend screen event.",
    description="The params given lack one the event needs, or have unexpected names or values.",
):
    """Raised by backendScreenEvent when the event's params are missing or wrong."""


class OctoplusJoinIneligible(
    KrakenError,
    code="KT-GB-9310",
    type=ErrorType.APPLICATION,
    message="Account ineligible for joining Octoplus.",
    description=(
        "The account does not meet the conditions for joining Octoplus, for example it is already a member or not on "
        "supply."
    ),
):
    """Raised by backendScreenEvent when the account may not join Octoplus."""


# updateNumberOfOccupants
class OccupantsNumberInvalid(
    KrakenError,
    code="KT-CT-6628",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The number of occupants must be a whole number from 1 up to the allowed maximum, and the property must be "
        "occupied by the account today."
    ),
):
    """Raised by updateNumberOfOccupants when the number is out of range or the account does not occupy the property."""


# updatePropertyType
class PropertyTypeInvalid(
    KrakenError,
    code="KT-GB-5418",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The property type given is not one an occupier may declare (OTHER has no assessed-charge band), or the "
        "property is not the account's."
    ),
):
    """Raised by updatePropertyType when the property type is not allowed or the property is not the account's."""
