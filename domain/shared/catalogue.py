"""The KT error codes shared by several bounded contexts, and the API's request-level codes."""

from domain.shared.errors import ErrorType, KrakenError


# every operation: request and authentication gates
class AuthorizationHeaderMissing(
    KrakenError,
    code="KT-CT-1112",
    type=ErrorType.AUTHORIZATION,
    message="'Authorization' header not provided.",
    description=(
        "This operation needs an authenticated viewer but the request has no Authorization header; send a Kraken "
        "Token obtained from obtainKrakenToken."
    ),
):
    """Raised by any operation that needs a viewer when the request has no Authorization header."""


class TokenExpired(
    KrakenError,
    code="KT-CT-1124",
    type=ErrorType.AUTHENTICATION,
    message="Token expired.",
    description=(
        "The Kraken Token's exp claim is in the past; obtain a new token (for example with the refresh token and "
        "obtainKrakenToken) and retry."
    ),
):
    """Raised by any operation when the Kraken Token in the Authorization header has expired."""


class Unauthorized(
    KrakenError,
    code="KT-CT-1111",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description=(
        "The viewer is not authorised for this operation or field: the request is anonymous, or the viewer's token "
        "does not grant access to what was asked for."
    ),
):
    """Raised by any operation when the viewer may not run it or read a field it selects."""


class FieldDisabled(
    KrakenError,
    code="KT-CT-1113",
    type=ErrorType.SERVICE_AVAILABILITY,
    message="Disabled GraphQL field requested.",
    description=(
        "The field requested is switched off on this deployment or for this client, so it can be neither queried nor "
        "executed."
    ),
):
    """Raised by any operation when it selects a field that is disabled for this deployment or client."""


# every operation: request limits
class TooManyRequests(
    KrakenError,
    code="KT-CT-1199",
    type=ErrorType.SERVICE_AVAILABILITY,
    message="Too many requests.",
    description="The caller has used up its request allowance for the current window; wait before retrying.",
):
    """Raised by any operation when the caller has exceeded its request rate limit."""


class QueryTooDeep(
    KrakenError,
    code="KT-CT-1187",
    type=ErrorType.VALIDATION,
    message="Query depth limit exceeded.",
    description=(
        "The query nests selections more deeply than the maximum depth allowed; flatten it or split it into several "
        "requests."
    ),
):
    """Raised by any operation when the query nests selections too deeply."""


class QueryTooComplex(
    KrakenError,
    code="KT-CT-1188",
    type=ErrorType.VALIDATION,
    message="Query complexity limit exceeded.",
    description=(
        "The query's computed complexity is over the limit for one request; select fewer fields or ask for smaller "
        "pages."
    ),
):
    """Raised by any operation when the query's complexity score is over the limit."""


class TooManyNodes(
    KrakenError,
    code="KT-CT-1189",
    type=ErrorType.VALIDATION,
    message="Exceeded maximum number of nodes.",
    description=(
        "The query could return more nodes than allowed in one request; lower the first/last page sizes of its "
        "connections."
    ),
):
    """Raised by any operation when the query could return more nodes than allowed."""


class InvalidPaginationParameters(
    KrakenError,
    code="KT-CT-1206",
    type=ErrorType.VALIDATION,
    message="Invalid pagination parameters.",
    description="The connection's `first` or `last` is negative; ask for zero or more items.",
):
    """Raised by any connection field when its page size arguments are out of range."""


class InvalidPaginationCursor(
    KrakenError,
    code="KT-CT-1208",
    type=ErrorType.VALIDATION,
    message="Invalid pagination cursor.",
    description=(
        "The `after` or `before` cursor does not point to a position in this connection. Use a cursor returned by a "
        "previous page of this connection."
    ),
):
    """Raised by any connection field when its `after` or `before` cursor was not issued for it."""


class TooManyAliases(
    KrakenError,
    code="KT-CT-1190",
    type=ErrorType.VALIDATION,
    message="Too many aliases.",
    description="The query uses more field aliases than allowed in one request.",
):
    """Raised by any operation when the query uses too many field aliases."""


class TooManyOperations(
    KrakenError,
    code="KT-CT-1191",
    type=ErrorType.VALIDATION,
    message="Too many operations.",
    description=(
        "The request carries more than one operation (or a batch of requests) where only a single operation is "
        "allowed; send each operation in its own request."
    ),
):
    """Raised by any request that carries more than one operation where only one is allowed."""


# obtainKrakenToken
class InvalidCredentials(
    KrakenError,
    code="KT-CT-1138",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="Please make sure the email address and password provided are correct.",
):
    """Raised by obtainKrakenToken when the email address and password do not match an account user."""


# resetUserPassword
class PermissionDenied(
    KrakenError,
    code="KT-CT-1132",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description=(
        "The viewer is authenticated but its token lacks the specific permission this sensitive operation requires "
        "(for example a scoped, pre-signed or masquerade token)."
    ),
):
    """Raised when the viewer's token lacks the permission the operation requires.

    Raised by resetUserPassword and submitRepaymentRequest.
    """


class PasswordInvalid(
    KrakenError,
    code="KT-CT-5450",
    type=ErrorType.VALIDATION,
    message="Password is invalid.",
    description="Given password fails password policy requirements.",
):
    """Raised when the new password fails the password policy (details in validationErrors).

    Raised by resetUserPassword, updateEmailAndPassword and moveInCreateCustomer.
    """


# sendPreSignedTokenEmail
class EmailInvalid(
    KrakenError,
    code="KT-CT-4122",
    type=ErrorType.VALIDATION,
    message="Invalid email.",
    description="The email address given is not a well-formed email address.",
):
    """Raised when an email address in the input is malformed.

    Raised by sendPreSignedTokenEmail, updateAccountBillingEmail and shareGoodsQuote.
    """


# createMfaDevice
class AccountUserRequired(
    KrakenError,
    code="KT-CT-1128",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description=(
        "This operation acts on the viewer's own user or payments and must be called with an account user's Kraken "
        "Token, not an organisation's or another kind of viewer's."
    ),
):
    """Raised when the authenticated viewer is not an account user.

    Raised by createMfaDevice, initiateHostedStandalonePayment, getHostedUrlForNewPaymentInstruction,
    createDirectDebitInstructionAndSchedule, createDirectDebitPaymentSchedule and updatePaymentSchedule.
    """


# updateAccountBillingEmail
class AccountAccessDenied(
    KrakenError,
    code="KT-CT-4123",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description=(
        "The viewer may not act on the account named by accountNumber: it is not one of the viewer's accounts or "
        "does not exist."
    ),
):
    """Raised when the viewer may not act on the given account.

    Raised by updateAccountBillingEmail, updateCommsDeliveryPreference, createAccountReference,
    updateAccountReference, amendPayment, addCampaignToAccount, createContributionAgreement and
    endContributionAgreement.
    """


# every mutation whose seed lists no validation code that fits an over-long input
class InputInvalid(
    KrakenError,
    code="KT-CT-4321",
    type=ErrorType.VALIDATION,
    message="Serializer validation error.",
    description=(
        "An input value is not valid for its field, for example longer than the field allows; validationErrors "
        "names each such field (inputPath) and what is wrong with it."
    ),
):
    """Raised when an input breaks a rule of its field, by a mutation with no validation code of its own that fits.

    Kraken's generic input validation code (its public schemas list it on many unrelated mutations);
    the gate raises it for an input longer than its bound (api/bounds.py).
    """
