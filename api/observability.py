"""What each GraphQL request leaves behind: one log line and its metrics, from one record.

An ASGI middleware on the two GraphQL routes opens an `Observed` record when a POST arrives and
closes it as the end of the answer is sent (or once the request ends without one). Between the
two, the schema extension `Observation` notes the operation (the root field it selects) and the
viewer the request was resolved for, and whoever writes the answer notes the errors it answered
(`answered`): the controller for GraphQL's answers, api/request_body.py for refusals before GraphQL.
Closing the record computes the outcome once and feeds both the metrics (projections/metrics.py)
and the log line ("kraken.requests", INFO).

For those requests the line replaces uvicorn's access line (`AccessLineSuperseded`): it names the
client's address, the route (as its server) and the status too, and one line per request rather than
two matters, as each line written costs the API process tens of microseconds of a request that takes
about a millisecond.

The correlation id is the client's `X-Request-ID` when it is a sane one (at most 64 letters,
digits and `._:-`), else a new one; it is returned in the answer's `X-Request-ID` and it is the id
an unexpected error is logged and answered with (api/errors.py). The log line never carries a
token, a variable or a header's value: only the fields of `Observed`.

Metric labels stay few: the operation is a root field of the schema ("introspection" for a schema
download, "other" for a document that selects none it knows), never a client's operation name.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, get_operation_ast
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from api.errors import code_of
from domain.identity.organisation import Organisation
from projections import metrics

log = logging.getLogger("kraken.requests")

STATE_KEY = "kraken.observed"
REQUEST_ID_HEADER = "x-request-id"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
RATE_LIMITED = "KT-CT-1199"
OTHER = "other"


@dataclass(slots=True)
class Observed:
    """One GraphQL request, as its log line and its metrics describe it."""

    request_id: str
    server: str
    # The client's address, as uvicorn's access line gave it (the proxy's client when it is trusted).
    client: str | None = None
    started: float = field(default_factory=time.perf_counter)
    # The root field the operation selects (a mutation's name), "introspection" or "other".
    operation: str = OTHER
    # The client's own name for its operation, when it is a well-formed GraphQL name.
    operation_name: str | None = None
    operation_type: str | None = None
    viewer: str | None = None
    status: int = 0
    # Each error answered: its code and the response key of the root field it is about (None: the request).
    errors: list[tuple[str, str | None]] = field(default_factory=list)
    # The mutation fields the operation selects: response key -> mutation name.
    mutations: dict[str, str] = field(default_factory=dict)
    # Mutations whose KT-CT-1199 is the identity throttle's (logins, MFA codes, identity checks, ...).
    logins: Collection[str] = ()
    closed: bool = False

    def close(self) -> None:
        self.closed = True
        seconds = time.perf_counter() - self.started
        outcome = _outcome(self.status, bool(self.errors))
        metrics.REQUESTS.labels(self.server, self.operation, outcome).inc()
        metrics.REQUEST_SECONDS.labels(self.server, self.operation).observe(seconds)
        by_key: dict[str | None, str] = {}
        for code, key in self.errors:
            metrics.ERRORS.labels(self.server, self.operation, code).inc()
            by_key.setdefault(key, code)
            if code == RATE_LIMITED:
                metrics.RATE_LIMITED.labels(self._rate_limit_kind(key), self.operation).inc()
        for key, mutation in self.mutations.items():
            metrics.MUTATIONS.labels(mutation, by_key.get(key, by_key.get(None, "ok"))).inc()
        fields = {
            "request_id": self.request_id,
            "server": self.server,
            "client": self.client,
            "operation": self.operation,
            "operation_name": self.operation_name,
            "operation_type": self.operation_type,
            "viewer": self.viewer,
            "status": self.status,
            "duration_ms": round(seconds * 1000, 2),
            "codes": [code for code, _ in self.errors],
        }
        log.info("graphql %s", _Pairs(fields), extra={"fields": fields})

    def _rate_limit_kind(self, key: str | None) -> str:
        if key is None:
            return "points_allowance"
        return "login_throttle" if self.mutations.get(key) in self.logins else "throttle"


def _outcome(status: int, errors: bool) -> str:
    if status >= 500:
        return "failed"
    if status >= 400:
        return "refused"
    return "error" if errors else "ok"


class _Pairs:
    """The text form of a request's fields, made only if the line is written."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def __str__(self) -> str:
        return " ".join(
            f"{name}={','.join(value) if isinstance(value, list) else value}"
            for name, value in self.fields.items()
            if value not in (None, [])
        )


