"""The loyalty context's queries: they read projections only."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.loyalty.types import LoyaltyPointLedgerEntryType
from domain.identity.organisation import Organisation
from domain.shared.catalogue import Unauthorized

# A token from a REDEEM_LOYALTY_POINTS pre-signed key may see the points it can redeem: its own.
_REDEEMING = frozenset({"REDEEM_LOYALTY_POINTS"})


@strawberry.input(description="The input type for retrieving a loyalty point ledger entry.")
class LoyaltyPointLedgersInput:
    account_user_id: strawberry.ID = strawberry.field(description="The account user id.")


@strawberry.type
class LoyaltyQueries:
    @strawberry.field(description="Get the Loyalty Point ledger entries for the passed user, oldest first.")
    async def loyalty_point_ledgers(
        self,
        info: strawberry.Info[RequestContext, None],
        input: Annotated[
            LoyaltyPointLedgersInput | None,
            strawberry.argument(description="The input object for retrieving a loyalty point ledger entry."),
        ] = None,
    ) -> list[LoyaltyPointLedgerEntryType | None] | None:
        user_id = await _whose_entries(info, None if input is None else str(input.account_user_id))
        read = info.context.contexts.read
        entries = await info.context.loader(read.loyalty_points.entries_of).load(user_id)
        return [LoyaltyPointLedgerEntryType.of(entry) for entry in entries]


async def _whose_entries(info: strawberry.Info[RequestContext, None], asked: str | None) -> str:
    """The user whose entries the viewer asked for and may see (KT-CT-1111 otherwise): their own
    (without `input`), another user's of an account they share, or, for an organisation, anyone's."""
    with raised_as(QUERY_REFUSALS):
        principal = await info.context.authenticate(_REDEEMING)
        if asked is None or isinstance(principal.viewer, Organisation):
            # An organisation has no entries of its own: it must name the user (KT-CT-1111 otherwise).
            return asked or str(info.context.viewer().id)
    viewer = principal.viewer
    if asked == str(viewer.id):
        return asked
    if principal.scope is None:
        read = info.context.contexts.read.account_users
        accounts: list[str] = await info.context.loader(read.accounts_of).load(asked)
        if any(viewer.belongs_to(number) for number in accounts):
            return asked
    raise Unauthorized("The viewer may see the loyalty points of users of their own accounts only.")
