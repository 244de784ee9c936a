"""Customer feedback: the forms a customer may be asked to answer, and the FeedbackRequest aggregate.

Kraken asks for feedback with a form (`formId`) and a request (`feedbackId`, an integer id: see
domain/accounts/numbers.py) that the customer answers once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.accounts.errors import CustomerFeedbackNotSubmitted, FeedbackAccountMismatch
from domain.accounts.numbers import numbered_id


@dataclass(frozen=True, slots=True)
class FeedbackForm:
    """A survey question and the raw score each answer to it is worth (Kraken's "value attached to the source")."""

    question: str
    resolved_score: int
    unresolved_score: int
    # Kraken's defaultRawScore: what a form's answer counts for before the customer says anything.
    default_raw_score: int

    def raw_score(self, issue_resolved: bool) -> int:
        return self.resolved_score if issue_resolved else self.unresolved_score


# The forms this deployment asks with, by formId. Configuration that changes with a release, not an aggregate.
FEEDBACK_FORMS: dict[int, FeedbackForm] = {
    1: FeedbackForm("Did we resolve your issue today?", resolved_score=5, unresolved_score=1, default_raw_score=3),
    2: FeedbackForm(
        "Are you happy with how your move was handled?", resolved_score=5, unresolved_score=1, default_raw_score=3
    ),
}


class FeedbackRequest(Aggregate):
    """One request for feedback about an account, answered at most once."""

    @staticmethod
    def id_for(number: int) -> UUID:
        return numbered_id("feedback-request", number)

    @classmethod
    def request(cls, number: int, account_number: str, form_id: int, requested_at: datetime) -> FeedbackRequest:
        return cls._create(
            cls.Requested,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            form_id=form_id,
            requested_at=requested_at,
        )

    class Requested(Aggregate.Created):
        number: int
        account_number: str
        form_id: int
        requested_at: datetime

    @event(Requested)
    def __init__(self, number: int, account_number: str, form_id: int, requested_at: datetime) -> None:
        self.number = number
        self.account_number = account_number
        self.form_id = form_id
        self.requested_at = requested_at
        self.answered_at: datetime | None = None
        self.raw_score: int | None = None

    def answer(
        self,
        account_number: str,
        form_id: int,
        issue_resolved: bool,
        answer: str | None,
        answered_by: str,
        at: datetime,
    ) -> None:
        if account_number != self.account_number:
            raise FeedbackAccountMismatch(f"Feedback request {self.number} is not for account {account_number}.")
        if self.answered_at is not None:
            raise CustomerFeedbackNotSubmitted(f"Feedback request {self.number} has already been answered.")
        if form_id != self.form_id:
            raise CustomerFeedbackNotSubmitted(f"Feedback request {self.number} was not asked with form {form_id}.")
        form = FEEDBACK_FORMS.get(form_id)
        if form is None:
            raise CustomerFeedbackNotSubmitted(f"Form {form_id} is no longer offered.")
        self._answered(
            issue_resolved=issue_resolved,
            answer=answer,
            raw_score=form.raw_score(issue_resolved),
            answered_by=answered_by,
            at=at,
        )

    @event("Answered")
    def _answered(
        self, issue_resolved: bool, answer: str | None, raw_score: int, answered_by: str, at: datetime
    ) -> None:
        self.answered_at = at
        self.raw_score = raw_score
