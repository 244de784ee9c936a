"""Actor tests' fixtures: a real SMTP server on loopback, and the actors' runtime on the test's applications."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

import dramatiq
import msgspec
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from dramatiq.brokers.stub import StubBroker

from ops import runtime
from ops.local_server import free_port
from settings import Settings
from workers import runtime as workers_runtime
from workers.broker import broker


class Inbox:
    """aiosmtpd handler: keeps every message it accepts; `refuse` answers the next DATA commands with 451."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.refuse = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        self.envelopes.append(envelope)
        return "250 2.0.0 OK"

    def messages(self) -> list[EmailMessage]:
        import email
        import email.policy

        return [
            email.message_from_bytes(e.original_content or b"", _class=EmailMessage, policy=email.policy.default)
            for e in self.envelopes
        ]


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker_settings(settings: Settings, smtp: SmtpServer) -> Settings:
    return msgspec.structs.replace(
        settings, smtp_url=smtp.url, public_url="https://kraken.example", mail_from="Kraken <hello@kraken.example>"
    )


@pytest.fixture
def actors(worker_settings: Settings, contexts: runtime.Contexts) -> Iterator[runtime.Contexts]:
    """The actors of this process use the test's applications, and a mailer built from the settings."""
    workers_runtime.reset()
    workers_runtime.use(settings=worker_settings, contexts=contexts)
    yield contexts
    workers_runtime.reset()


@pytest.fixture
def stub_worker() -> Iterator[dramatiq.Worker]:
    """A Dramatiq worker thread on the in-process StubBroker, its queues empty before and after."""
    assert isinstance(broker, StubBroker), "tests expect KRAKEN_BROKER_URL to be unset"
    broker.flush_all()
    worker = dramatiq.Worker(broker, worker_timeout=50)
    worker.start()
    yield worker
    worker.stop()
    broker.flush_all()
