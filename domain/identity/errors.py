"""Error catalogue of the identity context: Kraken Tokens, passwords, MFA devices and user details."""

from domain.shared.errors import ErrorType, KrakenError


# obtainKrakenToken
class RefreshTokenInvalid(
    KrakenError,
    code="KT-CT-1135",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="Please make sure the refresh token is correct.",
):
    """Raised by obtainKrakenToken when the refreshToken is unknown, malformed or revoked."""


class RefreshTokenExpired(
    KrakenError,
    code="KT-CT-1134",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="The refresh token has expired.",
):
    """Raised by obtainKrakenToken when the refreshToken is past its expiry."""


# requestPasswordReset
class PasswordResetEmailNotSent(
    KrakenError,
    code="KT-CT-1133",
    type=ErrorType.APPLICATION,
    message="Unable to request password reset email.",
    description="Kraken could not create or send the email with the password (re)set link to this user; retry later.",
):
    """Raised when the password reset email cannot be created or sent.

    Raised by requestPasswordReset, registerEmail and updateBlackholeEmail.
    """


class PasswordResetRequestInvalid(
    KrakenError,
    code="KT-CT-11331",
    type=ErrorType.VALIDATION,
    message="Invalid input data.",
    description="The email address given to requestPasswordReset is empty or not a well-formed email address.",
):
    """Raised by requestPasswordReset when the email input is empty or malformed."""


# resetUserPassword
class PasswordResetTokenInvalid(
    KrakenError,
    code="KT-CT-4125",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description=(
        "The userId and token do not form a valid password reset link: the token is malformed, expired, already "
        "used, or was issued for another user."
    ),
):
    """Raised by resetUserPassword when the reset token is not valid for the given userId."""


# updateEmailAndPassword
class UserDetailsInvalid(
    KrakenError,
    code="KT-CT-5413",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "One or more of the user details given are malformed, for example an email address, phone number or date of "
        "birth in the wrong format."
    ),
):
    """Raised by updateEmailAndPassword and updateUser when a user detail in the input is malformed."""


class UserEmailAlreadyInUse(
    KrakenError,
    code="KT-CT-5414",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="The new email address already belongs to another account user.",
):
    """Raised by updateEmailAndPassword and updateUser when the new email address is already taken by another user."""


# invalidatePreSignedToken
class PreSignedTokenAccessDenied(
    KrakenError,
    code="KT-CT-1129",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The pre-signed token is unknown or was not issued by the viewer, so the viewer may not invalidate it.",
):
    """Raised by invalidatePreSignedToken when the token does not belong to the viewer."""


# verifyIdentity
class IdentityDetailsMismatch(
    KrakenError,
    code="KT-CT-1145",
    type=ErrorType.VALIDATION,
    message="Account/user details do not match.",
    description=(
        "The identifying details given do not match any account and user on record, so no scoped token is issued."
    ),
):
    """Raised by verifyIdentity and verifyIdentityFallback when the details given do not match an account and user."""


# createMfaDevice
class MfaDeviceCreationFailed(
    KrakenError,
    code="KT-CT-1153",
    type=ErrorType.APPLICATION,
    message="Unable to create MFA device.",
    description=(
        "Kraken could not create an MFA device of the requested method for the user, for example because one already "
        "exists or the first code could not be sent."
    ),
):
    """Raised by createMfaDevice when the MFA device cannot be created."""


# deleteMfaDevice
class MfaDeviceNotFound(
    KrakenError,
    code="KT-CT-1150",
    type=ErrorType.NOT_FOUND,
    message="MFA device not found.",
    description="The authenticated user has no MFA device for the mfaMethod given.",
):
    """Raised by deleteMfaDevice and validateMfaDevice when the user has no MFA device for the given method."""


class MfaDeviceDeletionFailed(
    KrakenError,
    code="KT-CT-1154",
    type=ErrorType.APPLICATION,
    message="Unable to delete MFA device.",
    description=(
        "The MFA device exists but could not be deleted, for example because it is the user's only enabled device "
        "while MFA is required."
    ),
):
    """Raised by deleteMfaDevice when the MFA device cannot be deleted."""


# validateMfaDevice
class PendingMfaDeviceNotFound(
    KrakenError,
    code="KT-CT-1151",
    type=ErrorType.NOT_FOUND,
    message="MFA device not found.",
    description=(
        "The user has no MFA device for the mfaMethod given that is waiting to be validated; create one with "
        "createMfaDevice first."
    ),
):
    """Raised by validateMfaDevice when no unvalidated MFA device exists for the given method."""


class MfaTokenInvalid(
    KrakenError,
    code="KT-CT-1152",
    type=ErrorType.VALIDATION,
    message="Invalid MFA token.",
    description="The MFA code given is wrong or has expired for this device.",
):
    """Raised by validateMfaDevice when the MFA code does not verify."""


class BackupMfaDeviceRequired(
    KrakenError,
    code="KT-CT-1155",
    type=ErrorType.APPLICATION,
    message="Enabled backup device is needed.",
    description="This device can only be validated once the user has another enabled MFA device to fall back on.",
):
    """Raised by validateMfaDevice when the user has no enabled backup MFA device."""


# registerEmail
class UserAlreadyHasEmail(
    KrakenError,
    code="KT-GB-5412",
    type=ErrorType.APPLICATION,
    message="User already has an email address.",
    description=(
        "The account user already has a real email address, so there is no placeholder (blackhole) email to replace."
    ),
):
    """Raised by registerEmail and updateBlackholeEmail when the user has no placeholder email to replace."""


class BlackholeEmailUpdateInvalid(
    KrakenError,
    code="KT-GB-5413",
    type=ErrorType.VALIDATION,
    message="Invalid inputs for updating a blackhole email.",
    description=(
        "The inputs for replacing the placeholder email are invalid, for example a malformed email address or "
        "identifiers that do not match one user."
    ),
):
    """Raised when the inputs for replacing a placeholder email are invalid.

    Raised by registerEmail and updateBlackholeEmail.
    """


class RegistrationAccountNotFound(
    KrakenError,
    code="KT-CT-10006",
    type=ErrorType.NOT_FOUND,
    message="Account not found.",
    description="No account matches the account details given for the email registration.",
):
    """Raised by registerEmail when no account matches the registration details."""


# eraseAccountUser
class ErasureUserNotFound(
    KrakenError,
    code="KT-CT-1160",
    type=ErrorType.NOT_FOUND,
    message="Account user not found.",
    description="No account user has the userId given for erasure.",
):
    """Raised by eraseAccountUser (and `kraken user erase`) when the user id names no account user."""


class ErasureInputInvalid(
    KrakenError,
    code="KT-CT-1161",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="An input is not valid for erasure: the reason is at most 200 characters, the userId at most 64.",
):
    """Raised by eraseAccountUser (and `kraken user erase`) for an input longer than its bound."""
