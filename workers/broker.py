"""The Dramatiq broker of this process, set before any actor module is imported.

Dramatiq binds an actor to the global broker when the actor is declared, and `get_broker()`
silently makes a RabbitMQ broker on localhost if none was set; so every actor module imports
this module first. KRAKEN_BROKER_URL picks the broker: empty is an in-process StubBroker (the
embedded default and tests), redis:// or rediss:// is Redis, amqp:// or amqps:// is RabbitMQ.
"""

from __future__ import annotations

import threading
from typing import Any

import dramatiq
from dramatiq.broker import MessageProxy
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage, Retries

from domain.shared.actor import acting_as
from projections.metrics import ACTOR_RUNS
from settings import load


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


def delivered_by_broker() -> bool:
    """Whether the running actor's message came from the broker (which retries it when it raises),
    not from the relay running it inline (where raising would hold up every later message)."""
    return CurrentMessage.get_current_message() is not None


broker = with_outcomes(broker_for(load().broker_url))
broker.add_middleware(ActingAsWorker())
broker.add_middleware(CurrentMessage())
dramatiq.set_broker(broker)
