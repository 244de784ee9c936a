"""The composition root of the API process: settings and context applications in, a Litestar app out."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import anyio.to_thread
from cross_web import HTTPException
from graphql import get_operation_ast
from graphql.execution.values import get_variable_values
from litestar import Litestar, Request
from litestar.datastructures import State
from litestar.exceptions import HTTPException as LitestarHTTPException
from litestar.types import Middleware
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.litestar import make_graphql_controller
from strawberry.litestar.controller import GraphQLController
from strawberry.types import ExecutionResult

from api import health, observability, pages, possible_errors, request_body
from api.context import request_context
from api.errors import to_wire
from api.graphiql import LocalGraphiQL, assets_router
from api.health import Observatory
from api.pages.provider import HostedProvider
from api.rate_limits.allowance import PointsAllowance
from api.schema import KrakenSchema, api_schema, auth_schema
from domain.shared.catalogue import TooManyOperations
from projections import metrics
from projections.contexts import Contexts
from projections.projection import Follower
from settings import Settings

API_PATH = "/v1/graphql/"
AUTH_PATH = "/graphql/"
# The server each GraphQL path is, as the request log and the metrics name it.
SERVERS = {API_PATH: "api", AUTH_PATH: "auth"}
# Bodies up to this size have their variables checked on the event loop (well under a millisecond).
_CHECK_ON_LOOP_BYTES = 64 * 1024


async def _possible_errors_of(schema: KrakenSchema, request: GraphQLRequestData) -> ExecutionResult:
    """The `X-Possible-Errors` answer: validate the operation and its variables, run nothing.

    The document goes through the same preparer as an executed one, so the same limits apply.
    """
    if not request.query:
        raise HTTPException(400, "No GraphQL query found in the request")
    prepared = await schema.preparer.prepare(request.query)
    if prepared.document is None or prepared.errors:
        return ExecutionResult(data=None, errors=list(prepared.errors))
    document = prepared.document

    def answer() -> ExecutionResult:
        operation = get_operation_ast(document, request.operation_name)
        if operation is not None:
            coerced = get_variable_values(schema._schema, operation.variable_definitions or (), request.variables or {})
            if isinstance(coerced, list):
                return ExecutionResult(data=None, errors=coerced)
        listed = possible_errors.for_operation(document, request.operation_name)
        return ExecutionResult(data={"possibleErrors": listed}, errors=None)

    return await anyio.to_thread.run_sync(answer)


def _controller(schema: KrakenSchema, path: str, graphiql: bool) -> type[GraphQLController]:
    base: Any = make_graphql_controller(
        schema,
        path=path,
        graphql_ide="graphiql" if graphiql else None,
        allow_queries_via_get=False,
        context_getter=request_context,
    )

    class KrakenGraphQLController(LocalGraphiQL, base):  # type: ignore[misc]
        middleware = [observability.observe(SERVERS)]

        async def execute_single(self, request: Request[Any, Any, Any], *args: Any, **kwargs: Any) -> ExecutionResult:
            if request.headers.get("x-possible-errors", "").lower() in {"1", "true", "yes"}:
                record = observability.observed(request.scope)
                if record is not None:
                    record.operation = "possibleErrors"
                return await _possible_errors_of(schema, kwargs["request_data"])
            result: ExecutionResult = await super().execute_single(request, *args, **kwargs)
            return result

        def parse_json(self, data: str | bytes) -> Any:
            decoded = request_body.decode(data.encode() if isinstance(data, str) else data)
            if isinstance(decoded, list):
                raise request_body.RequestRefused(
                    400,
                    "Batched requests are not accepted.",
                    TooManyOperations("Send each operation in its own request."),
                )
            return decoded

        async def parse_http_body(self, request: Any) -> Any:
            # strawberry assumes a JSON object (or a batch array); a bare number or string is the client's error.
            try:
                data = await super().parse_http_body(request)
            except (AttributeError, TypeError) as exc:
                raise HTTPException(400, "The request body must be a JSON object.") from exc
            if data.variables:
                # Checking is linear in the body: a large one is checked off the event loop.
                if len(await request.get_body()) > _CHECK_ON_LOOP_BYTES:
                    await anyio.to_thread.run_sync(request_body.check_variables, data.variables)
                else:
                    request_body.check_variables(data.variables)
            return data

        async def execute_request(self, request: Request[Any, Any, Any], context: Any, root_value: Any) -> Any:
            try:
                return await self.run(request, context=context, root_value=root_value)
            except HTTPException as exc:
                return request_body.refusal(exc, request)

        async def process_result(self, request: Request[Any, Any, Any], result: ExecutionResult) -> GraphQLHTTPResponse:
            answer: GraphQLHTTPResponse = {"data": result.data}
            if result.errors:
                answer["errors"] = [to_wire(error) for error in result.errors]
                observability.answered(request.scope, result.errors)
            if result.extensions:
                answer["extensions"] = result.extensions
            return answer

    return KrakenGraphQLController


class Running(Protocol):
    def close(self) -> None: ...


def create_app(
    settings: Settings,
    contexts: Callable[[], Contexts],
    allowance: Callable[[Contexts], PointsAllowance],
    follow: Callable[[Contexts, PointsAllowance], Running] | None = None,
    *,
    owns_contexts: bool = True,
    provider: Callable[[Contexts], HostedProvider | None] | None = None,
    followers: Callable[[Contexts], Sequence[Follower]] | None = None,
    middleware: Sequence[Middleware] = (),
) -> Litestar:
    """The app: `contexts` makes the applications at start-up (after any fork), `allowance` the
    points allowance every request is charged to; `follow` starts what runs beside the API in this
    process; `provider` makes the payment provider whose hosted pages it serves; `followers` lists
    what keeps up with the stores, whose lag /readyz and /metrics measure; `middleware` wraps every
    route (tracing's request spans, when on) (the composition root, ops/runtime.py, decides)."""
    observability.supersede_access_lines(SERVERS)

    def start(app: Litestar) -> None:
        # A thread parsing a stranger's document holds the GIL for up to this long before the event
        # loop gets it back (Python's default is 5 ms): short, so that other requests wait little.
        sys.setswitchinterval(0.001)
        app.state.contexts = contexts()
        app.state.provider = provider(app.state.contexts) if provider is not None else None
        app.state.allowance = allowance(app.state.contexts)
        measured = followers(app.state.contexts) if followers is not None else ()
        app.state.observatory = Observatory(settings, app.state.contexts, measured)
        if owns_contexts:
            # What start-up built lives as long as the process: keep it out of every GC scan, whose
            # full collections otherwise pause requests for ~100 ms every few seconds under load.
            # Applications handed in outlive the app only in the caller's hands, so they stay scanned.
            gc.collect()
            gc.freeze()
        app.state.background = follow(app.state.contexts, app.state.allowance) if follow is not None else None

    def stop(app: Litestar) -> None:
        if app.state.background is not None:
            app.state.background.close()
        if owns_contexts:
            app.state.contexts.close()
            # What start-up froze is garbage once the app stops, open files and connections included.
            gc.unfreeze()
        metrics.process_stopped()

    return Litestar(
        route_handlers=[
            _controller(api_schema(settings), API_PATH, settings.graphiql),
            _controller(auth_schema(settings), AUTH_PATH, settings.graphiql),
            *([assets_router()] if settings.graphiql else []),
            pages.router(),
            *health.ROUTES,
        ],
        middleware=list(middleware),
        on_startup=[start],
        on_shutdown=[stop],
        state=State({"settings": settings}),
        request_max_body_size=1_000_000,
        # Errors are logged by our handlers through "kraken.api", whose handlers the command line sets up.
        # Litestar's default logging config would start a queue-listener thread per app that is only
        # stopped at interpreter exit.
        logging_config=None,
        exception_handlers={LitestarHTTPException: request_body.http_refusal, Exception: request_body.unexpected},
    )
