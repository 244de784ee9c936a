"""Whole processes: the production path through a real broker, and the embedded default surviving a kill.

These start the real `kraken` commands as subprocesses on a shared SQLite data directory.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.identity import commands
from ops import runtime
from ops.local_server import free_port
from settings import load
from tests.workers.conftest import SmtpServer

REQUIRE_SERVICES = os.environ.get("KRAKEN_REQUIRE_SERVICES") == "1"
BROKERS = {
    "redis": os.environ.get("KRAKEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
    "rabbitmq": os.environ.get("KRAKEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"),
}


def wait_for(condition: Callable[[], Any], seconds: float = 40.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


class Processes:
    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.running = env, logs, []

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.logs / f"{args[0]}-{len(self.running)}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "-m", "ops.cli", *args], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.running.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    env = {
        **os.environ,
        "KRAKEN_DATA_DIR": str(tmp_path / "var"),
        "KRAKEN_SECRET_KEY": "a-shared-secret-for-every-process-of-this-test-0123456789",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    for variable in ("KRAKEN_DATABASE_URL", "POSTGRES_DBNAME"):
        env.pop(variable, None)
    running = Processes(env, tmp_path)
    yield running
    running.stop_all()


def _purge(url: str) -> None:
    """Old messages on the shared queue name would be worked by this test's worker: start clean."""
    if url.startswith("redis"):
        import redis

        redis.Redis.from_url(url).flushdb()
    else:
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url)
        broker.declare_queue("identity", ensure=True)  # with dramatiq's own queue arguments
        broker.flush("identity")
        broker.close()


@pytest.mark.parametrize("broker", sorted(BROKERS))
def test_project_and_worker_processes_deliver_an_email_through_a_real_broker(
    processes: Processes, smtp: SmtpServer, broker: str
) -> None:
    # given a real broker, and the production processes: a runner and a worker
    url = BROKERS[broker]
    try:
        _purge(url)
    except Exception as exc:
        if REQUIRE_SERVICES:
            pytest.fail(f"{broker} is required (KRAKEN_REQUIRE_SERVICES=1) but unreachable: {exc}")
        pytest.skip(f"{broker} unreachable: {exc}")
    processes.env |= {"KRAKEN_BROKER_URL": url, "KRAKEN_SMTP_URL": smtp.url}
    settings = load(processes.env)
    contexts = runtime.build(settings)
    try:
        account = contexts.accounts.open_account("Grace Hopper")
        contexts.identity.register_user(
            commands.RegisterUser(
                email="grace@example.com",
                password="a long enough passphrase",
                given_name="Grace",
                family_name="Hopper",
                account_numbers=(account.number,),
            )
        )
        processes.start("project")
        metrics_port = free_port()
        processes.start("worker", "--processes", "1", "--threads", "2", "--metrics-port", str(metrics_port))
        # when a pre-signed key is issued (the event is the only thing the API writes)
        key_id = contexts.identity.send_pre_signed_token_email(
            commands.SendPreSignedTokenEmail(client="test", email="grace@example.com", scope="REDEEM_LOYALTY_POINTS")
        )
        # then the relay enqueues it, the worker sends it, and the outcome is recorded as an event
        wait_for(lambda: smtp.inbox.envelopes)
        assert smtp.inbox.envelopes[0].rcpt_tos == ["grace@example.com"]
        sent = wait_for(
            lambda: [e for e in contexts.identity.repository.event_store.get(key_id) if type(e).__name__ == "EmailSent"]
        )
        stored = contexts.identity.recorder.select_notifications(start=1, limit=1000)
        actors = {
            contexts.identity.mapper.to_domain_event(n).actor
            for n in stored
            if n.originator_id == sent[0].originator_id
        }
        assert "worker:send_pre_signed_token_email" in actors
        # and the worker's run is counted where its metrics are served
        assert wait_for(lambda: _actor_runs(metrics_port, "send_pre_signed_token_email", "success")) == 1
    finally:
        contexts.close()


def _actor_runs(port: int, actor: str, outcome: str) -> float | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            text = response.read().decode()
    except OSError:
        return None
    line = f'kraken_actor_runs_total{{actor="{actor}",outcome="{outcome}"}} '
    found = [float(row.removeprefix(line)) for row in text.splitlines() if row.startswith(line)]
    return found[0] if found else None


def _graphql(port: int, query: str, variables: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/graphql/",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json", **({"Authorization": token} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(json.load(response))


def _up(port: int) -> bool:
    try:
        return "data" in _graphql(port, '{ possibleErrors(name: "moveOut") { name } }', {})
    except OSError:
        return False


LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
REDEEM = """
mutation($input: RedeemLoyaltyPointsInput!) { redeemLoyaltyPointsForAccountCredit(input: $input) { pointsRedeemed } }
"""
SEND = "mutation($input: SendOneTimeLoginEmailInput!) { sendPreSignedTokenEmail(input: $input) { status } }"
LOGIN_LINK = "Your one-time login link"
# The credits of redeemed points on the account's main ledger (the demo's own history holds one of 50p).
CREDITS = """
query($n: String!) {
  account(accountNumber: $n) { transactions(first: 100) { edges { node { __typename amount note } } } }
}
"""


def _redemptions(port: int, number: str, token: str) -> list[int]:
    account = _graphql(port, CREDITS, {"n": number}, token)["data"]["account"]
    nodes = [edge["node"] for edge in account["transactions"]["edges"]]
    return sorted(
        n["amount"] for n in nodes if n["__typename"] == "Credit" and n["note"] == "LOYALTY_POINTS_REDEMPTION"
    )


def test_the_embedded_default_loses_no_reaction_when_killed_and_started_again(
    processes: Processes, tmp_path: Path
) -> None:
    # given the embedded server, whose mail server is down
    smtp = SmtpServer()
    port = free_port()
    processes.env |= {"KRAKEN_SMTP_URL": smtp.url, "KRAKEN_PORT": str(port)}
    first = processes.start("serve")
    wait_for(lambda: _up(port))
    demo = json.loads((tmp_path / "var" / "demo-credentials.json").read_text())
    token = _graphql(port, LOGIN, {"input": {"email": demo["email"], "password": demo["password"]}})["data"][
        "obtainKrakenToken"
    ]["token"]
    # when a redemption and an email are requested, and the process is killed (no clean shutdown)
    redeem = {"input": {"accountNumber": demo["account_number"], "points": 800}}
    assert _graphql(port, REDEEM, redeem, token)["data"]["redeemLoyaltyPointsForAccountCredit"]
    assert _graphql(port, SEND, {"input": {"email": demo["email"], "scope": "REDEEM_LOYALTY_POINTS"}})["data"]
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    # then, started again with the mail server up, the email goes out and the credit is there once;
    # so do the emails the demo's own history asked for while the mail server was down (its house
    # moves' confirmations, the referral's note to the referrer), each once
    smtp.start()
    try:
        processes.start("serve")
        wait_for(lambda: _up(port))
        wait_for(lambda: [m for m in smtp.inbox.messages() if m["Subject"] == LOGIN_LINK])
        number = demo["account_number"]
        assert wait_for(lambda: _redemptions(port, number, token) == [50, 100])
        time.sleep(1.0)
        sent = smtp.inbox.messages()
        assert [m["Subject"] for m in sent].count(LOGIN_LINK) == 1, [m["Subject"] for m in sent]
        assert len({m["Message-ID"] for m in sent}) == len(sent)
        assert _redemptions(port, number, token) == [50, 100]
    finally:
        smtp.stop()
