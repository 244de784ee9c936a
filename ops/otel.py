"""The OpenTelemetry tracer behind the hooks of domain/shared/tracing.py.

Imported only once tracing is on (ops/tracing.py), so a process that does not trace never loads
OpenTelemetry. The SDK reads its own OTEL_* variables: OTEL_EXPORTER_OTLP_ENDPOINT (and the rest of
the OTLP exporter's), OTEL_SERVICE_NAME (default here: kraken-es), OTEL_RESOURCE_ATTRIBUTES and
OTEL_TRACES_SAMPLER.

What a span records is chosen for operators, never for snooping: names of operations, mutations,
commands, actors and aggregates, counts, and Kraken error codes. An error that is not a Kraken
error is recorded by its type only: its message may quote what a customer typed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Link, SpanContext, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from domain.shared import tracing
from domain.shared.errors import KrakenError

_PROPAGATOR = TraceContextTextMapPropagator()
_KINDS: dict[tracing.Kind, SpanKind] = {
    "internal": SpanKind.INTERNAL,
    "server": SpanKind.SERVER,
    "producer": SpanKind.PRODUCER,
    "consumer": SpanKind.CONSUMER,
}


class _Recording:
    """An OpenTelemetry span, as the hooks' `Span`."""

    __slots__ = ("_span",)

    def __init__(self, span: trace.Span) -> None:
        self._span = span

    @property
    def recording(self) -> bool:
        # False for a span the sampler left out: its attributes are not worked out.
        return self._span.is_recording()

    def set(self, key: str, value: tracing.Attribute) -> None:
        self._span.set_attribute(key, value)

    def rename(self, name: str) -> None:
        self._span.update_name(name)

    def fail(self, reason: str) -> None:
        self._span.set_status(Status(StatusCode.ERROR, reason))


def _context_of(traceparent: str) -> Any:
    return _PROPAGATOR.extract({"traceparent": traceparent})


def _span_context(traceparent: str) -> SpanContext:
    return trace.get_current_span(_context_of(traceparent)).get_span_context()


class OpenTelemetryTracer:
    """Records the hooks' spans with an OpenTelemetry tracer."""

    def __init__(self, tracer: trace.Tracer) -> None:
        self._tracer = tracer

    @contextmanager
    def span(
        self,
        name: str,
        attributes: Mapping[str, tracing.Attribute],
        kind: tracing.Kind,
        parent: str | None,
        links: Sequence[str],
    ) -> Iterator[tracing.Span]:
        linked = [Link(context) for context in map(_span_context, links) if context.is_valid]
        with self._tracer.start_as_current_span(
            name,
            context=_context_of(parent) if parent else None,
            kind=_KINDS[kind],
            attributes=attributes,
            links=linked,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                yield _Recording(span)
            except KrakenError as refused:
                # A refusal is an answer, not a failure: its code says which.
                span.set_attribute("kraken.error_code", refused.code)
                raise
            except BaseException as error:
                span.set_attribute("error.type", f"{type(error).__module__}.{type(error).__qualname__}")
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
                raise

    def traceparent(self) -> str | None:
        carrier: dict[str, str] = {}
        _PROPAGATOR.inject(carrier)
        return carrier.get("traceparent")


def provider(kind: str) -> TracerProvider:
    """The process's tracer provider: spans batched to the OTLP endpoint (`otlp`) or to stdout (`console`)."""
    resource = Resource.create()
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: "kraken-es"}))
    made = TracerProvider(resource=resource)
    exporter: SpanExporter = ConsoleSpanExporter()
    if kind == "otlp":
        # Only `otlp` needs the exporter's package (and its protobuf).
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()
    made.add_span_processor(BatchSpanProcessor(exporter))
    return made


def install(made: TracerProvider) -> None:
    """Records this process's spans through `made` (tests install one with an in-memory exporter)."""
    tracing.install(OpenTelemetryTracer(made.get_tracer("kraken-es")))
