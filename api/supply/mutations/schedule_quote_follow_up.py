"""Schedule a quote follow-up to a recipient: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import QuoteShareInput
from api.supply.types import ScheduleQuoteFollowUp
from domain.supply.errors import QuoteFollowUpDisabled, QuoteRecipientInvalid, SupplyQuoteNotFound


@strawberry.type
class ScheduleQuoteFollowUpMutation:
    schedule_quote_follow_up = pending_mutation(
        args={"input": QuoteShareInput},
        payload=ScheduleQuoteFollowUp | None,
        errors=(SupplyQuoteNotFound, QuoteRecipientInvalid, QuoteFollowUpDisabled),
        auth=False,
        description="Schedule a quote follow-up to the provided recipient.",
    )
