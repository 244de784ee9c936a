"""Tracing: a mutation's spans from the HTTP request down to the append of its events; a reaction and
the relay's hand-over of an event linked to the request that recorded it, and the actor's run the
hand-over's child (inline, through Dramatiq's stub broker and through Redis); nothing recorded, and
OpenTelemetry never imported, when tracing is off; start-up stopped when it is on but not installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dramatiq
import pytest
import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from litestar.testing import TestClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from domain.accounts.account import Account
from domain.accounts.errors import AccountNumberNotFound
from domain.identity.password_reset import PasswordReset
from domain.shared import tracing
from domain.shared.encoding import recorded_in
from ops import otel, runtime
from ops.runtime import create_app
from settings import Settings, SettingsError, load
from tests.api.loyalty.conftest import register, token_for
from tests.helpers import GraphQL, refused_with
from workers import broker as broker_module
from workers.broker import TracedRun
from workers.dispatch import REACTIONS, Reaction
from workers.passwords import send_password_reset_email
from workers.relay import RelayFollower, enqueue

ROOT = Path(__file__).parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"
UPDATE = """
mutation Update($input: MetadataInput!) { updateMetadata(input: $input) { metadata { key value } } }
"""
RESET = "mutation Reset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { email } }"
SECRET_VALUE = '{"shoe": "size 38, left foot"}'


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """This process traces into memory while the test runs."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    otel.install(provider)
    yield exporter
    tracing.install(None)
    provider.shutdown()


@pytest.fixture
def traced(spans: InMemorySpanExporter, settings: Settings, contexts: runtime.Contexts) -> Iterator[GraphQL]:
    # The app is made once the tracer is installed: its requests then have spans of their own.
    with TestClient(create_app(settings, contexts, follow=False)) as client:
        yield GraphQL(client)


def named(exporter: InMemorySpanExporter, name: str) -> ReadableSpan:
    [found] = [span for span in exporter.get_finished_spans() if span.name == name]
    return found


def parent_of(child: ReadableSpan, exporter: InMemorySpanExporter) -> ReadableSpan:
    assert child.parent is not None, child.name
    [found] = [span for span in exporter.get_finished_spans() if span.context.span_id == child.parent.span_id]
    return found


def metadata(account_number: str, key: str, value: str) -> dict[str, Any]:
    return {"input": {"identifier": account_number, "linkedObjectType": "ACCOUNT", "key": key, "value": value}}


def every_value(exporter: InMemorySpanExporter) -> str:
    return json.dumps([[span.name, dict(span.attributes or {})] for span in exporter.get_finished_spans()], default=str)


def test_a_mutation_is_traced_from_the_request_to_the_append_of_its_events(
    backend: str, traced: GraphQL, spans: InMemorySpanExporter, contexts: runtime.Contexts, customer: dict
) -> None:
    token = token_for(contexts, customer["email"])
    spans.clear()
    # when
    body = traced(UPDATE, metadata(customer["account_number"], "crm.tier", SECRET_VALUE), token=token)
    # then
    assert "errors" not in body
    append = named(spans, "append")
    command = parent_of(append, spans)
    mutation = parent_of(command, spans)
    operation = parent_of(mutation, spans)
    request = parent_of(operation, spans)
    assert request.parent is None and request.kind is SpanKind.SERVER
    assert (request.name, dict(request.attributes or {})) == (
        "POST /v1/graphql",
        {"http.request.method": "POST", "http.route": "/v1/graphql", "http.response.status_code": 200},
    )
    assert operation.name == "mutation Update"
    assert operation.attributes == {"graphql.operation.type": "mutation", "graphql.operation.name": "Update"}
    assert (mutation.name, mutation.attributes) == ("mutation updateMetadata", {"graphql.field": "updateMetadata"})
    assert command.name == "command MetadataCommands.update_metadata"
    assert command.attributes == {"kraken.context": "Accounts", "kraken.command": "MetadataCommands.update_metadata"}
    assert dict(append.attributes or {}) == {
        "db.system": "postgresql" if backend == "postgres" else "sqlite",
        # The metadata opened, and its key set.
        "kraken.events": 2,
        "kraken.aggregates": ("domain.accounts.metadata:Metadata",),
        "kraken.tracked": False,
    }
    assert len({span.context.trace_id for span in spans.get_finished_spans()}) == 1
    # What was set, and who set it, stays out of the trace.
    recorded = every_value(spans)
    assert "size 38" not in recorded and customer["email"] not in recorded and token not in recorded


