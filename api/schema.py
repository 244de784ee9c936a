"""The two GraphQL schemas: the API (POST /v1/graphql/) and the auth server (POST /graphql/).

Each context contributes its own Mutation class; this module only merges them.
"""

from __future__ import annotations

import functools
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from api.accounts.mutations import AccountsMutations
from api.accounts.queries.account import AccountsQueries
from api.errors import correlate
from api.goods.mutations import GoodsMutations
from api.goods.queries.goods import GoodsQueries
from api.identity.mutations import AuthServerMutations, IdentityMutations
from api.identity.queries.mfa_devices import MfaDevicesQuery
from api.identity.queries.viewer import ViewerQuery
from api.limits import RequestLimits
from api.loyalty.campaigns import CampaignQueries
from api.loyalty.contributions import ContributionQueries
from api.loyalty.mutations import LoyaltyMutations
from api.loyalty.queries import LoyaltyQueries
from api.loyalty.referrals import ReferralQueries
from api.observability import Observation
from api.payments.mutations import PaymentsMutations
from api.payments.queries import PaymentsQueries
from api.payments.queries.bills import BILL_TYPES
from api.payments.queries.ledgers import TRANSACTION_TYPES
from api.possible_errors import PossibleErrorsQuery, bind_payloads
from api.preparation import Preparation, Preparer
from api.rate_limits.queries import RateLimitQueries
from api.scalars import SCALARS
from api.supply.mutations import SupplyMutations
from api.supply.queries.addresses import AddressQueries
from api.supply.queries.lifecycle_processes import LifecycleProcessesQueries
from api.supply.queries.measurements import MEASUREMENT_TYPES
from api.supply.queries.products import ProductsQueries
from settings import Settings

Query = merge_types(
    "Query",
    (
        ViewerQuery,
        MfaDevicesQuery,
        AccountsQueries,
        LoyaltyQueries,
        ReferralQueries,
        PaymentsQueries,
        RateLimitQueries,
        PossibleErrorsQuery,
        LifecycleProcessesQueries,
        AddressQueries,
        ProductsQueries,
        GoodsQueries,
        CampaignQueries,
        ContributionQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        IdentityMutations,
        AccountsMutations,
        PaymentsMutations,
        GoodsMutations,
        LoyaltyMutations,
        SupplyMutations,
    ),
)


# The mutations whose KT-CT-1199 comes from the identity throttle (failed logins, MFA codes, identity
# checks, login emails): counted apart from the other throttles' refusals.
LOGINS = frozenset(
    field.graphql_name or to_camel_case(field.python_name)
    for kind in (IdentityMutations, AuthServerMutations)
    for field in get_object_definition(kind, strict=True).fields
)


class KrakenSchema(strawberry.Schema):
    # Set once the schema is built: parses and validates every document this schema answers.
    preparer: Preparer

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected (Kraken) errors are answers, not incidents: only unexpected ones are logged, under
        # the request's own id.
        observed = getattr(execution_context.context, "observed", None) if execution_context else None
        for error in errors:
            correlate(error, observed.request_id if observed is not None else None)


def _build(mutation: Any, settings: Settings, query: Any = Query) -> KrakenSchema:
    return _built(mutation, query, settings.max_query_depth, settings.max_aliases, settings.max_complexity)


# A schema depends on the settings only through the request limits, and building one takes strawberry
# a tenth of a second or more: a process builds one per set of limits, however many apps it starts.
@functools.cache
def _built(mutation: Any, query: Any, max_depth: int, max_aliases: int, max_complexity: int) -> KrakenSchema:
    limits = RequestLimits(max_depth, max_aliases, max_complexity)
    schema = KrakenSchema(
        query=query,
        mutation=mutation,
        config=StrawberryConfig(scalar_map=SCALARS),
        # Implementations of an interface that no field names are reached only through it.
        types=[*TRANSACTION_TYPES, *BILL_TYPES, *MEASUREMENT_TYPES],
        # The preparer needs the built graphql schema, so the factory reads it once requests arrive.
        extensions=[lambda: Preparation(schema.preparer), lambda: Observation(LOGINS)],
    )
    schema.preparer = Preparer(schema._schema, limits)
    bind_payloads(schema._schema)
    return schema


def api_schema(settings: Settings) -> KrakenSchema:
    return _build(Mutation, settings)


AuthMutation = merge_types("Mutation", (AuthServerMutations,))
# The viewer's MFA devices are listed where they are managed, as well as on the API.
AuthQuery = merge_types("Query", (MfaDevicesQuery, PossibleErrorsQuery))


def auth_schema(settings: Settings) -> KrakenSchema:
    return _build(AuthMutation, settings, AuthQuery)
