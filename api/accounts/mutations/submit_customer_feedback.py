"""Submit customer feedback: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import CustomerFeedbackInputType
from api.accounts.types import SubmitCustomerFeedback
from api.mutation import pending_mutation
from domain.accounts.errors import CustomerFeedbackNotSubmitted, FeedbackAccountMismatch, FeedbackIdRequired


@strawberry.type
class SubmitCustomerFeedbackMutation:
    submit_customer_feedback = pending_mutation(
        args={"input": CustomerFeedbackInputType},
        payload=SubmitCustomerFeedback | None,
        errors=(
            CustomerFeedbackNotSubmitted,
            FeedbackIdRequired,
            FeedbackAccountMismatch,
        ),
        auth=True,
        description="Submit customer feedback.",
    )