def test_a_refused_mutation_records_the_code_it_answered_with(
    traced: GraphQL, spans: InMemorySpanExporter, contexts: runtime.Contexts, customer: dict
) -> None:
    stranger = contexts.accounts.open_account("Charles Babbage")
    register(contexts, "charles@example.com", "Charles Babbage", stranger.number)
    charles = token_for(contexts, "charles@example.com")
    spans.clear()
    # when Charles, who does not belong to Ada's account, sets its metadata
    body = traced(UPDATE, metadata(customer["account_number"], "k", "1"), token=charles)
    # then
    refused_with(body, "KT-CT-4323")
    mutation = named(spans, "mutation updateMetadata")
    assert mutation.attributes is not None and mutation.attributes["kraken.error_code"] == "KT-CT-4323"
    operation = named(spans, "mutation Update")
    assert operation.attributes is not None and operation.attributes["kraken.error_codes"] == ("KT-CT-4323",)
    # A refusal is an answer: nothing failed and nothing was appended.
    assert all(span.status.is_ok for span in spans.get_finished_spans())
    assert not [span for span in spans.get_finished_spans() if span.name == "append"]


def test_a_command_records_the_code_of_the_domain_error_refusing_it(
    spans: InMemorySpanExporter, contexts: runtime.Contexts
) -> None:
    def decide() -> tuple[None, list[Any]]:
        raise AccountNumberNotFound("No account A-NOSUCHAC.")

    with pytest.raises(AccountNumberNotFound):
        contexts.accounts.decide(decide)
    [command] = spans.get_finished_spans()
    assert command.attributes is not None and command.attributes["kraken.error_code"] == AccountNumberNotFound.code
    assert command.status.is_unset


def test_an_unexpected_error_is_recorded_by_its_type_never_its_message(
    spans: InMemorySpanExporter, contexts: runtime.Contexts
) -> None:
    def decide() -> tuple[None, list[Any]]:
        raise RuntimeError("ada@example.com could not be saved")

    with pytest.raises(RuntimeError):
        contexts.accounts.decide(decide)
    [command] = spans.get_finished_spans()
    assert command.status.status_code is StatusCode.ERROR
    assert command.attributes is not None and command.attributes["error.type"] == "builtins.RuntimeError"
    assert "ada@example.com" not in every_value(spans) and not command.events


def test_a_request_joins_the_trace_its_caller_sends(traced: GraphQL, spans: InMemorySpanExporter) -> None:
    caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    traced("{ __typename }", traceparent=caller)
    request = named(spans, "POST /v1/graphql")
    assert request.parent is not None
    assert (request.context.trace_id, request.parent.span_id) == (
        0x0AF7651916CD43DD8448EB211C80319C,
        0xB7AD6B7169203331,
    )


def test_a_page_s_secret_in_its_path_is_not_in_its_span(traced: GraphQL, spans: InMemorySpanExporter) -> None:
    traced.client.get("/payments/hosted/tok-very-secret-123")
    [request] = spans.get_finished_spans()
    assert request.name == "GET /payments/hosted/{token}"
    recorded = every_value(spans)
    assert "tok-very-secret-123" not in recorded


def test_the_relay_links_to_the_request_and_runs_the_actor_as_its_child(
    backend: str,
    traced: GraphQL,
    spans: InMemorySpanExporter,
    customer: dict,
    catch_up: Callable[[], int],
) -> None:
    catch_up()
    spans.clear()
    traced(RESET, {"input": {"email": customer["email"]}})
    [request] = [span for span in spans.get_finished_spans() if span.kind is SpanKind.SERVER]
    # when the outbox relay runs the passwords worker inline (the embedded default)
    catch_up()
    # then
    handing_over = named(spans, "outbox send_password_reset_email")
    assert handing_over.attributes is not None
    assert handing_over.attributes["kraken.actor"] == "send_password_reset_email"
    assert handing_over.attributes["kraken.event"] == "PasswordReset.Requested"
    [link] = handing_over.links
    assert link.context.trace_id == request.context.trace_id
    actor = named(spans, "actor send_password_reset_email")
    assert actor.kind is SpanKind.CONSUMER
    assert actor.parent is not None and actor.parent.span_id == handing_over.context.span_id
    # What the actor records (that the email was sent) is part of its run.
    recorded = [span.name for span in spans.get_finished_spans() if span.parent == actor.context]
    assert recorded == ["command PasswordCommands.record_password_reset_email_sent"]