def observed(scope: Scope) -> Observed | None:
    state = scope.get("state")
    return state.get(STATE_KEY) if state else None


def answered(scope: Scope, errors: Sequence[GraphQLError]) -> None:
    """Notes the errors a request is answered with (with the same codes as its answer)."""
    record = observed(scope)
    if record is not None:
        record.errors.extend((code_of(error), _key(error)) for error in errors)


def refused(scope: Scope, code: str) -> None:
    """Notes a refusal before GraphQL (a malformed body, an unexpected failure)."""
    record = observed(scope)
    if record is not None:
        record.errors.append((code, None))


def _key(error: GraphQLError) -> str | None:
    path = error.path
    return str(path[0]) if path else None


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _SANE_REQUEST_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex[:16]


def observe(servers: dict[str, str]) -> Any:
    """The middleware for the GraphQL routes; `servers` names the server at each path."""
    # Litestar hands the path on without its trailing slash.
    by_path = {path.rstrip("/"): server for path, server in servers.items()}

    def middleware(app: ASGIApp) -> ASGIApp:
        async def observing(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP or scope.get("method") != "POST":
                await app(scope, receive, send)
                return
            client = scope.get("client")
            record = Observed(
                request_id_of(scope), by_path.get(scope["path"].rstrip("/"), OTHER), client[0] if client else None
            )
            scope.setdefault("state", {})[STATE_KEY] = record
            header = (REQUEST_ID_HEADER.encode(), record.request_id.encode())

            async def sending(message: Message) -> None:
                if message["type"] == "http.response.start":
                    record.status = message["status"]
                    message["headers"] = [*message.get("headers", ()), header]
                elif message["type"] == "http.response.body" and not message.get("more_body", False):
                    # Before the answer's end leaves: a client that has its answer finds it counted.
                    record.close()
                await send(message)

            try:
                await app(scope, receive, sending)
            finally:
                if not record.closed:
                    record.close()

        return observing

    return middleware


class AccessLineSuperseded(logging.Filter):
    """On uvicorn's access log: drops the line of a POST to a GraphQL route, for which this module
    writes a line of its own (while its logger writes INFO); every other request keeps uvicorn's."""

    def __init__(self, paths: Collection[str]) -> None:
        super().__init__()
        self.paths = frozenset(path.rstrip("/") for path in paths)

    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's access line: (client address, method, path and query, HTTP version, status).
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and args[1] == "POST" and log.isEnabledFor(logging.INFO):
            return str(args[2]).partition("?")[0].rstrip("/") not in self.paths
        return True


def supersede_access_lines(paths: Collection[str]) -> None:
    """Installs `AccessLineSuperseded` on uvicorn's access log, once per process (uvicorn has
    configured its loggers by the time its factory makes the app)."""
    access_log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLineSuperseded) for f in access_log.filters):
        access_log.addFilter(AccessLineSuperseded(paths))


class Observation(SchemaExtension):
    """Notes on the request's record what only execution knows: its operation, the mutations it
    selects, the viewer it was resolved for."""

    def __init__(self, logins: Collection[str] = ()) -> None:
        super().__init__()
        self.logins = logins

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context
        record = getattr(context.context, "observed", None)
        if record is None:
            return
        record.logins = self.logins
        name = context.operation_name
        record.operation_name = name if name and _OPERATION_NAME.fullmatch(name) else None
        document = context.graphql_document
        operation = get_operation_ast(document, name) if document is not None else None
        if operation is not None:
            record.operation_type = operation.operation.value
            _note_fields(record, operation, context.schema._schema)
        principal = getattr(context.context, "principal", None)
        if principal is not None:
            viewer = principal.viewer
            kind = "organisation" if isinstance(viewer, Organisation) else "user"
            record.viewer = f"{kind}:{viewer.id}"


def _note_fields(record: Observed, operation: OperationDefinitionNode, schema: Any) -> None:
    root = schema.get_root_type(operation.operation)
    known = root.fields if root is not None else {}
    names = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    chosen = next((s.name.value for s in names if s.name.value in known), None)
    if chosen is not None:
        record.operation = chosen
    elif names and all(s.name.value.startswith("__") for s in names):
        record.operation = "introspection"
    if operation.operation.value == "mutation":
        record.mutations = {(s.alias or s.name).value: s.name.value for s in names if s.name.value in known}
