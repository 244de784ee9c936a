"""resetUserPassword: set a new password with a reset link's user id and token."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry

from api.context import RequestContext, token_of
from api.identity.input_paths import problems_at
from api.identity.inputs import ResetUserPasswordInput
from api.identity.types import ResetUserPasswordOutput
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import PasswordResetTokenInvalid
from domain.identity.organisation import Organisation
from domain.shared.catalogue import (
    PasswordInvalid,
    PermissionDenied,
    TokenExpired,
    TooManyOperations,
    TooManyRequests,
    Unauthorized,
)

# Requesting any of these deprecated fields turns KT-CT-5450 into a payload (the seed's own rule).
_DEPRECATED_FAILURE_FIELDS = frozenset({"passwordUpdated", "failureReasons", "failureCodes"})


@strawberry.type
class ResetUserPasswordMutation:
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
            with problems_at({"new_password": ("input", "newPassword")}):
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
