"""Accounts commands about form submissions: a form's content, checked and kept encrypted in the events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.accounts import commands
from domain.accounts.account import Account
from domain.accounts.forms import FieldErrors, FormSubmission, content_errors
from domain.accounts.numbers import new_number
from domain.shared.application import ContextApplication
from domain.shared.catalogue import AccountAccessDenied


@dataclass(frozen=True, slots=True)
class FormOutcome:
    """The submission made, or, when the content cannot be submitted, why (and nothing was recorded)."""

    submission: FormSubmission | None = None
    errors: FieldErrors = field(default_factory=dict)


class FormCommands(ContextApplication):
    """Joined into the Accounts application (domain/accounts/application.py)."""

    def create_form_submission(self, command: commands.CreateFormSubmission) -> FormOutcome:
        if self.find(Account.id_for(command.account_number)) is None:
            raise AccountAccessDenied(f"No account {command.account_number}.")
        if command.not_json is not None:
            reason = f"The form content is not valid JSON: {command.not_json}."
            return FormOutcome(errors={"content": [("invalid", reason)]})
        errors = content_errors(command.form_type, command.content)
        if errors or command.form_type is None or not isinstance(command.content, dict):
            return FormOutcome(errors=errors)
        form_type, content = command.form_type, command.content

        def decide() -> tuple[FormOutcome, list[Any]]:
            # A number already taken makes the save conflict, and the retry draws another one.
            submission = FormSubmission.submit(
                new_number(),
                command.account_number,
                form_type,
                content,
                submitted_by=command.submitted_by,
                submitted_at=self.clock.now(),
            )
            return FormOutcome(submission), [submission]

        return self.decide(decide)

    def form_submission(self, number: int) -> FormSubmission | None:
        found: FormSubmission | None = self.find(FormSubmission.id_for(number))
        return found
