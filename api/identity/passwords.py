"""The identity context's mutations about passwords: requesting and using reset tokens, and changing passwords."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry

from api.context import RequestContext, token_of
from api.identity.inputs import (
    RequestPasswordResetInput,
    ResetPasswordMutationInput,
    ResetUserPasswordInput,
    UpdateEmailAndPasswordInput,
    UpdatePasswordInput,
)
from api.identity.profile import account_user
from api.identity.types import (
    RequestPasswordResetOutputType,
    ResetPasswordMutationPayload,
    ResetUserPasswordOutput,
    UpdateEmailAndPassword,
    UpdatePassword,
)
from api.mutation import kraken_mutation
from api.shared.types import SerializerFieldErrorsType
from domain.identity import commands
from domain.identity.errors import (
    PasswordResetEmailNotSent,
    PasswordResetRequestInvalid,
    PasswordResetTokenInvalid,
    UserDetailsInvalid,
    UserEmailAlreadyInUse,
)
from domain.identity.organisation import Organisation
from domain.shared.catalogue import (
    InputInvalid,
    PasswordInvalid,
    PermissionDenied,
    TokenExpired,
    TooManyOperations,
    TooManyRequests,
    Unauthorized,
)
from domain.shared.errors import FieldProblem

# Requesting any of these deprecated fields turns KT-CT-5450 into a payload (the seed's own rule).
_DEPRECATED_FAILURE_FIELDS = frozenset({"passwordUpdated", "failureReasons", "failureCodes"})


def _selected_names(selections: Iterable[Any]) -> set[str]:
    """The field names selected, looking through fragments (named and inline)."""
    names: set[str] = set()
    for selection in selections:
        name = getattr(selection, "name", None)
        if type(selection).__name__ == "SelectedField" and name is not None:
            names.add(name)
        else:
            names |= _selected_names(getattr(selection, "selections", ()))
    return names


async def _refuse_delegated_tokens(info: strawberry.Info[RequestContext, None]) -> None:
    """KT-CT-1132 when the request's token is not the user's own full login.

    A password reset needs no login, but a token that only borrows a user's identity must not set
    one: a scoped (pre-signed) token, a support member masquerading, or an organisation.
    A header that does not authenticate is ignored: the reset link alone is the proof.
    """
    if not token_of(info.context.authorization):
        return
    try:
        principal = await info.context.authenticate()
    except (Unauthorized, TokenExpired):
        return
    if principal.staff_id is not None or isinstance(principal.viewer, Organisation):
        raise PermissionDenied("A password can only be reset by the user, not on their behalf.")


@strawberry.type
class PasswordMutations:
    @kraken_mutation(
        errors=(
            PasswordResetEmailNotSent,
            PasswordResetRequestInvalid,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=False,
        invalid=PasswordResetRequestInvalid,
        description="Provide the email address of an account user to send them an email with instructions on how to reset their password.",
    )
    async def request_password_reset(
        self, info: strawberry.Info[RequestContext, None], input: RequestPasswordResetInput
    ) -> RequestPasswordResetOutputType | None:
        command = commands.RequestPasswordReset(client=info.context.client, email=input.email)
        # The reset's Requested event is the outbox: the relay hands it to the passwords worker,
        # which emails the link and retries until the mail server takes it.
        await info.context.call(info.context.contexts.identity.request_password_reset, command)
        # The same answer whether or not the email is registered, so that it reveals nothing.
        return RequestPasswordResetOutputType(email=input.email)

    @kraken_mutation(
        errors=(TooManyRequests, TooManyOperations),
        auth=False,
        # The seed lists no codes for it (it reports refusals by field in `errors`): Kraken's generic one.
        invalid=InputInvalid,
        description="Reset the password of an account user indicated by the userId to the value supplied.",
        deprecation_reason="The 'resetPassword' field is deprecated. Please use `resetUserPassword` instead.",
    )
    async def reset_password(
        self, info: strawberry.Info[RequestContext, None], input: ResetPasswordMutationInput
    ) -> ResetPasswordMutationPayload | None:
        # The deprecated serializer mutation: the same rules as resetUserPassword, but a refused
        # link or password is reported in `errors` (by input field) rather than raised.
        command = commands.ResetUserPassword(
            client=info.context.client, user_id=input.user_id, token=input.token, new_password=input.password
        )
        client_mutation_id = input.client_mutation_id or None
        try:
            await info.context.call(info.context.contexts.identity.reset_user_password, command)
        except PasswordResetTokenInvalid:
            return ResetPasswordMutationPayload(
                errors=[SerializerFieldErrorsType(field="token")], client_mutation_id=client_mutation_id
            )
        except PasswordInvalid:
            return ResetPasswordMutationPayload(
                errors=[SerializerFieldErrorsType(field="password")], client_mutation_id=client_mutation_id
            )
        return ResetPasswordMutationPayload(errors=[], client_mutation_id=client_mutation_id)

    @kraken_mutation(
        errors=(
            PasswordResetTokenInvalid,
            PermissionDenied,
            PasswordInvalid,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=False,
        invalid=PasswordInvalid,
        description='Reset the password of an account user. Raises KT-CT-5450 if password validation fails. Inspect the validationErrors extension to get the exact validation error: json { "data": {"resetUserPassword": null}, "errors": [ { "message": "Password is invalid.", "path": ["resetUserPassword"], "extensions": { "errorType": "VALIDATION", "errorCode": "KT-CT-5450", "errorDescription": "Given password fails password policy requirements.", "validationErrors": [ { "code": "password_too_short", "message": "This password is too short. It must contain at least 7 characters.", "inputPath": ["input", "password"] }, { "code": "password_too_common", "message": "This password is too common.", "inputPath": ["input", "password"] } ] } } ] } The validation error\'s code can be any of - password_too_short - password_too_common - password_reused - password_matches_current - password_has_too_few_numeric_characters - password_has_too_few_special_characters - password_has_too_few_lowercase_characters - password_has_too_few_uppercase_characters - password_contains_account_number - password_contains_part_of_email_address',
    )
    async def reset_user_password(
        self, info: strawberry.Info[RequestContext, None], input: ResetUserPasswordInput
    ) -> ResetUserPasswordOutput | None:
        await _refuse_delegated_tokens(info)
        command = commands.ResetUserPassword(
            client=info.context.client, user_id=input.user_id, token=input.token, new_password=input.new_password
        )
        try:
            await info.context.call(info.context.contexts.identity.reset_user_password, command)
        except PasswordInvalid as refused:
            # "The KT-CT-5450 error will not be raised if you request any of the failureCodes,
            # failureReasons, or passwordUpdated fields" (the seed): those clients read the payload.
            [field] = info.selected_fields
            if not _selected_names(field.selections) & _DEPRECATED_FAILURE_FIELDS:
                raise
            return ResetUserPasswordOutput(
                user_id=strawberry.ID(input.user_id),
                password_updated=False,
                failure_reasons=[p.message for p in refused.problems],
                failure_codes=[p.code for p in refused.problems],
            )
        return ResetUserPasswordOutput(
            user_id=strawberry.ID(input.user_id), password_updated=True, failure_reasons=[], failure_codes=[]
        )

    @kraken_mutation(
        errors=(
            PasswordInvalid,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=True,
        invalid=PasswordInvalid,
        description="Update password of the authenticated user",
    )
    async def update_password(
        self, info: strawberry.Info[RequestContext, None], input: UpdatePasswordInput | None = strawberry.UNSET
    ) -> UpdatePassword | None:
        viewer = info.context.viewer()
        if not input:  # null or omitted (the reference SDL makes it optional)
            raise PasswordInvalid(
                "The old and new passwords are required.",
                problems=[FieldProblem("required", "This field is required.", ("input",))],
            )
        command = commands.UpdatePassword(
            user_id=viewer.id,
            client=info.context.client,
            old_password=input.old_password,
            new_password=input.new_password,
            new_password_confirmed=input.new_password_confirmed,
        )
        user = await info.context.call(info.context.contexts.identity.update_password, command)
        return UpdatePassword(viewer=account_user(user))

    @kraken_mutation(
        errors=(
            UserDetailsInvalid,
            UserEmailAlreadyInUse,
            PasswordInvalid,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=True,
        # Its generic "Invalid data." rather than 5450 ("Password is invalid."), which would be wrong for the email.
        invalid=UserDetailsInvalid,
        description="Update the email address and password of an account user.",
    )
    async def update_email_and_password(
        self, info: strawberry.Info[RequestContext, None], input: UpdateEmailAndPasswordInput
    ) -> UpdateEmailAndPassword | None:
        viewer = info.context.viewer()
        command = commands.UpdateEmailAndPassword(
            user_id=viewer.id,
            client=info.context.client,
            current_password=input.current_password,
            email=input.email,
            password=input.password,
        )
        await info.context.call(info.context.contexts.identity.update_email_and_password, command)
        return UpdateEmailAndPassword(success=True)
