"""resetPassword (deprecated): set a new password with a reset link, refusals answered in the payload."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import ResetPasswordMutationInput
from api.identity.types import ResetPasswordMutationPayload
from api.mutation import kraken_mutation
from api.shared.types import SerializerFieldErrorsType
from domain.identity import commands
from domain.identity.errors import PasswordResetTokenInvalid
from domain.shared.catalogue import InputInvalid, PasswordInvalid, TooManyOperations, TooManyRequests


@strawberry.type
class ResetPasswordMutation:
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