def test_a_reaction_links_to_the_command_and_its_append_is_its_child(
    spans: InMemorySpanExporter, contexts: runtime.Contexts, catch_up: Callable[[], int]
) -> None:
    with tracing.span("test"):
        contexts.accounts.open_account("Ada Lovelace")
    [test] = spans.get_finished_spans()[-1:]
    # when Payments reacts to the opened account (it opens the account's main ledger)
    catch_up()
    # then
    [reaction] = [span for span in spans.get_finished_spans() if span.name == "reaction Payments"]
    assert reaction.attributes is not None and reaction.attributes["kraken.event"] == "Account.Opened"
    assert [link.context.trace_id for link in reaction.links] == [test.context.trace_id]
    [append] = [span for span in spans.get_finished_spans() if span.parent == reaction.context]
    assert append.attributes is not None and append.attributes["kraken.tracked"] is True


def test_through_a_broker_the_worker_s_run_is_a_child_of_the_relay_s_hand_over(
    spans: InMemorySpanExporter,
    traced: GraphQL,
    customer: dict,
    settings: Settings,
    contexts: runtime.Contexts,
    catch_up: Callable[[], int],
) -> None:
    # `catch_up` hands the actors the test's applications; the relay here enqueues instead.
    stub = broker_module.broker
    assert isinstance(stub, StubBroker)
    traced(RESET, {"input": {"email": customer["email"]}})
    (reaction,) = [r for r in REACTIONS if r.actor is send_password_reset_email]
    relay = RelayFollower(reaction, contexts.identity, contexts.read.store, enqueue)
    # when the relay enqueues the message and a Dramatiq worker runs it
    assert relay.run_once() == 1
    worker = dramatiq.Worker(stub, worker_timeout=50, worker_threads=1)
    worker.start()
    try:
        stub.join(send_password_reset_email.queue_name, timeout=10_000)
        worker.join()
    finally:
        worker.stop()
    # then
    handing_over = named(spans, "outbox send_password_reset_email")
    actor = named(spans, "actor send_password_reset_email")
    assert actor.parent is not None and actor.parent.span_id == handing_over.context.span_id
    assert actor.context.trace_id == handing_over.context.trace_id
    assert (Path(settings.data_dir) / "mailbox").exists()


