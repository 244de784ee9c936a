"""Submit a form's data as JSON: kept, encrypted, as an event of its own; what is wrong with it is answered in the payload."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import FormSubmissionInput
from api.accounts.types import FormSubmissionOuput
from api.context import RequestContext
from api.mutation import kraken_mutation
from api.scalars import JSONString, MalformedJSON
from api.shared.types import SerializerErrorType, SerializerFieldErrorsType
from domain.accounts import commands
from domain.accounts.forms import FieldErrors
from domain.shared.catalogue import AccountAccessDenied, InputInvalid, Unauthorized


@strawberry.type
class CreateFormSubmissionMutation:
    @kraken_mutation(
        errors=(),
        # The seed lists no codes; a form belongs to an account, so its viewer must be on it: the foundation's.
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        # Only content far beyond any form's own limit is refused outright, with Kraken's generic code.
        invalid=InputInvalid,
        description='Create a "form submission" entity. This is only meant to be used as a quick way of putting together a form and submit data for it, in the form of JSON - it is not expected that all form submissions will come through this path.',
    )
    async def create_form_submission(
        self, info: strawberry.Info[RequestContext, None], input: FormSubmissionInput
    ) -> FormSubmissionOuput | None:
        number = info.context.account_number(input.account_number)
        malformed = input.content if isinstance(input.content, MalformedJSON) else None
        command = commands.CreateFormSubmission(
            account_number=number,
            form_type=input.form_type.value if input.form_type else None,
            content=None if malformed else input.content,
            submitted_by=info.context.acting.actor,
            not_json=malformed.reason if malformed else None,
        )
        outcome = await info.context.call(info.context.contexts.accounts.create_form_submission, command)
        if outcome.submission is None:
            return _refused(outcome.errors)
        submission = outcome.submission
        return FormSubmissionOuput(id=submission.number, content=JSONString(submission.content), errors=[])


def _refused(errors: FieldErrors) -> FormSubmissionOuput:
    """Nothing was submitted: what is wrong, field by field, as Django REST framework's serializers say it."""
    return FormSubmissionOuput(
        errors=[
            SerializerFieldErrorsType(
                field=field, errors=[SerializerErrorType(message=message, code=code) for code, message in problems]
            )
            for field, problems in errors.items()
        ]
    )
