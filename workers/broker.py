"""The Dramatiq broker of this process, set before any actor module is imported.

Dramatiq binds an actor to the global broker when the actor is declared, and `get_broker()`
silently makes a RabbitMQ broker on localhost if none was set; so every actor module imports
this module first. KRAKEN_BROKER_URL picks the broker: empty is an in-process StubBroker (the
embedded default and tests), redis:// or rediss:// is Redis, amqp:// or amqps:// is RabbitMQ.
"""

from __future__ import annotations

import os
import threading
from contextlib import AbstractContextManager
from typing import Any

import dramatiq
from dramatiq.broker import MessageProxy
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage, Retries

from domain.shared import tracing
from domain.shared.actor import acting_as
from projections.metrics import ACTOR_RUNS


def broker_for(url: str) -> dramatiq.Broker:
    if not url:
        return StubBroker()
    if url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        # dramatiq's RedisBroker.__init__ has no annotations.
        return RedisBroker(url=url)  # type: ignore[no-untyped-call,unused-ignore]
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url)
    raise ValueError("KRAKEN_BROKER_URL: expected redis://... or amqp://...")


class ActingAsWorker(dramatiq.Middleware):
    """Events an actor records say which actor recorded them (the audit's "by whom")."""

    def __init__(self) -> None:
        self._acting = threading.local()

    def before_process_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        self._acting.context = acting_as(f"worker:{message.actor_name}")
        self._acting.context.__enter__()

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        self._leave()

    def after_skip_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        self._leave()

    def _leave(self) -> None:
        context = getattr(self._acting, "context", None)
        if context is not None:
            context.__exit__(None, None, None)
            self._acting.context = None


class ActorOutcomes(dramatiq.Middleware):
    """Counts each actor's runs by outcome: success; retry when it raised and Dramatiq will deliver it
    again; failure when it raised and Dramatiq gave up on it. Added before Retries, so that it hears
    of a run after Retries has decided (Dramatiq calls the after-hooks in reverse order)."""

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        outcome = "success" if exception is None else "failure" if message.failed else "retry"
        ACTOR_RUNS.labels(message.actor_name, outcome).inc()


def with_outcomes(broker: dramatiq.Broker) -> dramatiq.Broker:
    """The broker, counting its actors' runs (before Retries where it has them)."""
    has_retries = any(isinstance(middleware, Retries) for middleware in broker.middleware)
    broker.add_middleware(ActorOutcomes(), before=Retries if has_retries else None)
    return broker


# The option of a message that carries the relay's span context to the worker that runs it.
TRACEPARENT = "traceparent"


def running(actor_name: str, parent: str | None = None) -> AbstractContextManager[tracing.Span]:
    """The span of an actor's run: a child of the relay's hand-over, current or carried by the message."""
    return tracing.span(f"actor {actor_name}", {"kraken.actor": actor_name}, kind="consumer", parent=parent)


class TracedRun(dramatiq.Middleware):
    """A message's run is a span of the trace its relay sent it in (when tracing is on)."""

    def __init__(self) -> None:
        self._running = threading.local()

    def before_process_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        parent = message.options.get(TRACEPARENT)
        span = running(message.actor_name, parent if isinstance(parent, str) else None)
        span.__enter__()
        self._running.span = span

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: MessageProxy,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        self._leave(exception)

    def after_skip_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        self._leave(None)

    def _leave(self, exception: BaseException | None) -> None:
        span = getattr(self._running, "span", None)
        if span is not None:
            self._running.span = None
            if exception is None:
                span.__exit__(None, None, None)
            else:
                span.__exit__(type(exception), exception, exception.__traceback__)


def delivered_by_broker() -> bool:
    """Whether the running actor's message came from the broker (which retries it when it raises),
    not from the relay running it inline (where raising would hold up every later message)."""
    return CurrentMessage.get_current_message() is not None


# Only the broker's own variable is read here, at import: the other settings are checked where a
# command starts, which answers a bad one with a message rather than a traceback.
broker = with_outcomes(broker_for(os.environ.get("KRAKEN_BROKER_URL", "")))
broker.add_middleware(ActingAsWorker())
broker.add_middleware(TracedRun())
broker.add_middleware(CurrentMessage())
dramatiq.set_broker(broker)