def test_through_redis_the_relay_s_span_context_reaches_the_worker_s_run(
    spans: InMemorySpanExporter, traced: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable")
    real = RedisBroker(url=REDIS_URL)
    real.add_middleware(TracedRun())
    # An actor of its own, on the Redis broker, reacting as the password reset email does.
    queue = f"tracing-test-{uuid.uuid4().hex[:8]}"
    seen: list[tuple[str, str | None]] = []
    actor: dramatiq.Actor[..., Any] = dramatiq.actor(
        lambda reset_id: seen.append((reset_id, tracing.traceparent())), actor_name=queue, queue_name=queue, broker=real
    )
    reaction = Reaction("identity", PasswordReset.Requested, actor, lambda e: (str(e.originator_id),))
    traced(RESET, {"input": {"email": customer["email"]}})
    [request] = [span for span in spans.get_finished_spans() if span.kind is SpanKind.SERVER]
    worker = dramatiq.Worker(real, worker_timeout=50, worker_threads=1)
    try:
        # when the relay enqueues the message on Redis and a worker runs it
        assert RelayFollower(reaction, contexts.identity, contexts.read.store, enqueue).run_once() == 1
        worker.start()
        real.join(queue, timeout=10_000)
        worker.join()
    finally:
        worker.stop()
        real.flush(queue)
        real.close()
    # then
    handing_over = named(spans, f"outbox {queue}")
    assert [link.context.trace_id for link in handing_over.links] == [request.context.trace_id]
    run = named(spans, f"actor {queue}")
    assert run.parent is not None and run.parent.span_id == handing_over.context.span_id
    assert run.context.trace_id == handing_over.context.trace_id
    # The actor ran inside its span.
    [(_, current)] = seen
    assert current is not None
    assert current.split("-")[1:3] == [f"{run.context.trace_id:032x}", f"{run.context.span_id:016x}"]


def test_untraced_a_span_is_one_shared_object_that_does_nothing() -> None:
    assert not tracing.active()
    assert tracing.span("command") is tracing.UNTRACED
    assert tracing.traceparent() is None
    with tracing.span("command") as span:
        assert not span.recording


# Run in a process of its own: a mutation over HTTP, then the reactions to it (the relay runs the
# email actor inline). Litestar imports its own OpenTelemetry plugin, when installed, as it makes an
# app: what the process imports is compared from then on.
UNTRACED_PROCESS = """
import sys
from litestar.testing import TestClient
from domain.identity.commands import RegisterUser
from ops.runtime import build, create_app, settling
from settings import load

def loaded():
    return {name for name in sys.modules if name.startswith(("opentelemetry", "ops.otel"))}

settings = load({"KRAKEN_DATA_DIR": sys.argv[1], "KRAKEN_SECRET_KEY": "s" * 32})
contexts = build(settings)
contexts.identity.register_user(
    RegisterUser(email="ada@example.com", password="correct horse battery staple", given_name="Ada",
                 family_name="Lovelace", account_numbers=())
)
app = create_app(settings, contexts, follow=False)
before = loaded()
with TestClient(app) as client:
    variables = {"input": {"email": "ada@example.com"}}
    body = client.post("/v1/graphql/", json={"query": sys.argv[2], "variables": variables})
assert body.json() == {"data": {"requestPasswordReset": {"email": "ada@example.com"}}}, body.text
with settling(settings, contexts) as settle:
    assert settle() > 0
contexts.close()
assert not {"ops.otel", "opentelemetry.trace", "opentelemetry.sdk"} & before, before
print(sorted(loaded() - before))
"""


def test_off_a_request_and_its_reactions_never_import_opentelemetry(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", UNTRACED_PROCESS, str(tmp_path / "var"), RESET],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_tracing_on_without_the_extra_stops_start_up_naming_it(tmp_path: Path) -> None:
    # OpenTelemetry made unimportable, as in an installation without the otel extra.
    script = "import sys; sys.modules['opentelemetry'] = None; from ops.cli import app; app(['serve'])"
    environment = {**os.environ, "KRAKEN_TRACING": "otlp", "KRAKEN_DATA_DIR": str(tmp_path / "var")}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "KRAKEN_TRACING=otlp needs OpenTelemetry" in done.stdout and "kraken-es[otel]" in done.stdout
    assert "Traceback" not in done.stderr


def test_the_setting_takes_only_its_three_values() -> None:
    assert load({}).tracing == "off"
    assert load({"KRAKEN_TRACING": "console"}).tracing == "console"
    with pytest.raises(SettingsError, match="KRAKEN_TRACING"):
        load({"KRAKEN_TRACING": "jaeger"})


def test_an_event_stores_the_trace_it_was_recorded_in_only_while_tracing(
    settings: Settings, contexts: runtime.Contexts
) -> None:
    untraced = contexts.accounts.open_account("Charles Babbage").number
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    otel.install(provider)
    try:
        with tracing.span("test"):
            traced = contexts.accounts.open_account("Ada Lovelace").number
        [command] = [span for span in exporter.get_finished_spans() if span.name.startswith("command")]
        opened = {
            event.number: (event, recorded_in(contexts.accounts.mapper, notification))
            for notification in contexts.accounts.recorder.select_notifications(start=1, limit=100)
            if isinstance(event := contexts.accounts.mapper.to_domain_event(notification), Account.Opened)
        }
    finally:
        tracing.install(None)
    # The command's span context, ids only, beside the event recorded while tracing; none before.
    assert (opened[traced][1] or "").split("-")[1:3] == [
        f"{command.context.trace_id:032x}",
        f"{command.context.span_id:016x}",
    ]
    assert opened[untraced][1] is None
    # The event read back is the same either way: the trace is not one of its fields.
    assert "traceparent" not in vars(opened[traced][0]) and "_trace" not in vars(opened[traced][0])
    assert vars(opened[traced][0]).keys() == vars(opened[untraced][0]).keys()


# A process of its own, as tracing is configured once per process: a collector on a free port, the
# SDK told where it is by OTEL_EXPORTER_OTLP_ENDPOINT, and one span sent to it.
OTLP_PROCESS = """
import os, sys, threading
from http.server import BaseHTTPRequestHandler, HTTPServer

received = []

class Collector(BaseHTTPRequestHandler):
    def do_POST(self):
        received.append((self.path, self.headers["Content-Type"], self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass

server = HTTPServer(("127.0.0.1", 0), Collector)
threading.Thread(target=server.serve_forever, daemon=True).start()
os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = f"http://127.0.0.1:{server.server_port}"

from opentelemetry import trace
from domain.identity.password_reset import PasswordReset
from domain.shared import tracing
from domain.shared.encoding import recorded_in
from domain.accounts.account import Account
from domain.accounts.errors import AccountNumberNotFound
from ops import tracing as configured
from settings import load

configured.configure(load({"KRAKEN_TRACING": "otlp", "KRAKEN_DATA_DIR": sys.argv[1]}))
with tracing.span("command", {"kraken.context": "Accounts"}):
    pass
trace.get_tracer_provider().force_flush()
[(path, kind, body)] = received
print(path, kind, b"kraken-es" in body, b"kraken.context" in body)
"""


def test_otlp_sends_spans_to_the_endpoint_the_sdk_reads(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", OTLP_PROCESS, str(tmp_path / "var")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["/v1/traces", "application/x-protobuf", "True", "True"]
