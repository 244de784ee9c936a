"""The identity context's mutations about the account user's own details: checks, emails, names, LINE."""

from __future__ import annotations

import strawberry

from api.identity.inputs import (
    LinkUserToLineInput,
    RegisterEmailInput,
    UpdateAccountUserMutationInput,
    UpdateBlackholeEmailInput,
    UpdateUserInput,
    VerifyIdentityFallbackInput,
    VerifyIdentityInput,
)
from api.identity.types import (
    LinkUserToLineResponse,
    RegisterEmail,
    UnlinkUserFromLineResponse,
    UpdateAccountUserMutationPayload,
    UpdateBlackholeEmail,
    UpdateUserMutation,
    VerifyIdentity,
    VerifyIdentityFallback,
)
from api.mutation import pending_mutation
from domain.identity.errors import (
    BlackholeEmailUpdateInvalid,
    IdentityDetailsMismatch,
    PasswordResetEmailNotSent,
    RegistrationAccountNotFound,
    UserAlreadyHasEmail,
    UserDetailsInvalid,
    UserEmailAlreadyInUse,
)
from domain.shared.catalogue import (
    AuthorizationHeaderMissing,
    FieldDisabled,
    Unauthorized,
)


@strawberry.type
class ProfileMutations:
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

    link_user_to_line = pending_mutation(
        args={"input": LinkUserToLineInput},
        payload=LinkUserToLineResponse,
        errors=(),
        auth=False,
        description="Link an account user and line user together.",
    )

    unlink_user_from_line = pending_mutation(
        args={},
        payload=UnlinkUserFromLineResponse,
        errors=(),
        auth=False,
        description="Unlink an account user and line together.",
    )
