"""Accounts commands: one per mutation, named after it, plus the operators' own."""

from __future__ import annotations

import msgspec

# Feedback and form submissions ------------------------------------------------------------------


class RequestFeedback(msgspec.Struct, frozen=True, kw_only=True):
    """Asks the account's customers to answer a feedback form (an operator's or a process's command)."""

    account_number: str
    form_id: int


class SubmitCustomerFeedback(msgspec.Struct, frozen=True, kw_only=True):
    """Answers the feedback request `feedback_id` of the account with form `form_id`."""

    account_number: str
    form_id: int
    feedback_id: int
    issue_resolved: bool
    answer: str | None
    answered_by: str


class CreateFormSubmission(msgspec.Struct, frozen=True, kw_only=True):
    """Submits a form's content (parsed JSON, checked against its form type's schema) for the account."""

    account_number: str
    form_type: str | None
    content: object
    submitted_by: str
    # Why the content sent could not be read as JSON at all, if it could not.
    not_json: str | None = None
