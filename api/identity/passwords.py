"""The identity context's mutations about passwords: requesting and using reset tokens, and changing passwords."""

from __future__ import annotations

import strawberry

from api.identity.inputs import (
    RequestPasswordResetInput,
    ResetPasswordMutationInput,
    ResetUserPasswordInput,
    UpdateEmailAndPasswordInput,
    UpdatePasswordInput,
)
from api.identity.types import (
    RequestPasswordResetOutputType,
    ResetPasswordMutationPayload,
    ResetUserPasswordOutput,
    UpdateEmailAndPassword,
    UpdatePassword,
)
from api.mutation import pending_mutation
from domain.identity.errors import (
    PasswordResetEmailNotSent,
    PasswordResetRequestInvalid,
    PasswordResetTokenInvalid,
    UserDetailsInvalid,
    UserEmailAlreadyInUse,
)
from domain.shared.catalogue import (
    AuthorizationHeaderMissing,
    FieldDisabled,
    PasswordInvalid,
    PermissionDenied,
    Unauthorized,
)


@strawberry.type
class PasswordMutations:
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

    update_password = pending_mutation(
        args={"input": UpdatePasswordInput | None},
        payload=UpdatePassword | None,
        errors=(),
        auth=False,
        description="Update password of the authenticated user",
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
