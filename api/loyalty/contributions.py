"""Contributions on the read side: `account { contributionAgreements }` (each with its scheme and its
fulfilled periods) and the root `contributionSchemes`, the catalogue anyone may read."""

from __future__ import annotations

from typing import Any

import strawberry

from api.context import RequestContext
from api.loyalty.types import ContributionAgreementType, ContributionSchemeType, Interval


def agreement_type(row: dict[str, Any]) -> ContributionAgreementType:
    return ContributionAgreementType(
        id=strawberry.ID(row["agreement_id"]),
        interval=Interval(row["contribution_interval"]),
        active_from=row["active_from"],
        active_to=row["active_to"],
        amount=row["amount"],
        scheme_code=row["scheme_code"],
    )


async def contribution_agreements_of_account(
    info: strawberry.Info, account_number: str
) -> list[ContributionAgreementType | None]:
    rows = await info.context.loader(info.context.contexts.read.contributions.of_accounts).load(account_number)
    return [agreement_type(row) for row in rows]


@strawberry.type
class ContributionQueries:
    @strawberry.field(description="Get contribution schemes.")
    async def contribution_schemes(
        self, info: strawberry.Info[RequestContext, None]
    ) -> list[ContributionSchemeType | None] | None:
        rows = await info.context.call(info.context.contexts.read.contributions.schemes)
        return [ContributionSchemeType.of(row) for row in rows]
