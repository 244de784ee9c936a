"""The composition root of the API process: settings and context applications in, a Litestar app out."""

from __future__ import annotations

import gc
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError, GraphQLSchema, get_operation_ast, parse, validate
from graphql.execution.values import get_variable_values
from litestar import Litestar, Request
from litestar.datastructures import State
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.litestar import make_graphql_controller
from strawberry.litestar.controller import GraphQLController
from strawberry.types import ExecutionResult

from api import possible_errors
from api.context import request_context
from api.errors import to_wire
from api.schema import KrakenSchema, api_schema, auth_schema
from ops.following import Background
from ops.runtime import Contexts, build
from ops.settings import Settings, load
from workers import runtime as workers_runtime

API_PATH = "/v1/graphql/"
AUTH_PATH = "/graphql/"


def _possible_errors_of(schema: GraphQLSchema, request: GraphQLRequestData) -> ExecutionResult:
    """The `X-Possible-Errors` answer: validate the operation and its variables, run nothing."""
    if not request.query:
        raise HTTPException(400, "No GraphQL query found in the request")
    try:
        document = parse(request.query)
    except GraphQLError as error:
        return ExecutionResult(data=None, errors=[error])
    errors = validate(schema, document)
    operation = get_operation_ast(document, request.operation_name) if not errors else None
    if operation is not None:
        coerced = get_variable_values(schema, operation.variable_definitions or (), request.variables or {})
        if isinstance(coerced, list):
            errors = coerced
    if errors:
        return ExecutionResult(data=None, errors=list(errors))
    return ExecutionResult(
        data={"possibleErrors": possible_errors.for_operation(document, request.operation_name)}, errors=None
    )


def _controller(schema: KrakenSchema, path: str, graphiql: bool) -> type[GraphQLController]:
    base: Any = make_graphql_controller(
        schema,
        path=path,
        graphql_ide="graphiql" if graphiql else None,
        allow_queries_via_get=False,
        context_getter=request_context,
    )

    class KrakenGraphQLController(base):  # type: ignore[misc]
        async def execute_single(self, request: Request[Any, Any, Any], *args: Any, **kwargs: Any) -> ExecutionResult:
            if request.headers.get("x-possible-errors", "").lower() in {"1", "true", "yes"}:
                return _possible_errors_of(schema._schema, kwargs["request_data"])
            result: ExecutionResult = await super().execute_single(request, *args, **kwargs)
            return result

        async def parse_http_body(self, request: Any) -> Any:
            # strawberry assumes a JSON object (or a batch array); a bare number or string is the client's error.
            try:
                return await super().parse_http_body(request)
            except (AttributeError, TypeError) as exc:
                raise HTTPException(400, "The request body must be a JSON object.") from exc

        async def process_result(self, request: Request[Any, Any, Any], result: ExecutionResult) -> GraphQLHTTPResponse:
            answer: GraphQLHTTPResponse = {"data": result.data}
            if result.errors:
                answer["errors"] = [to_wire(error) for error in result.errors]
            if result.extensions:
                answer["extensions"] = result.extensions
            return answer

    return KrakenGraphQLController


def create_app(
    settings: Settings | None = None, contexts: Contexts | None = None, follow: bool | None = None
) -> Litestar:
    """Builds the app; the context applications are made at start-up (after any fork) unless given.

    `follow` runs the read models, reactions and outbox relay in this process; it defaults to on
    for the embedded default (SQLite), where there are no separate `kraken project` processes.
    """
    settings = settings or load()
    follow = not settings.uses_postgres if follow is None else follow

    def start(app: Litestar) -> None:
        app.state.background = None
        app.state.contexts = contexts or build(settings)
        # What start-up built lives as long as the process: keep it out of every GC scan, whose
        # full collections otherwise pause requests for ~100 ms every few seconds under load.
        gc.collect()
        gc.freeze()
        if follow:
            workers_runtime.use(settings=settings, contexts=app.state.contexts)
            app.state.background = Background.start(settings, app.state.contexts)

    def stop(app: Litestar) -> None:
        if app.state.background is not None:
            app.state.background.close()
        if contexts is None:
            app.state.contexts.close()

    return Litestar(
        route_handlers=[
            _controller(api_schema(settings), API_PATH, settings.graphiql),
            _controller(auth_schema(settings), AUTH_PATH, settings.graphiql),
        ],
        on_startup=[start],
        on_shutdown=[stop],
        state=State({"settings": settings}),
        request_max_body_size=1_000_000,
    )
