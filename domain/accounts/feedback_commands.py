"""Accounts commands about customer feedback: asking for it, and the customer's answer."""

from __future__ import annotations

from typing import Any

from domain.accounts import commands
from domain.accounts.account import Account
from domain.accounts.errors import CustomerFeedbackNotSubmitted, FeedbackIdRequired
from domain.accounts.feedback import FEEDBACK_FORMS, FeedbackRequest
from domain.accounts.numbers import new_number
from domain.shared.application import ContextApplication
from domain.shared.catalogue import AccountAccessDenied


class FeedbackCommands(ContextApplication):
    """Joined into the Accounts application (domain/accounts/application.py)."""

    def request_feedback(self, command: commands.RequestFeedback) -> FeedbackRequest:
        if command.form_id not in FEEDBACK_FORMS:
            raise CustomerFeedbackNotSubmitted(f"No feedback form {command.form_id} is offered.")
        if self.find(Account.id_for(command.account_number)) is None:
            raise AccountAccessDenied(f"No account {command.account_number}.")

        def decide() -> tuple[FeedbackRequest, list[Any]]:
            # A number already taken makes the save conflict, and the retry draws another one.
            request = FeedbackRequest.request(
                new_number(), command.account_number, command.form_id, requested_at=self.clock.now()
            )
            return request, [request]

        return self.decide(decide)

    def submit_customer_feedback(self, command: commands.SubmitCustomerFeedback) -> FeedbackRequest:
        def decide() -> tuple[FeedbackRequest, list[Any]]:
            request = self.feedback_request(command.feedback_id)
            if request is None:
                raise FeedbackIdRequired(f"No feedback request {command.feedback_id} was made.")
            request.answer(
                command.account_number,
                command.form_id,
                command.issue_resolved,
                command.answer,
                answered_by=command.answered_by,
                at=self.clock.now(),
            )
            return request, [request]

        return self.decide(decide)

    def feedback_request(self, number: int) -> FeedbackRequest | None:
        found: FeedbackRequest | None = self.find(FeedbackRequest.id_for(number))
        return found
