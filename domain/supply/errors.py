"""Error catalogue of the supply context: house moves, enrollments, product switches, meters and readings."""

from domain.shared.errors import ErrorType, KrakenError


# moveInCreateCustomer
class MoveInCustomerDataInvalid(
    KrakenError,
    code="KT-GB-5416",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The customer's personal details for the move-in are invalid, for example a malformed phone number or a "
        "move-in date out of range."
    ),
):
    """Raised by moveInCreateCustomer when the customer's details are invalid."""


class MoveInEmailUnusable(
    KrakenError,
    code="KT-CT-4111",
    type=ErrorType.VALIDATION,
    message="Unable to use given email address.",
    description=(
        "The email address cannot be used for the new customer, for example because another account user already has "
        "it."
    ),
):
    """Raised by moveInCreateCustomer when the email address cannot be used."""


class HouseMoveFailed(
    KrakenError,
    code="KT-GB-6633",
    type=ErrorType.APPLICATION,
    message="An error occurred when trying to process this house move.",
    description=(
        "The input was valid but the house move could not be processed, for example because the property cannot be "
        "occupied on that date."
    ),
):
    """Raised by moveInCreateCustomer when the house move cannot be processed."""


# moveOut
class MoveOutDataInvalid(
    KrakenError,
    code="KT-GB-6628",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The move-out input is invalid, for example a move-out date out of range or a property that is not on the "
        "account."
    ),
):
    """Raised by moveOut when the move-out input is invalid."""


# cancelEnrollment
class EnrollmentCancellationDisabled(
    KrakenError,
    code="KT-CT-10312",
    type=ErrorType.SERVICE_AVAILABILITY,
    message="Mutation not enabled in this environment.",
    description="Cancelling enrollments is not enabled on this deployment.",
):
    """Raised by cancelEnrollment when the mutation is switched off."""


class EnrollmentProcessNotFound(
    KrakenError,
    code="KT-CT-10318",
    type=ErrorType.VALIDATION,
    message="Enrollment process not found.",
    description="Could not match an enrollment process to the input.",
):
    """Raised by cancelEnrollment when the process number names no process."""


class EnrollmentCancellationFailed(
    KrakenError,
    code="KT-CT-10319",
    type=ErrorType.APPLICATION,
    message="Enrollment process failed to cancel.",
    description="The cancellation workflow started but failed, so the enrollment process is still active.",
):
    """Raised by cancelEnrollment when the cancellation workflow fails."""


class EnrollmentNotCancellable(
    KrakenError,
    code="KT-CT-10320",
    type=ErrorType.VALIDATION,
    message="Enrollment process not cancellable.",
    description="The enrollment process has already completed or been cancelled, so it can no longer be cancelled.",
):
    """Raised by cancelEnrollment when the process is past the point of cancellation."""


class EnrollmentCancellationWorkflowMissing(
    KrakenError,
    code="KT-CT-10321",
    type=ErrorType.SERVICE_AVAILABILITY,
    message="Enrollment cancellation workflow not defined.",
    description="No cancellation workflow is defined for this kind of enrollment process.",
):
    """Raised by cancelEnrollment when the process type has no cancellation workflow."""


class OccupyPropertyCancellationNotConfigured(
    KrakenError,
    code="KT-CT-10323",
    type=ErrorType.SERVICE_AVAILABILITY,
    message="Enrollment process failed to cancel.",
    description="Cancellation of occupy property processes is not configured on this deployment.",
):
    """Raised by cancelEnrollment for an occupy-property process where no cancellation of those is configured."""


# joinSupplierAcceptTermsAndConditions
class JoinSupplierProcessAccessDenied(
    KrakenError,
    code="KT-CT-4501",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not act on the join supplier process of the account given.",
):
    """Raised by joinSupplierAcceptTermsAndConditions when the viewer may not accept terms for the process."""


# initiateProductSwitch
class SupplyQuoteNotFound(
    KrakenError,
    code="KT-CT-4619",
    type=ErrorType.NOT_FOUND,
    message="Quote with given code not found.",
    description="No energy quote has the code given.",
):
    """Raised by initiateProductSwitch and scheduleQuoteFollowUp when the quote code names no quote."""


class QuotedProductNotAcceptable(
    KrakenError,
    code="KT-CT-4624",
    type=ErrorType.VALIDATION,
    message="Unable to accept the given product code.",
    description="Product code has not been quoted for this supply point.",
):
    """Raised by initiateProductSwitch when the product code was not quoted for the supply point."""


class ProductSwitchAccessDenied(
    KrakenError,
    code="KT-CT-4924",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not switch the products of the account given.",
):
    """Raised by initiateProductSwitch when the viewer may not switch the account's product."""


