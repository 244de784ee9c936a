"""Charging a request to its payer before anything runs: KT-CT-1199 once the payer's allowance is spent.

A request costs its document's complexity (api/limits.py: the fields it selects once fragments are
expanded, what `__schema`/`__type` select aside), at least one point. That is the number Kraken
bounds per request (KT-CT-1188), so a request that passes that bound costs at most as many points.
A connection's `first`/`last` does not multiply it: a page is bounded apart (KRAKEN_MAX_PAGE_SIZE),
and the reads behind a page are one batched query per level whatever its size.

Every executed request is charged once, on either server, queries and mutations alike; a document
refused before execution (unparsable, invalid, over a request limit) and the `X-Possible-Errors`
answer run nothing and cost nothing.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLError, OperationDefinitionNode, OperationType

from api.context import RequestContext, token_of
from api.rate_limits.allowance import Payer
from domain.identity.organisation import Organisation
from domain.shared.catalogue import TooManyRequests
from domain.shared.errors import KrakenError

ALLOWANCE_FIELDS = frozenset({"rateLimitInfo", "rateLimit"})


@dataclass(frozen=True, slots=True)
class Price:
    """What running a document costs. One that only asks where the viewer stands is answered even
    when the allowance is spent (and then costs nothing): otherwise a viewer could never see that
    it is blocked, nor when its allowance refills."""

    points: int
    answered_when_spent: bool = False


# What a request costs when its document's price is unknown (strawberry was handed it already parsed).
ONE_POINT = Price(1)


def price_of(document: DocumentNode, complexity: int) -> Price:
    return Price(max(1, complexity), _asks_only_about_the_allowance(document))


def _asks_only_about_the_allowance(document: DocumentNode) -> bool:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    names: set[str] = set()
    for operation in operations:
        if operation.operation != OperationType.QUERY:
            return False
        for selection in operation.selection_set.selections:
            if not isinstance(selection, FieldNode):
                return False
            names.add(selection.name.value)
    return bool(names & ALLOWANCE_FIELDS) and names <= ALLOWANCE_FIELDS | {"__typename"}


async def payer_of(context: RequestContext) -> Payer | None:
    """Who pays for the request: the token's viewer (an account user or an organisation), else the
    client's address; None outside the app (no allowance)."""
    allowance = context.allowance
    if allowance is None:
        return None
    if context.principal is None and token_of(context.authorization):
        # A token that does not verify pays nothing as a viewer: the client address pays instead,
        # and the request's own fields refuse the token as they would have.
        with suppress(KrakenError):
            await context.authenticate()
    if context.principal is None:
        return allowance.client(context.client)
    viewer = context.principal.viewer
    if isinstance(viewer, Organisation):
        return allowance.organisation(viewer.id)
    return allowance.user(viewer.id)


async def refusal(context: Any, price: Price) -> GraphQLError | None:
    """Charges the request; the error to answer it with when its payer cannot afford it."""
    if not isinstance(context, RequestContext) or context.allowance is None or not context.allowance.enabled:
        return None
    payer = await payer_of(context)
    allowance = context.allowance
    if payer is None or allowance.charge(payer, price.points) or price.answered_when_spent:
        return None
    usage = allowance.usage(payer)
    wait = max(1, round(usage.refills_at - allowance.now())) if usage is not None else 1
    error = TooManyRequests(
        f"The allowance of {payer.allowance} points is spent; a new allowance starts in {wait} seconds."
    )
    return GraphQLError(error.message, original_error=error)
