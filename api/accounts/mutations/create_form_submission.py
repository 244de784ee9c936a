"""Submit a form's data as JSON: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import FormSubmissionInput
from api.accounts.types import FormSubmissionOuput
from api.mutation import pending_mutation


@strawberry.type
class CreateFormSubmissionMutation:
    create_form_submission = pending_mutation(
        args={"input": FormSubmissionInput},
        payload=FormSubmissionOuput | None,
        errors=(),
        auth=False,
        description='Create a "form submission" entity. This is only meant to be used as a quick way of putting together a form and submit data for it, in the form of JSON - it is not expected that all form submissions will come through this path.',
    )
