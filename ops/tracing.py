"""Tracing (KRAKEN_TRACING): off by default; `otlp` sends spans to an OpenTelemetry collector,
`console` prints them.

Each process that traces installs its tracer here at start-up (the API, `kraken project`, the
scheduler and the workers all build their applications through ops/runtime.py; a Dramatiq worker
starts from ops/worker.py). Off, nothing here imports OpenTelemetry and every hook of
domain/shared/tracing.py answers a shared do-nothing span.

A request's trace: the HTTP request (`RequestSpans`) → its GraphQL operation (api/preparation.py)
→ each mutation field, with the Kraken code it answers when refused (api/mutation.py) → the
command, with its retries after conflicts (domain/shared/application.py) → the append of its
events (domain/shared/recorders.py, domain/shared/sqlite_recorders.py). Every event appended while
tracing records its command's span context, ids only, beside the event (domain/shared/encoding.py);
a reaction to the event (projections/projection.py) and the relay's hand-over of it link to it, and
the actor's run is the hand-over's child: in the same thread when the relay runs it inline, through
the message's `traceparent` option when a broker carries it (workers/relay.py, workers/broker.py).
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Middleware, Receive, Scope, Send

from domain.shared import tracing
from settings import Settings, check_tracing

_TRACEPARENT = b"traceparent"
# A W3C traceparent is 55 characters; anything much longer is not one.
_TRACEPARENT_MAX = 128


def configure(settings: Settings) -> None:
    """Installs this process's tracer as the settings say, once; `off` installs nothing."""
    if settings.tracing == "off" or tracing.active():
        return
    check_tracing(settings.tracing)
    from opentelemetry import trace

    from ops import otel

    provider = otel.provider(settings.tracing)
    # Global too, so that a library's own instrumentation would report into the same traces.
    trace.set_tracer_provider(provider)
    otel.install(provider)


def middleware() -> list[Middleware]:
    """What the API app is wrapped in: request spans while a tracer is installed, else nothing."""
    return [RequestSpans] if tracing.active() else []


class RequestSpans:
    """One server span per HTTP request: its method, its route and its status; a child of the
    caller's span when the request carries a `traceparent` header.

    The route is the handler's template (`/v1/graphql/`, `/login/{key:str}`), never the path itself
    or its query, where the pages carry their secrets; no header but `traceparent` and no client
    address is recorded.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        route = scope.get("path_template") or "unmatched"
        attributes: dict[str, tracing.Attribute] = {"http.request.method": method, "http.route": route}
        with tracing.span(f"{method} {route}", attributes, kind="server", parent=_traceparent(scope)) as span:

            async def answer(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status = message["status"]
                    span.set("http.response.status_code", status)
                    if status >= 500:
                        span.fail(f"HTTP {status}")
                await send(message)

            await self.app(scope, receive, answer)


def _traceparent(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == _TRACEPARENT and len(value) <= _TRACEPARENT_MAX:
            return value.decode("latin-1")
    return None
