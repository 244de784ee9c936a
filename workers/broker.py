"""The Dramatiq broker of this process, set before any actor module is imported.

Dramatiq binds an actor to the global broker when the actor is declared, and `get_broker()`
silently makes a RabbitMQ broker on localhost if none was set; so every actor module imports
this module first. KRAKEN_BROKER_URL picks the broker: empty is an in-process StubBroker (the
embedded default and tests), redis:// or rediss:// is Redis, amqp:// or amqps:// is RabbitMQ.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.stub import StubBroker

from ops.settings import load


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


broker = broker_for(load().broker_url)
dramatiq.set_broker(broker)
