"""GraphQL output types (payloads, objects, enums, unions) of the identity context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry

from api.possible_errors import KrakenPayload
from api.scalars import GenericScalar
from api.shared.types import AccountUserType, SerializerFieldErrorsType
from domain.identity.user import User


@strawberry.type
class AlreadyLinkedError:
    type: LineLinkErrorType = strawberry.field(description="The type of error that occurred.")


@strawberry.type(description="Details of the account of an account user updating their blackhole email.")
class BlackholeEmailAccountType:
    number: str = strawberry.field(description="The account number.")
    billing_email: str | None = strawberry.field(
        description="The account's billing email, updated along with the user's email.", default=None
    )


@strawberry.type(description="Details of an account user who has updated their blackhole email.")
class BlackholeEmailAccountUserType:
    id: strawberry.ID = strawberry.field(description="The ID of the account user.")
    email: str = strawberry.field(description="The account user's new email address.")

    @classmethod
    def of(cls, user: User) -> BlackholeEmailAccountUserType:
        return cls(id=strawberry.ID(str(user.id)), email=user.email)


@strawberry.type
class CreateMfaDevice(KrakenPayload):
    device_email: str | None = strawberry.field(
        description="Email address to send the MFA code by default.", default=None
    )
    device_phone: str | None = strawberry.field(
        description="Phone number to send the MFA code by default.", default=None
    )
    totp_secret: str | None = strawberry.field(
        description="Secret to setup Time-based One-Time Passwords (TOTP) in your authenticator or password manager manually.",
        default=None,
    )


@strawberry.type
class DeleteMfaDevice(KrakenPayload):
    device_deleted: bool | None = strawberry.field(default=None)


@strawberry.type
class ErrorType:
    field: str
    messages: list[str]


@strawberry.enum
class ExpiringTokenScope(Enum):
    SUBMIT_METER_READINGS = "SUBMIT_METER_READINGS"
    SUBMIT_CUSTOMER_FEEDBACK = "SUBMIT_CUSTOMER_FEEDBACK"
    BOOK_SMART_METER_APPOINTMENTS = "BOOK_SMART_METER_APPOINTMENTS"
    EDIT_CUSTOMER_MARKETING_PREFERENCE = "EDIT_CUSTOMER_MARKETING_PREFERENCE"
    JOIN_CAMPAIGNS = "JOIN_CAMPAIGNS"
    JOIN_CAMPAIGN_EVENTS = "JOIN_CAMPAIGN_EVENTS"
    VIEW_CAMPAIGN_DASHBOARDS = "VIEW_CAMPAIGN_DASHBOARDS"
    VIEW_DETAILED_USAGE = "VIEW_DETAILED_USAGE"
    REDEEM_LOYALTY_POINTS = "REDEEM_LOYALTY_POINTS"
    MANAGE_ACCOUNT_RENEWALS = "MANAGE_ACCOUNT_RENEWALS"
    CHECKOUT_QUOTE = "CHECKOUT_QUOTE"
    UPDATE_BLACKHOLE_EMAIL = "UPDATE_BLACKHOLE_EMAIL"
    UPDATE_SENSITIVE_CUSTOMER_INFORMATION = "UPDATE_SENSITIVE_CUSTOMER_INFORMATION"
    MANAGE_GOODS_PURCHASES = "MANAGE_GOODS_PURCHASES"
    REPORT_MOVE_OUT = "REPORT_MOVE_OUT"
    ACCEPT_TERMS_AND_CONDITIONS = "ACCEPT_TERMS_AND_CONDITIONS"
    MANAGE_PRODUCT_SWITCH = "MANAGE_PRODUCT_SWITCH"
    MANAGE_BUSINESS_SECURITY_DEPOSIT = "MANAGE_BUSINESS_SECURITY_DEPOSIT"


@strawberry.type
class ForceReauthentication:
    tokens_invalidated: bool = strawberry.field(description="Reports whether the mutation applied successfully.")
    effective_at: datetime.datetime = strawberry.field(
        description="The time at which forced reauthentication is effective."
    )


@strawberry.type
class InvalidatePreSignedToken(KrakenPayload):
    token: PreSignedToken | None = strawberry.field(default=None)


@strawberry.type
class LineCommonError:
    message: str = strawberry.field(description="The error message to display to the user.")
    field: str | None = strawberry.field(
        description="The field that for which this error should be associated", default=None
    )


@strawberry.enum
class LineLinkErrorType(Enum):
    NO_MATCHING_LINE_LINK = "NO_MATCHING_LINE_LINK"
    ALREADY_LINKED = "ALREADY_LINKED"


@strawberry.type
class LineLinkRedirectResponse:
    redirect_url: str


@strawberry.type
class LineUnlinkedResponse:
    message: str


@strawberry.type
class LinkTokenNotFound:
    type: LineLinkErrorType = strawberry.field(description="The type of error that occurred.")


@strawberry.enum(description="MFA enrolment method choices.")
class MFAMethodChoices(Enum):
    EMAIL = "EMAIL"
    TOTP = "TOTP"
    SMS = "SMS"


@strawberry.type
class MasqueradeAuthentication:
    token: str | None = strawberry.field(
        description="A Kraken Token that can be used to authenticate to the API, masquerading as the desired user.",
        default=None,
    )
    errors: list[ErrorType | None] | None = strawberry.field(
        description="A list of any errors that occurred while running this mutation.", default=None
    )


@strawberry.type
class ObtainKrakenJSONWebToken(KrakenPayload):
    token: str = strawberry.field(description="The Kraken Token.")
    payload: GenericScalar = strawberry.field(description="The body payload of the Kraken Token.")
    refresh_token: str | None = strawberry.field(
        description="A token that can be used in a subsequent call to `obtainKrakenToken` to get a new Kraken Token with the same access conditions after the ...",
        default=None,
    )
    refresh_expires_in: int | None = strawberry.field(
        description="A Unix timestamp representing the point in time at which the refresh token will expire.",
        default=None,
    )


@strawberry.type
class PreSignedToken:
    key: str
    scope: ExpiringTokenScope = strawberry.field(description="The scope that the token will grant to the account user.")
    is_valid: bool | None = strawberry.field(default=None)


@strawberry.type
class RegenerateSecretKey:
    viewer: AccountUserType | None = strawberry.field(description="The currently authenticated user.", default=None)
    key: str


@strawberry.type
class RegisterEmail(KrakenPayload):
    blackhole_email_account_user: BlackholeEmailAccountUserType | None = strawberry.field(
        description="Details of an account user who has updated their blackhole email.", default=None
    )


@strawberry.type
class RequestPasswordResetOutputType:
    email: str | None = strawberry.field(description="The email that requested a password reset email.", default=None)


@strawberry.type
class ResetPasswordMutationPayload:
    errors: list[SerializerFieldErrorsType | None] | None = strawberry.field(default=None)
    client_mutation_id: str | None = strawberry.field(default=None)


@strawberry.type
class ResetUserPasswordOutput:
    password_updated: bool | None = strawberry.field(
        description="True if the password update was successful, false otherwise.", default=None
    )
    failure_reasons: list[str | None] | None = strawberry.field(
        description="A list of which password validations the new password failed against if applicable.", default=None
    )
    user_id: strawberry.ID
    failure_codes: list[str | None] | None = strawberry.field(default=None)


@strawberry.type
class SendOneTimeLoginEmail(KrakenPayload):
    status: str | None = strawberry.field(description="The result of the operation.", default=None)


@strawberry.type
class UpdateAccountUserMutationPayload:
    given_name: str | None = strawberry.field(default=None)
    family_name: str | None = strawberry.field(default=None)
    pronouns: str | None = strawberry.field(default=None)
    mobile: str | None = strawberry.field(default=None)
    email: str | None = strawberry.field(default=None)
    date_of_birth: datetime.date | None = strawberry.field(default=None)
    landline: str | None = strawberry.field(default=None)
    errors: list[ErrorType | None] | None = strawberry.field(default=None)
    client_mutation_id: str | None = strawberry.field(default=None)


@strawberry.type
class UpdateBlackholeEmail(KrakenPayload):
    blackhole_email_account_user: BlackholeEmailAccountUserType | None = strawberry.field(
        description="Details of an account user who has updated their blackhole email.", default=None
    )
    blackhole_email_account: BlackholeEmailAccountType | None = strawberry.field(
        description="Details of an account of an account user updating their blackhole email.", default=None
    )


@strawberry.type
class UpdateEmailAndPassword(KrakenPayload):
    success: bool | None = strawberry.field(description="Whether the sign up was successful.", default=None)


@strawberry.type
class UpdatePassword:
    viewer: AccountUserType | None = strawberry.field(description="The currently authenticated user.", default=None)


@strawberry.type
class UpdateUserMutation(KrakenPayload):
    viewer: AccountUserType | None = strawberry.field(default=None)


@strawberry.type
class ValidateMfaDevice(KrakenPayload):
    device_is_valid: bool | None = strawberry.field(default=None)


@strawberry.type
class VerifyIdentity(KrakenPayload):
    token: str = strawberry.field(
        description="An expiring token that can be used to request to update the user's email address."
    )


@strawberry.type
class VerifyIdentityFallback(KrakenPayload):
    token: str = strawberry.field(
        description="An expiring token that can be used to request to update the user's email address."
    )


LinkUserToLineResponse = Annotated[
    LineLinkRedirectResponse | LinkTokenNotFound | AlreadyLinkedError, strawberry.union(name="LinkUserToLineResponse")
]


UnlinkUserFromLineResponse = Annotated[
    LineUnlinkedResponse | LinkTokenNotFound | LineCommonError, strawberry.union(name="UnlinkUserFromLineResponse")
]


def viewer_of(user: User) -> AccountUserType:
    """A payload's viewer, fresh from the aggregate the mutation just changed."""
    return AccountUserType(
        id=strawberry.ID(str(user.id)),
        given_name=user.given_name,
        family_name=user.family_name,
        email=user.email,
        mobile=user.mobile,
        landline=user.landline,
        title=user.title or None,
        pronouns=user.pronouns or None,
        date_of_birth=user.date_of_birth,
        is_deceased=False,
        full_name=f"{user.given_name} {user.family_name}",
    )


@strawberry.type(description="The outcome of erasing an account user's personal data.")
class EraseAccountUser(KrakenPayload):
    user_id: strawberry.ID = strawberry.field(description="The id of the erased account user.")
    erased_at: datetime.datetime = strawberry.field(description="When the erasure took effect.")
    already_erased: bool = strawberry.field(
        description="True when the user had been erased before: nothing changed this time."
    )
