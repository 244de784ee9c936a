"""`rateLimitInfo` and the older `rateLimit`: where the request's payer stands in its points allowance.

They answer for the token's viewer, or for the client address without one, with every API
process's points counted (this process's are flushed first), this request's own included. Both are
null where no allowance applies (KRAKEN_RATE_LIMIT_POINTS or ..._ORGANISATION_POINTS set to 0).
Kraken's `fieldSpecificRateLimits` (request rates per field) is not served: no field has one here.
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.rate_limits.allowance import Usage
from api.rate_limits.gate import payer_of


@strawberry.type
class PointsAllowanceRateLimitInformation:
    is_blocked: bool | None = strawberry.field(
        description="Whether the viewer has been blocked due to spending all its allowed points."
    )
    limit: int | None = strawberry.field(
        description="The maximum number of points the viewer gets for requests per hour."
    )
    remaining_points: int | None = strawberry.field(
        description="The remaining points for the viewer in one hour time limit."
    )
    ttl: int | None = strawberry.field(
        description="Time To Live: UNIX timestamp when the viewer will get a new allowance of points."
    )
    used_points: int | None = strawberry.field(description="The points used so far in one hour time limit.")

    @classmethod
    def of(cls, usage: Usage) -> PointsAllowanceRateLimitInformation:
        return cls(
            is_blocked=usage.blocked,
            limit=usage.limit,
            remaining_points=usage.remaining,
            ttl=int(usage.refills_at),
            used_points=usage.used,
        )


@strawberry.type
class CombinedRateLimitInformation:
    points_allowance_rate_limit: PointsAllowanceRateLimitInformation | None = strawberry.field(
        description="Information about points-allowance rate limiting for the viewer."
    )


@strawberry.type
class RateLimitInformation:
    limit: int | None = strawberry.field(
        description="The maximum number of points the viewer gets for requests per hour."
    )
    remaining_points: int | None = strawberry.field(
        description="The remaining points for the viewer in one hour time limit."
    )
    used_points: int | None = strawberry.field(description="The points used so far in one hour time limit.")


async def _usage(info: strawberry.Info[RequestContext, None]) -> Usage | None:
    context = info.context
    payer = await payer_of(context)
    if payer is None or context.allowance is None:
        return None
    local = context.allowance.usage(payer)
    if local is None or local.blocked:
        # A spent allowance stays spent whatever the others report: answered without the shared store.
        return local
    # Both fields of one document share one read of the shared store.
    usage: Usage | None = await context.loader(context.allowance.synced).load(payer)
    return usage


@strawberry.type
class RateLimitQueries:
    @strawberry.field(
        description="Combined information about points-allowance rate limiting and request-specific rate limiting."
    )
    async def rate_limit_info(self, info: strawberry.Info[RequestContext, None]) -> CombinedRateLimitInformation | None:
        usage = await _usage(info)
        return CombinedRateLimitInformation(
            points_allowance_rate_limit=PointsAllowanceRateLimitInformation.of(usage) if usage else None
        )

    @strawberry.field(description="Information about rate limit for viewer.")
    async def rate_limit(self, info: strawberry.Info[RequestContext, None]) -> RateLimitInformation | None:
        usage = await _usage(info)
        if usage is None:
            return None
        return RateLimitInformation(limit=usage.limit, remaining_points=usage.remaining, used_points=usage.used)
