"""Where the spans of a trace begin and end, for whichever tracer records them.

Every layer marks its steps here: the request and its GraphQL operation (api/), a command and the
append of its events (domain/), a process application's reaction to an event (projections/), the
relay's hand-over of an event and the actor's run (workers/).
Nothing is recorded unless the composition root installs a tracer (ops/tracing.py, when
KRAKEN_TRACING is on); this module never imports OpenTelemetry. Untraced, `span` is one function
call answering a shared context manager that does nothing, so a call site works out an attribute
that costs anything only `if span.recording`.

A span's context crosses a process as a W3C `traceparent` string: in a Dramatiq message's options,
and in a stored event, so that a reaction to the event, or the relay handing it on, links to the
request that recorded it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Literal, Protocol

Attribute = str | bool | int | float | Sequence[str]
# What a span stands for, as OpenTelemetry's span kinds: a request served, a message sent or run.
Kind = Literal["internal", "server", "producer", "consumer"]


class Span(Protocol):
    @property
    def recording(self) -> bool: ...

    def set(self, key: str, value: Attribute) -> None: ...

    def rename(self, name: str) -> None: ...

    def fail(self, reason: str) -> None:
        """Marks the span as failed without an exception leaving it (an HTTP 500 answered)."""


class Tracer(Protocol):
    def span(
        self, name: str, attributes: Mapping[str, Attribute], kind: Kind, parent: str | None, links: Sequence[str]
    ) -> AbstractContextManager[Span]:
        """A span, current inside the block; a child of `parent` (a traceparent) when given, else of
        the current span. An error leaving the block marks it: a Kraken error by its code only."""
        ...

    def traceparent(self) -> str | None:
        """The current span's context as a W3C traceparent, or None outside any span."""
        ...


class _Untraced:
    """The span, and its context manager, when nothing is recorded."""

    recording = False

    def set(self, key: str, value: Attribute) -> None:
        pass

    def rename(self, name: str) -> None:
        pass

    def fail(self, reason: str) -> None:
        pass

    def __enter__(self) -> _Untraced:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        return None


UNTRACED = _Untraced()
_tracer: Tracer | None = None


def install(tracer: Tracer | None) -> None:
    """Records spans through `tracer` from now on in this process (None: records nothing again)."""
    global _tracer
    _tracer = tracer


def active() -> bool:
    return _tracer is not None


def span(
    name: str,
    attributes: Mapping[str, Attribute] | None = None,
    *,
    kind: Kind = "internal",
    parent: str | None = None,
    links: Sequence[str] = (),
) -> AbstractContextManager[Span]:
    """A span around the block (see `Tracer.span`); `links` are traceparents of related traces."""
    tracer = _tracer
    if tracer is None:
        return UNTRACED
    return tracer.span(name, attributes or {}, kind, parent, links)


def traceparent() -> str | None:
    """The current span's context, to carry across a process; None when untraced."""
    tracer = _tracer
    return None if tracer is None else tracer.traceparent()


class Stored(Protocol):
    @property
    def topic(self) -> str: ...


def appending(system: str, stored_events: Sequence[Stored], tracked: bool) -> AbstractContextManager[Span]:
    """The span of one append to an event store: how many events, of which aggregates (their
    classes' topics, never their contents), and whether a reaction's tracking record goes with them."""
    if _tracer is None:
        return UNTRACED
    return span(
        "append",
        {
            "db.system": system,
            "kraken.events": len(stored_events),
            "kraken.aggregates": sorted({_aggregate(event.topic) for event in stored_events}),
            "kraken.tracked": tracked,
        },
    )


def _aggregate(topic: str) -> str:
    """`domain.accounts.account:Account` of the event topic `domain.accounts.account:Account.Opened`."""
    module, _, name = topic.partition(":")
    owner = name.rpartition(".")[0]
    return f"{module}:{owner}" if owner else topic
