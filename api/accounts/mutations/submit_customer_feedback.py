"""Submit customer feedback: the customer answers a feedback request about their account, once."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import CustomerFeedbackInputType
from api.accounts.types import CustomerFeedbackType, SubmitCustomerFeedback
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import CustomerFeedbackNotSubmitted, FeedbackAccountMismatch, FeedbackIdRequired
from domain.shared.catalogue import AccountAccessDenied, Unauthorized


@strawberry.type
class SubmitCustomerFeedbackMutation:
    @kraken_mutation(
        errors=(
            CustomerFeedbackNotSubmitted,
            FeedbackIdRequired,
            FeedbackAccountMismatch,
        ),
        auth=True,
        # The seed lists no code for a viewer who is not on the account: the foundation's.
        codes={AccountAccessDenied: Unauthorized},
        # A feedback email's pre-signed link logs the customer in for this alone.
        scopes=("SUBMIT_CUSTOMER_FEEDBACK",),
        invalid=CustomerFeedbackNotSubmitted,
        description="Submit customer feedback.",
    )
    async def submit_customer_feedback(
        self, info: strawberry.Info[RequestContext, None], input: CustomerFeedbackInputType
    ) -> SubmitCustomerFeedback | None:
        number = info.context.account_number(input.account_number)
        command = commands.SubmitCustomerFeedback(
            account_number=number,
            form_id=input.form_id,
            feedback_id=input.feedback_id,
            issue_resolved=input.issue_resolved,
            answer=input.answer or None,
            answered_by=info.context.acting.actor,
        )
        answered = await info.context.call(info.context.contexts.accounts.submit_customer_feedback, command)
        feedback = CustomerFeedbackType(
            id=strawberry.ID(str(answered.number)), raw_score=answered.raw_score, submitted_at=answered.answered_at
        )
        return SubmitCustomerFeedback(customer_feedback=feedback)
