"""The broker is chosen by KRAKEN_BROKER_URL and set before any actor is declared."""

from __future__ import annotations

import dramatiq
import pytest
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker

from workers import broker as broker_module
from workers.broker import broker_for
from workers.identity import send_pre_signed_token_email


def test_the_embedded_default_is_an_in_process_stub_broker() -> None:
    assert isinstance(broker_for(""), StubBroker)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("redis://127.0.0.1:6379/0", RedisBroker),
        ("rediss://cache.example:6380/0", RedisBroker),
        ("amqp://guest:guest@127.0.0.1:5672/", RabbitmqBroker),
        ("amqps://guest:guest@mq.example:5671/", RabbitmqBroker),
    ],
)
def test_a_url_picks_its_broker_without_connecting(url: str, kind: type) -> None:
    assert isinstance(broker_for(url), kind)


def test_another_url_is_refused() -> None:
    with pytest.raises(ValueError, match="KRAKEN_BROKER_URL"):
        broker_for("kafka://127.0.0.1")


def test_the_actors_are_declared_on_the_broker_set_first() -> None:
    assert dramatiq.get_broker() is broker_module.broker
    assert send_pre_signed_token_email.broker is broker_module.broker
    assert "identity" in broker_module.broker.get_declared_queues()
