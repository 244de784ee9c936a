"""What a document costs, and who pays for it."""

from __future__ import annotations

import asyncio

from graphql import parse

from api.context import RequestContext
from api.limits import RequestLimits
from api.rate_limits.allowance import Payer, PointsAllowance
from api.rate_limits.gate import payer_of, price_of
from api.rate_limits.usage_store import SharedUsage
from ops import runtime
from settings import Settings
from tests.api.payments.conftest import token_for


def price(document: str) -> tuple[int, bool]:
    parsed = parse(document)
    _, complexity = RequestLimits(max_depth=12, max_aliases=30, max_complexity=200).measure(parsed)
    found = price_of(parsed, complexity)
    return found.points, found.answered_when_spent


def test_a_document_costs_its_complexity_fragments_expanded() -> None:
    assert price("{ viewer { id } }") == (2, False)
    assert price("{ a: viewer { ...F } b: viewer { ...F } } fragment F on AccountUserType { id email }") == (6, False)
    # what introspection selects is bounded apart: such a document costs one point
    assert price("{ __schema { types { name } } }") == (1, False)


def test_only_a_document_asking_about_the_allowance_is_answered_once_it_is_spent() -> None:
    assert price("{ rateLimitInfo { pointsAllowanceRateLimit { isBlocked ttl } } }") == (4, True)
    assert price("{ __typename rateLimit { usedPoints } }") == (3, True)
    assert price("{ rateLimitInfo { pointsAllowanceRateLimit { ttl } } viewer { id } }")[1] is False
    assert price("{ ...F } fragment F on Query { rateLimit { usedPoints } }")[1] is False
    assert price("{ __typename }")[1] is False
    assert price("mutation { rateLimit }")[1] is False


def payer(contexts: runtime.Contexts, settings: Settings, client: str, token: str | None = None) -> Payer:
    """Who pays for a request from `client` with `token`."""
    allowance = PointsAllowance.of(settings, SharedUsage(contexts.read.store), contexts.identity.clock)
    request = RequestContext(
        contexts=contexts, settings=settings, client=client, authorization=token, allowance=allowance
    )
    found = asyncio.run(payer_of(request))
    assert found is not None
    return found


def test_the_viewer_of_a_token_pays_else_the_client_address(
    contexts: runtime.Contexts, settings: Settings, customer: dict[str, str]
) -> None:
    token = token_for(contexts, customer["email"])
    assert payer(contexts, settings, "192.0.2.7").key == "client:192.0.2.7"
    assert payer(contexts, settings, "192.0.2.8").key == "client:192.0.2.8"
    viewer = payer(contexts, settings, "192.0.2.7", f"JWT {token}")
    assert viewer == Payer(f"user:{customer['user_id']}", settings.rate_limit_points)
    # a token that does not verify leaves the client address to pay
    assert payer(contexts, settings, "192.0.2.7", "forged").key == "client:192.0.2.7"
