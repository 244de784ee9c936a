"""The identity context's mutations: declarations, and resolvers once implemented."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import (
    ForceReauthenticationInput,
    InvalidatePreSignedTokenInput,
    LinkUserToLineInput,
    ObtainJSONWebTokenInput,
    RegisterEmailInput,
    RequestPasswordResetInput,
    ResetPasswordMutationInput,
    ResetUserPasswordInput,
    SendOneTimeLoginEmailInput,
    UpdateAccountUserMutationInput,
    UpdateBlackholeEmailInput,
    UpdateEmailAndPasswordInput,
    UpdatePasswordInput,
    UpdateUserInput,
    VerifyIdentityFallbackInput,
    VerifyIdentityInput,
)
from api.identity.types import (
    ExpiringTokenScope,
    ForceReauthentication,
    InvalidatePreSignedToken,
    LinkUserToLineResponse,
    MasqueradeAuthentication,
    ObtainKrakenJSONWebToken,
    PreSignedToken,
    RegenerateSecretKey,
    RegisterEmail,
    RequestPasswordResetOutputType,
    ResetPasswordMutationPayload,
    ResetUserPasswordOutput,
    SendOneTimeLoginEmail,
    UnlinkUserFromLineResponse,
    UpdateAccountUserMutationPayload,
    UpdateBlackholeEmail,
    UpdateEmailAndPassword,
    UpdatePassword,
    UpdateUserMutation,
    VerifyIdentity,
    VerifyIdentityFallback,
)
from api.mutation import kraken_mutation, pending_mutation
from api.scalars import GenericScalar
from domain.identity import commands
from domain.identity.errors import (
    BlackholeEmailUpdateInvalid,
    IdentityDetailsMismatch,
    PasswordResetEmailNotSent,
    PasswordResetRequestInvalid,
    PasswordResetTokenInvalid,
    PreSignedTokenAccessDenied,
    RefreshTokenExpired,
    RefreshTokenInvalid,
    RegistrationAccountNotFound,
    UserAlreadyHasEmail,
    UserDetailsInvalid,
    UserEmailAlreadyInUse,
)
from domain.shared.catalogue import (
    AuthorizationHeaderMissing,
    EmailInvalid,
    FieldDisabled,
    InvalidCredentials,
    PasswordInvalid,
    PermissionDenied,
    TooManyOperations,
    TooManyRequests,
    Unauthorized,
)


@strawberry.type
class IdentityMutations:
    @kraken_mutation(
        errors=(),
        auth=True,
        description="Force users of Kraken Tokens and refresh tokens issued to the viewer to reauthenticate. Calling this mutation will cause all Kraken Tokens and refresh tokens issued to the authenticated viewer before the mutation was called to become invalid.",
    )
    async def force_reauthentication(
        self, info: strawberry.Info[RequestContext, None], input: ForceReauthenticationInput
    ) -> ForceReauthentication | None:
        viewer = await info.context.viewer()
        command = commands.ForceReauthentication(user_id=viewer.id, include_third_parties=input.include_third_parties)
        effective_at = await info.context.call(info.context.contexts.identity.force_reauthentication, command)
        return ForceReauthentication(tokens_invalidated=True, effective_at=effective_at)

    @kraken_mutation(
        errors=(PreSignedTokenAccessDenied, FieldDisabled),
        auth=False,
        description="Invalidate a previously-issued pre-signed token.",
    )
    async def invalidate_pre_signed_token(
        self, info: strawberry.Info[RequestContext, None], input: InvalidatePreSignedTokenInput
    ) -> InvalidatePreSignedToken | None:
        command = commands.InvalidatePreSignedToken(token=input.token)
        scope = await info.context.call(info.context.contexts.identity.invalidate_pre_signed_token, command)
        return InvalidatePreSignedToken(
            token=PreSignedToken(key=input.token, scope=ExpiringTokenScope(scope), is_valid=False)
        )

    link_user_to_line = pending_mutation(
        args={"input": LinkUserToLineInput},
        payload=LinkUserToLineResponse,
        errors=(),
        auth=False,
        description="Link an account user and line user together.",
    )

    masquerade_authentication = pending_mutation(
        args={"masqueradeToken": str, "userId": str},
        payload=MasqueradeAuthentication | None,
        errors=(),
        auth=False,
        description="Provide a temporary token to get an auth token. This is intended to allow support users to view customer data through the brand interface.",
    )

    @kraken_mutation(
        errors=(
            RefreshTokenInvalid,
            RefreshTokenExpired,
            FieldDisabled,
            InvalidCredentials,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=False,
        description="Create a Kraken Token (JWT) for authentication. Provide the required input fields to obtain the token. The token should be used as the Authorization header for any authenticated requests.",
    )
    async def obtain_kraken_token(
        self, info: strawberry.Info[RequestContext, None], input: ObtainJSONWebTokenInput
    ) -> ObtainKrakenJSONWebToken | None:
        command = commands.ObtainKrakenToken(
            client=info.context.client,
            email=input.email or None,
            password=input.password or None,
            api_key=input.api_key or None,
            refresh_token=input.refresh_token or None,
            pre_signed_key=input.pre_signed_key or None,
            organization_secret_key=input.organization_secret_key or None,
        )
        issued = await info.context.call(info.context.contexts.identity.obtain_kraken_token, command)
        return ObtainKrakenJSONWebToken(
            token=issued.token,
            payload=GenericScalar(issued.payload),
            refresh_token=issued.refresh_token,
            refresh_expires_in=issued.refresh_expires_at,
        )

    regenerate_secret_key = pending_mutation(
        args={},
        payload=RegenerateSecretKey | None,
        errors=(),
        auth=False,
        description="Regenerate the live secret key for the authenticated user.",
    )

    register_email = pending_mutation(
        args={"input": RegisterEmailInput},
        payload=RegisterEmail | None,
        errors=(
            UserAlreadyHasEmail,
            BlackholeEmailUpdateInvalid,
            PasswordResetEmailNotSent,
            RegistrationAccountNotFound,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Registers the email of a user in the registration journey who currently has a placeholder (blackhole) email.",
    )

    request_password_reset = pending_mutation(
        args={"input": RequestPasswordResetInput},
        payload=RequestPasswordResetOutputType | None,
        errors=(PasswordResetEmailNotSent, PasswordResetRequestInvalid, FieldDisabled),
        auth=False,
        description="Provide the email address of an account user to send them an email with instructions on how to reset their password.",
    )

    reset_password = pending_mutation(
        args={"input": ResetPasswordMutationInput},
        payload=ResetPasswordMutationPayload | None,
        errors=(),
        auth=False,
        description="Reset the password of an account user indicated by the userId to the value supplied.",
        deprecation_reason="The 'resetPassword' field is deprecated. Please use `resetUserPassword` instead.",
    )

    reset_user_password = pending_mutation(
        args={"input": ResetUserPasswordInput},
        payload=ResetUserPasswordOutput | None,
        errors=(PasswordResetTokenInvalid, PermissionDenied, PasswordInvalid, FieldDisabled),
        auth=False,
        description='Reset the password of an account user. Raises KT-CT-5450 if password validation fails. Inspect the validationErrors extension to get the exact validation error: json { "data": {"resetUserPassword": null}, "errors": [ { "message": "Password is invalid.", "path": ["resetUserPassword"], "extensions": { "errorType": "VALIDATION", "errorCode": "KT-CT-5450", "errorDescription": "Given password fails password policy requirements.", "validationErrors": [ { "code": "password_too_short", "message": "This password is too short. It must contain at least 7 characters.", "inputPath": ["input", "password"] }, { "code": "password_too_common", "message": "This password is too common.", "inputPath": ["input", "password"] } ] } } ] } The validation error\'s code can be any of - password_too_short - password_too_common - password_reused - password_matches_current - password_has_too_few_numeric_characters - password_has_too_few_special_characters - password_has_too_few_lowercase_characters - password_has_too_few_uppercase_characters - password_contains_account_number - password_contains_part_of_email_address',
    )

    @kraken_mutation(
        errors=(EmailInvalid, FieldDisabled, TooManyRequests),
        auth=False,
        description="Send a pre-signed token email to log in to consumer site.",
    )
    async def send_pre_signed_token_email(
        self, info: strawberry.Info[RequestContext, None], input: SendOneTimeLoginEmailInput
    ) -> SendOneTimeLoginEmail | None:
        command = commands.SendPreSignedTokenEmail(
            client=info.context.client, email=input.email, scope=input.scope.value
        )
        # The key's Issued event is the outbox: the relay hands it to the identity worker, which
        # sends the email and retries until the mail server takes it.
        await info.context.call(info.context.contexts.identity.send_pre_signed_token_email, command)
        # The same answer whether or not the email is registered, so that it reveals nothing.
        return SendOneTimeLoginEmail(status="SENT")

    unlink_user_from_line = pending_mutation(
        args={},
        payload=UnlinkUserFromLineResponse,
        errors=(),
        auth=False,
        description="Unlink an account user and line together.",
    )

    update_blackhole_email = pending_mutation(
        args={"input": UpdateBlackholeEmailInput},
        payload=UpdateBlackholeEmail | None,
        errors=(
            UserAlreadyHasEmail,
            BlackholeEmailUpdateInvalid,
            PasswordResetEmailNotSent,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Update the email address of an account user that currently has a blackhole email.",
    )

    update_email_and_password = pending_mutation(
        args={"input": UpdateEmailAndPasswordInput},
        payload=UpdateEmailAndPassword | None,
        errors=(
            UserDetailsInvalid,
            UserEmailAlreadyInUse,
            PasswordInvalid,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Update the email address and password of an account user.",
    )

    update_password = pending_mutation(
        args={"input": UpdatePasswordInput | None},
        payload=UpdatePassword | None,
        errors=(),
        auth=False,
        description="Update password of the authenticated user",
    )

    update_user = pending_mutation(
        args={"input": UpdateUserInput},
        payload=UpdateUserMutation | None,
        errors=(UserDetailsInvalid, UserEmailAlreadyInUse, FieldDisabled, Unauthorized, AuthorizationHeaderMissing),
        auth=True,
        description="Update the account user details of the authenticated user. Only one name field can be updated per day, other fields can be updated freely. This prevents users from switching accounts to someone else (usually when moving homes). All account changes should be handled by operations or the move out journey. New customers are exempt from this rule for the first 31 days.",
    )

    update_user_details = pending_mutation(
        args={"input": UpdateAccountUserMutationInput},
        payload=UpdateAccountUserMutationPayload | None,
        errors=(),
        auth=False,
        description="DEPRECATED: Please use updateUser instead Update the account user details of the authenticated user. Only one field can be updated per day. This prevents users from switching accounts to someone else (usually when moving homes) All account changes should be handled by operations or the move out journey. New customers are exempt from this rule for the first 31 days.",
        deprecation_reason="The 'updateUserDetails' field is deprecated. Please use `updateUser` instead.",
    )

    verify_identity = pending_mutation(
        args={"input": VerifyIdentityInput},
        payload=VerifyIdentity | None,
        errors=(IdentityDetailsMismatch, FieldDisabled),
        auth=False,
        description="Provide identifying information about an account and user to get a scoped token that will permit access to associate an email address with the account\u2019s user.",
    )

    verify_identity_fallback = pending_mutation(
        args={"input": VerifyIdentityFallbackInput},
        payload=VerifyIdentityFallback | None,
        errors=(IdentityDetailsMismatch, FieldDisabled),
        auth=False,
        description="Verify the identity of a user by checking their family name, first line of address and postcode. This is a fallback mutation that should only be used if the user does not have an account number or account user ID.",
    )
