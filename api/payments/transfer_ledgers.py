"""Who may name two ledgers in a credit transfer permission: a viewer who may act on both ledgers' accounts."""

from __future__ import annotations

import strawberry

from api.context import RequestContext


async def may_use_both(info: strawberry.Info[RequestContext, None], source: str, target: str) -> None:
    """KT-CT-3827 if either ledger does not exist, KT-CT-3822 if the viewer may not act on its account."""
    accounts = await info.context.call(info.context.contexts.payments.credit_transfer_accounts, source, target)
    for account_number in accounts:
        info.context.account_number(account_number)
