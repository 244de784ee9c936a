"""GraphQL input types of the identity context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime

import strawberry

from api.bounds import (
    ACCOUNT_NUMBER,
    ADDRESS_LINE,
    CLIENT_MUTATION_ID,
    EMAIL,
    FULL_NAME,
    MFA_CODE,
    NAME,
    PASSWORD,
    PHONE,
    POSTCODE,
    PRONOUNS,
    REFRESH_TOKEN,
    TITLE,
    TOKEN,
    USER_ID,
    bounded,
)
from api.identity.types import ExpiringTokenScope, MFAMethodChoices
from domain.identity.erasure import REASON_MAX_CHARS


@strawberry.input
class CreateMfaDeviceInputType:
    mfa_method: MFAMethodChoices = strawberry.field(description="MFA enrolment method.")


@strawberry.input
class DeleteMfaDeviceInputType:
    mfa_method: MFAMethodChoices = strawberry.field(description="MFA method.")


@strawberry.input(description="The input type for repudiating previously issued Kraken Tokens and refresh tokens.")
class ForceReauthenticationInput:
    include_third_parties: bool = strawberry.field(
        description="Also force third-party applications you have authorized to use your account to reauthenticate."
    )


@strawberry.input(description="Input type for the InvalidatePreSignedToken mutation.")
class InvalidatePreSignedTokenInput:
    token: str = strawberry.field(metadata=TOKEN)


@strawberry.input(description="Link an AccountUser to a LINE account.")
class LinkUserToLineInput:
    link_token: str = strawberry.field(metadata=TOKEN)


@strawberry.input(description="The input type for obtaining a Kraken Token (JWT).")
class ObtainJSONWebTokenInput:
    email: str | None = strawberry.field(
        description="Email address of the account user.", default=strawberry.UNSET, metadata=EMAIL
    )
    password: str | None = strawberry.field(
        description="Password of the account user.", default=strawberry.UNSET, metadata=PASSWORD
    )
    api_key: str | None = strawberry.field(
        name="APIKey", description="API key of the account user.", default=strawberry.UNSET, metadata=TOKEN
    )
    organization_secret_key: str | None = strawberry.field(
        description="Live secret key of an third-party organization.", default=strawberry.UNSET, metadata=TOKEN
    )
    pre_signed_key: str | None = strawberry.field(
        description="Short-lived, temporary key (that's pre-signed).", default=strawberry.UNSET, metadata=TOKEN
    )
    refresh_token: str | None = strawberry.field(
        description="The refresh token that can be used to extend the expiry claim of a Kraken token.",
        default=strawberry.UNSET,
        metadata=REFRESH_TOKEN,
    )
    mfa_token: str | None = strawberry.field(
        description=(
            "With email and password, when the user has an enabled MFA device: a code from the authenticator app, "
            "or the code sent by email or SMS (a password login without it sends one and answers KT-CT-1138)."
        ),
        default=strawberry.UNSET,
        metadata=MFA_CODE,
    )


@strawberry.input(
    description="Input fields for registering the email of the authenticated account user, who currently has a placeholder (blackhole) email."
)
class RegisterEmailInput:
    account_number: str = strawberry.field(
        description="The number of the account the user belongs to (KT-CT-10006 if not found).",
        metadata=ACCOUNT_NUMBER,
    )
    email: str = strawberry.field(description="The email address to register for the user.", metadata=EMAIL)


@strawberry.input(description="Input type for the RequestPasswordReset mutation.")
class RequestPasswordResetInput:
    email: str = strawberry.field(description="The email requesting a password reset email.", metadata=EMAIL)


@strawberry.input
class ResetPasswordMutationInput:
    password: str = strawberry.field(metadata=PASSWORD)
    user_id: str = strawberry.field(metadata=USER_ID)
    token: str = strawberry.field(metadata=TOKEN)
    client_mutation_id: str | None = strawberry.field(default=strawberry.UNSET, metadata=CLIENT_MUTATION_ID)


@strawberry.input
class ResetUserPasswordInput:
    new_password: str = strawberry.field(description="The new password.", metadata=PASSWORD)
    user_id: str = strawberry.field(
        description="A base64 bytestring representing the user's unique id.", metadata=USER_ID
    )
    token: str = strawberry.field(description="The token from the presigned url.", metadata=TOKEN)


@strawberry.input(description="Input fields for sending a one-time login (pre-signed token) email.")
class SendOneTimeLoginEmailInput:
    email: str = strawberry.field(
        description="The email address of the account user to send the login link to (KT-CT-4122 if invalid).",
        metadata=EMAIL,
    )
    scope: ExpiringTokenScope = strawberry.field(
        description="What the pre-signed key in the email lets its user do: the Kraken Token it is exchanged for (once, with obtainKrakenToken's preSignedKey) carries this scope."
    )


@strawberry.input
class UpdateAccountUserMutationInput:
    given_name: str | None = strawberry.field(default=strawberry.UNSET, metadata=NAME)
    family_name: str | None = strawberry.field(default=strawberry.UNSET, metadata=NAME)
    pronouns: str | None = strawberry.field(default=strawberry.UNSET, metadata=PRONOUNS)
    mobile: str | None = strawberry.field(default=strawberry.UNSET, metadata=PHONE)
    email: str | None = strawberry.field(default=strawberry.UNSET, metadata=EMAIL)
    date_of_birth: datetime.date | None = strawberry.field(default=strawberry.UNSET)
    landline: str | None = strawberry.field(default=strawberry.UNSET, metadata=PHONE)
    client_mutation_id: str | None = strawberry.field(default=strawberry.UNSET, metadata=CLIENT_MUTATION_ID)


@strawberry.input(
    description="Input fields for replacing the blackhole email of the authenticated account user (authorised by a token with the UPDATE_BLACKHOLE_EMAIL scope, e.g. from verifyIdentity)."
)
class UpdateBlackholeEmailInput:
    email: str = strawberry.field(description="The new email address of the account user.", metadata=EMAIL)


@strawberry.input(
    description="Input fields to update the email address and password of the authenticated account user."
)
class UpdateEmailAndPasswordInput:
    email: str = strawberry.field(description="The new email address of the account user.", metadata=EMAIL)
    password: str = strawberry.field(
        description="The new password; it must satisfy the password rules (KT-CT-5450 otherwise).", metadata=PASSWORD
    )
    current_password: str = strawberry.field(
        description="The account user's current password: changing the email address and password needs it as well as the Kraken Token (KT-CT-5450 with code password_incorrect otherwise).",
        metadata=PASSWORD,
    )


@strawberry.input
class UpdatePasswordInput:
    old_password: str = strawberry.field(description="Old password", metadata=PASSWORD)
    new_password: str = strawberry.field(description="New password", metadata=PASSWORD)
    new_password_confirmed: str = strawberry.field(description="Confirm new password", metadata=PASSWORD)


@strawberry.input
class UpdateUserInput:
    given_name: str | None = strawberry.field(default=strawberry.UNSET, metadata=NAME)
    family_name: str | None = strawberry.field(default=strawberry.UNSET, metadata=NAME)
    pronouns: str | None = strawberry.field(
        description="How the user would like us to address them (e.g.", default=strawberry.UNSET, metadata=PRONOUNS
    )
    email: str | None = strawberry.field(default=strawberry.UNSET, metadata=EMAIL)
    mobile: str | None = strawberry.field(
        description="Because this field is clearable, null and the empty string are treated differently; passing null or omitting the field leaves the value a...",
        default=strawberry.UNSET,
        metadata=PHONE,
    )
    date_of_birth: datetime.date | None = strawberry.field(default=strawberry.UNSET)
    landline: str | None = strawberry.field(
        description="Because this field is clearable, null and the empty string are treated differently; passing null or omitting the field leaves the value a...",
        default=strawberry.UNSET,
        metadata=PHONE,
    )
    user_id: str | None = strawberry.field(
        description="The user for whom to perform the update.", default=strawberry.UNSET, metadata=USER_ID
    )
    title: str | None = strawberry.field(description="The user's title.", default=strawberry.UNSET, metadata=TITLE)


@strawberry.input
class ValidateMfaDeviceInputType:
    mfa_method: MFAMethodChoices = strawberry.field(description="MFA method.")
    token: str = strawberry.field(description="Token sent to the user via the MFA method.", metadata=MFA_CODE)


@strawberry.input(
    description="Details about the user to be verified when they have neither an account number nor an account user ID."
)
class VerifyIdentityFallbackInput:
    family_name: str = strawberry.field(description="The user's family name.", metadata=NAME)
    first_line_of_address: str = strawberry.field(
        description="The first line of the user's address (the supply property address or the billing address on the account).",
        metadata=ADDRESS_LINE,
    )
    postcode: str = strawberry.field(
        description="The user's postcode (of the supply property address or of the billing address on the account).",
        metadata=POSTCODE,
    )


@strawberry.input
class VerifyIdentityInput:
    account_number: str = strawberry.field(
        description="The number of the account belonging to the user (e.g.", metadata=ACCOUNT_NUMBER
    )
    full_name: str = strawberry.field(description="The user's full name.", metadata=FULL_NAME)
    first_line_of_address: str = strawberry.field(
        description="The first line of the user's address (this could be the energy supply property address or the billing address on the account).",
        metadata=ADDRESS_LINE,
    )
    postcode: str = strawberry.field(
        description="The user's postcode (this could be the postcode of the energy supply property address or of the billing address on the account).",
        metadata=POSTCODE,
    )


@strawberry.input(description="Input type for the EraseAccountUser mutation (support staff only).")
class EraseAccountUserInput:
    user_id: strawberry.ID = strawberry.field(metadata=USER_ID, description="The id of the account user to erase.")
    reason: str | None = strawberry.field(
        default=None,
        metadata=bounded(REASON_MAX_CHARS),
        description="Why the user is erased (kept in the audit trail: it must name no personal data).",
    )