class QuotedProductNotSelected(
    KrakenError,
    code="KT-CT-4626",
    type=ErrorType.VALIDATION,
    message="No product selected for the given quote code.",
    description="No quoted product was selected, or the one given is not part of the quote.",
):
    """Raised by initiateProductSwitch when no product of the quote is selected."""


class SupplyPointNotFound(
    KrakenError,
    code="KT-CT-4719",
    type=ErrorType.APPLICATION,
    message="No supply point found for identifier provided.",
    description="No supply point of the account matches the identifier given.",
):
    """Raised by initiateProductSwitch when the identifier names no supply point."""


class AgreementCreationFailed(
    KrakenError,
    code="KT-CT-1509",
    type=ErrorType.APPLICATION,
    message="Unable to create agreement.",
    description="The switch was valid but the new agreement for the product could not be created on the supply point.",
):
    """Raised by initiateProductSwitch when the new agreement cannot be created."""


class ProductSwitchDateOutOfRange(
    KrakenError,
    code="KT-CT-1507",
    type=ErrorType.APPLICATION,
    message="Agreement product switch date is not within the acceptable range.",
    description=(
        "The switch date is outside the window in which a product switch may take effect, for example in the past or "
        "too far ahead."
    ),
):
    """Raised by initiateProductSwitch when the switch date is out of range."""


# scheduleQuoteFollowUp
class QuoteRecipientInvalid(
    KrakenError,
    code="KT-CT-4632",
    type=ErrorType.VALIDATION,
    message="Invalid recipient information.",
    description=(
        "The recipient's details are incomplete or malformed, for example a missing name or a bad email address."
    ),
):
    """Raised by scheduleQuoteFollowUp when the recipient's details are invalid."""


class QuoteFollowUpDisabled(
    KrakenError,
    code="KT-CT-4633",
    type=ErrorType.SERVICE_AVAILABILITY,
    message="Mutation not enabled in this environment.",
    description="Scheduling quote follow-ups is not enabled on this deployment.",
):
    """Raised by scheduleQuoteFollowUp when the mutation is switched off."""


# installMeter
class MeterValidationFailed(
    KrakenError,
    code="KT-GB-11001",
    type=ErrorType.VALIDATION,
    message="Could not validate meter.",
    description=(
        "The meter details given failed validation, for example an unknown serial number or an invalid initial reading."
    ),
):
    """Raised by installMeter, exchangeMeter and modifyMeter when the meter details fail validation."""


class MeterInstallationFailed(
    KrakenError,
    code="KT-GB-11003",
    type=ErrorType.APPLICATION,
    message="Unable to install meter.",
    description="The meter details were valid but the meter could not be installed on the property.",
):
    """Raised by installMeter when the installation cannot be recorded."""


# exchangeMeter
class MeterExchangeFailed(
    KrakenError,
    code="KT-GB-11002",
    type=ErrorType.APPLICATION,
    message="Unable to exchange meter.",
    description="The meter details were valid but the old meter could not be exchanged for the new one.",
):
    """Raised by exchangeMeter when the exchange cannot be recorded."""


# modifyMeter
class MeterModificationFailed(
    KrakenError,
    code="KT-GB-11005",
    type=ErrorType.APPLICATION,
    message="Could not modify meter.",
    description="The meter details were valid but the changes could not be saved to the meter.",
):
    """Raised by modifyMeter when the changes cannot be saved."""


class WaterMeterNotFound(
    KrakenError,
    code="KT-GB-11006",
    type=ErrorType.NOT_FOUND,
    message="Water meter cannot be found with the provided identifiers.",
    description="No water meter matches the identifiers given.",
):
    """Raised by modifyMeter when the identifiers name no meter."""


# submitMeterReading
class MeterReadingInputInvalid(
    KrakenError,
    code="KT-GB-6414",
    type=ErrorType.VALIDATION,
    message="Meter reading could not be updated. Input not valid.",
    description=(
        "The reading is invalid, for example an unknown register, a value with too many digits, or a reading date in "
        "the future."
    ),
):
    """Raised by submitMeterReading when the reading input is invalid."""


class MeterReadingHeld(
    KrakenError,
    code="KT-CT-6422",
    type=ErrorType.APPLICATION,
    message="Reading will be held.",
    description=(
        "The reading was recorded but is held for review because it failed validation checks, and is not used for "
        "billing until approved."
    ),
):
    """Raised by submitMeterReading when the reading is held for review."""


class MeterReadingAccessDenied(
    KrakenError,
    code="KT-CT-6424",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not submit readings for the meter or account given.",
):
    """Raised by submitMeterReading when the viewer may not submit the reading."""
