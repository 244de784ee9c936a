"""Schedule a quote follow-up to a recipient: sent by email (or SMS) once its delay has passed.

Public, as Kraken's is: the quote code is the only secret, so every call is throttled per quote code
and per client address (KT-CT-1199 past either allowance).
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.inputs import QuoteShareInput
from api.supply.types import ScheduleQuoteFollowUp
from domain.shared.catalogue import TooManyRequests
from domain.supply import commands
from domain.supply.errors import QuoteFollowUpDisabled, QuoteRecipientInvalid, SupplyQuoteNotFound


@strawberry.type
class ScheduleQuoteFollowUpMutation:
    @kraken_mutation(
        errors=(SupplyQuoteNotFound, QuoteRecipientInvalid, QuoteFollowUpDisabled, TooManyRequests),
        auth=False,
        invalid=QuoteRecipientInvalid,
        description="Schedule a quote follow-up to the provided recipient.",
    )
    async def schedule_quote_follow_up(
        self, info: strawberry.Info[RequestContext, None], input: QuoteShareInput
    ) -> ScheduleQuoteFollowUp | None:
        recipient = input.recipient
        command = commands.ScheduleQuoteFollowUp(
            quote_code=input.quote_code.strip(),
            client=info.context.client,
            account_number=input.account_number or None,
            email=recipient.email or "",
            mobile=recipient.mobile or "",
            given_name=recipient.given_name or "",
            family_name=recipient.family_name or "",
        )
        await info.context.call(info.context.contexts.supply.schedule_quote_follow_up, command)
        return ScheduleQuoteFollowUp(success=True)
