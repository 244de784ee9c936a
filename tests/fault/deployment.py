"""A production deployment on real processes, its customers, and the traffic a fault test drives.

The deployment: `kraken serve` (the API), `kraken project` (read models, reactions, outbox relay)
and `kraken worker` (Dramatiq on Redis), on PostgreSQL in a schema of their own. The test process
builds the same context applications to seed customers and to inspect the event stores, the read
models and the sandbox provider's state afterwards.

The traffic: clients calling collectPayment over HTTP, each request a new payment due today by
direct debit under its own idempotency key, and loyalty point transfers between the two users of
an account. Every answer is kept, so that what a client was told can be held against the stores.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from dramatiq.brokers.redis import MAINTENANCE_SCALE, RedisBroker
from dramatiq.common import dq_name
from psycopg import sql
from redis import Redis

from domain.identity import commands as identity
from domain.loyalty import commands as loyalty
from domain.payments import commands as payments
from domain.payments.ledger import main_ledger_number
from ops import runtime
from ops.local_server import free_port, inherited_environment
from settings import Settings, load
from tests.fault.services import Api, Kraken, PostgresCluster, RedisServer, Worker, wait_until
from workers.dispatch import REACTIONS

COLLECT = (
    "mutation Collect($input: CollectPaymentInput!) { collectPayment(input: $input) { payment { id amount status } } }"
)
TRANSFER = (
    "mutation Transfer($input: TransferLoyaltyPointsBetweenUsersInput!) "
    "{ transferLoyaltyPointsBetweenUsers(input: $input) { pointsTransferred } }"
)
STARTING_POINTS = 10_000
REQUEST_TIMEOUT = 20.0  # longer than a request waits for the database before it gives up (~11 s)
PACE = 0.1  # seconds between the starts of one client's requests, at least
RETRY_PAUSE = 0.2  # seconds a client waits before sending a request again
RETRIES = 100  # a client gives up on a request after this many attempts, and moves on
# What a client may be told while a process or a service is down: the server's own failure
# (APPLICATION: a code the mutation declares for it, e.g. loyalty's KT-CT-9210, or the masked
# unexpected error with the correlation id to quote), or that a service it needs is unavailable.
FAULT_ERROR_TYPES = frozenset({"APPLICATION", "SERVICE_AVAILABILITY"})


@dataclasses.dataclass(frozen=True)
class Customer:
    """An account with two users (each with loyalty points and a token) and a direct debit on its main ledger."""

    account_number: str
    ledger_number: str
    user_ids: tuple[str, str]
    tokens: tuple[str, str]


class Deployment:
    """API, projector and worker processes on `postgres` and `redis`, in a fresh schema."""

    def __init__(
        self, postgres: PostgresCluster, redis: RedisServer, root: Path, environment: dict[str, str] | None = None
    ) -> None:
        self.postgres, self.redis = postgres, redis
        self.schema = "fault_" + uuid.uuid4().hex[:10]
        with psycopg.connect(postgres.url, autocommit=True, connect_timeout=10) as db:
            db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(self.schema)))
        logs = root / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.env = _environment(postgres.url, self.schema, redis.url, root / "var") | (environment or {})
        self.settings: Settings = load(self.env)
        self.api = Api(self.env, logs)
        self.projector = Kraken("projector", ["project"], self.env, logs)
        self.worker = Worker(self.env, logs)
        self._contexts: runtime.Contexts | None = None

    @property
    def processes(self) -> tuple[Kraken, ...]:
        return (self.api, self.projector, self.worker)

    @property
    def contexts(self) -> runtime.Contexts:
        """The test's own applications on the deployment's stores (built once, on first use)."""
        if self._contexts is None:
            self._contexts = runtime.build(self.settings)
        return self._contexts

    def start(self) -> None:
        """Starts every process; they come up while the test seeds its customers (`seed` waits for them)."""
        for process in self.processes:
            process.start()

    def close(self) -> None:
        # All asked at once, then waited for: they shut down side by side.
        for process in self.processes:
            process.signal_group(signal.SIGTERM)
        for process in self.processes:
            process.stop()
        if self._contexts is not None:
            self._contexts.close()

    def logs(self) -> str:
        return "\n".join(process.all_output()[-20_000:] for process in self.processes)

    def messages_held_by_workers(self) -> int:
        """Messages workers have fetched from Redis and not acknowledged yet (delayed retries included)."""
        with Redis.from_url(self.redis.url) as client:
            return sum(int(client.scard(key)) for key in client.scan_iter("dramatiq:__acks__.*"))

    def recover_dead_workers(self, killed_at: float, silent_seconds: float = 5.0) -> int:
        """Gives the messages a dead worker had fetched but not acknowledged back to their queues;
        returns how many there were.

        Dramatiq's Redis broker does this itself in its maintenance, which any client runs by chance
        (one command in a thousand) for workers that have sent no heartbeat for 60 s. A live worker
        beats at least once a second (its idle consumers poll that often), so a shorter silence is
        as safe a sign of death here; running it on purpose keeps the test's wait bounded.
        `killed_at` (time.monotonic()) is when the worker died.
        """
        time.sleep(max(0.0, killed_at + silent_seconds - time.monotonic()))
        client = Redis.from_url(self.redis.url)
        broker = RedisBroker(
            url=self.redis.url, maintenance_chance=MAINTENANCE_SCALE, heartbeat_timeout=int(silent_seconds * 1000)
        )
        try:
            silent_since = (time.time() - silent_seconds) * 1000
            dead = client.zrangebyscore(f"{broker.namespace}:__heartbeats__", 0, silent_since)
            held = sum(
                client.scard(key)
                for worker in dead
                for key in client.scan_iter(f"{broker.namespace}:__acks__.{worker.decode()}.*")
            )
            for queue in sorted({reaction.actor.queue_name for reaction in REACTIONS}):
                broker.do_qsize(queue)
                broker.do_qsize(dq_name(queue))
            return int(held)
        finally:
            broker.close()
            client.close()

    # Customers -----------------------------------------------------------------------------------

    def seed(self, count: int) -> list[Customer]:
        """Accounts with two users each, loyalty points, and (once the projector has opened the main
        ledgers) a direct debit: what collectPayment today needs; returned once the API and the
        worker are up too."""
        contexts = self.contexts
        seeded = [_seed_account(contexts, index) for index in range(count)]
        for account_number, _, _ in seeded:
            wait_until(
                lambda number=account_number: contexts.payments.ledger_of(number), 60, "the projector to open a ledger"
            )
            contexts.payments.set_up_direct_debit_instruction(
                payments.SetUpDirectDebitInstruction(
                    account_number=account_number,
                    valid_from=contexts.payments.clock.now() - timedelta(days=1),
                    bank_details=payments.BankDetails(
                        account_holder="Fault Tester", sort_code="20-00-00", account_number="55779911"
                    ),
                    account_user_id="fault",
                    ledger_number=main_ledger_number(account_number),
                )
            )
        self.api.wait_ready()
        self.worker.wait_ready()
        return [Customer(number, main_ledger_number(number), user_ids, tokens) for number, user_ids, tokens in seeded]


def _environment(database_url: str, schema: str, broker_url: str, data_dir: Path) -> dict[str, str]:
    # Without the inherited KRAKEN_*/POSTGRES_* variables, which would point the processes elsewhere.
    return inherited_environment() | {
        "KRAKEN_DATABASE_URL": database_url,
        "KRAKEN_DATABASE_SCHEMA": schema,
        "KRAKEN_SECRET_KEY": "fault-suite-" + uuid.uuid4().hex,
        "KRAKEN_IDENTITY_CIPHER_KEY": base64.b64encode(os.urandom(32)).decode(),
        "KRAKEN_BROKER_URL": broker_url,
        "KRAKEN_DATA_DIR": str(data_dir),  # the sandbox provider's state, shared by every worker process
        "KRAKEN_HOST": "127.0.0.1",
        "KRAKEN_PORT": str(free_port()),
        "KRAKEN_GRAPHIQL": "false",
        # Four processes (the test's own included) share the cluster's 300 connections.
        "KRAKEN_POOL_SIZE": "1",
        "KRAKEN_POOL_MAX_OVERFLOW": "4",
        "PYTHONUNBUFFERED": "1",
    }


def _seed_account(contexts: runtime.Contexts, index: int) -> tuple[str, tuple[str, str], tuple[str, str]]:
    account = contexts.accounts.open_account(f"Fault Customer {index}")
    user_ids = tuple(
        contexts.identity.register_user(
            identity.RegisterUser(
                email=f"fault-{index}-{side}@fault.example",
                password=uuid.uuid4().hex,
                given_name="Fault",
                family_name=f"Customer {index}{side}",
                account_numbers=(account.number,),
            )
        )
        for side in "ab"
    )
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=user_ids[0], account_number=account.number)
    )
    tokens = []
    for user_id in user_ids:
        contexts.loyalty.award_points(
            loyalty.AwardPoints(
                user_id=user_id, account_number=account.number, points=STARTING_POINTS, reason_code="FAULT_SUITE"
            )
        )
        # An API key login costs a SHA-256, not an argon2 verify; the token is the one obtainKrakenToken gives.
        key = contexts.identity.issue_secret_key(user_id)
        command = identity.ObtainKrakenToken(client="fault-suite", api_key=key)
        tokens.append(contexts.identity.obtain_kraken_token(command).token)
    return account.number, (str(user_ids[0]), str(user_ids[1])), (tokens[0], tokens[1])


# Traffic -----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Answer:
    """What one request was told: `outcome` is "succeeded", "error" (a GraphQL error, `error` holds
    its extensions), "no answer" (connection refused or dropped, timed out), "http <status>" or
    "malformed" (not Kraken's JSON)."""

    kind: str
    key: str | None
    outcome: str
    payment: int | None = None
    error: dict[str, Any] | None = None
    detail: str = ""

    @property
    def defect(self) -> bool:
        """What no fault excuses: a status other than 200, a body that is not GraphQL's, an error of
        another type than a fault's, or one with neither a Kraken code nor a correlation id."""
        if self.outcome in ("succeeded", "no answer"):
            return False
        if self.outcome != "error" or self.error is None:
            return True
        named = self.error.get("errorCode") or self.error.get("correlationId")
        return self.error.get("errorType") not in FAULT_ERROR_TYPES or not named


@dataclasses.dataclass(frozen=True)
class Collection:
    key: str
    customer: Customer
    amount: int

    def body(self) -> dict[str, Any]:
        return {
            "query": COLLECT,
            "variables": {
                "input": {
                    "accountNumber": self.customer.account_number,
                    "ledgerNumber": self.customer.ledger_number,
                    "amount": self.amount,
                    # The server's clock is UTC.
                    "paymentDate": datetime.now(UTC).date().isoformat(),
                    "description": "fault suite",
                    "idempotencyKey": self.key,
                    "collectionMethod": "DIRECT_DEBIT",
                }
            },
        }


def send(client: httpx.Client, url: str, body: dict[str, Any], token: str, kind: str, key: str | None) -> Answer:
    try:
        response = client.post(url, json=body, headers={"Authorization": token})
    except httpx.HTTPError as exc:
        return Answer(kind, key, "no answer", detail=type(exc).__name__)
    if response.status_code != 200:
        return Answer(kind, key, f"http {response.status_code}", detail=response.text[:500])
    try:
        answer = response.json()
    except ValueError:
        return Answer(kind, key, "malformed", detail=response.text[:500])
    if answer.get("errors"):
        return Answer(kind, key, "error", error=answer["errors"][0].get("extensions") or {}, detail=response.text[:500])
    data = answer.get("data") or {}
    if kind == "collect":
        payment = (data.get("collectPayment") or {}).get("payment") or {}
        if payment.get("id"):
            return Answer(kind, key, "succeeded", payment=int(payment["id"]))
    elif (data.get("transferLoyaltyPointsBetweenUsers") or {}).get("pointsTransferred") == 1:
        return Answer(kind, key, "succeeded")
    return Answer(kind, key, "malformed", detail=response.text[:500])


class Traffic:
    """Clients on threads, each starting a request at most every PACE seconds (so that a run's
    volume, and the time it takes to settle, does not grow with the speed of the machine).

    `collectors` clients ask for collections (a new idempotency key each time, amounts the sandbox
    settles as succeeded, spread over the customers); `transferrers` move one loyalty point between
    the two users of an account, back and forth.
    """

    def __init__(self, url: str, customers: list[Customer], collectors: int = 3, transferrers: int = 1) -> None:
        self.url, self.customers = url, customers
        self.collectors, self.transferrers = collectors, transferrers
        self.collections: dict[str, Collection] = {}
        self.answers: list[Answer] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> Traffic:
        self._threads = [
            *(threading.Thread(target=self._collect, args=(n,), daemon=True) for n in range(self.collectors)),
            *(threading.Thread(target=self._transfer, args=(n,), daemon=True) for n in range(self.transferrers)),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        assert not any(thread.is_alive() for thread in self._threads), "a client did not stop"

    def _turns(self) -> Iterator[int]:
        """0, 1, 2, ... one every PACE seconds at most, until the traffic stops."""
        turn, due = 0, time.monotonic()
        while not self._stop.wait(max(0.0, due - time.monotonic())):
            yield turn
            turn, due = turn + 1, max(due + PACE, time.monotonic())

    def _keep(self, answer: Answer) -> Answer:
        with self._lock:
            self.answers.append(answer)
        return answer

    def _collect(self, client_number: int) -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
            for turn in self._turns():
                customer = self.customers[(client_number + turn) % len(self.customers)]
                # 100 to 199 pence: the sandbox settles them all as succeeded (no 402/408/503 endings).
                amount = 100 + (turn * 7 + client_number) % 100
                collection = Collection(f"fault-{client_number}-{turn}", customer, amount)
                with self._lock:
                    self.collections[collection.key] = collection
                # What idempotency keys are for: a client that got no answer, or an error, sends the
                # same request again, not knowing whether the first one was applied.
                for _ in range(RETRIES):
                    answer = send(client, self.url, collection.body(), customer.tokens[0], "collect", collection.key)
                    if self._keep(answer).outcome == "succeeded" or self._stop.wait(RETRY_PAUSE):
                        break

    def _transfer(self, client_number: int) -> None:
        # No idempotency key: a transfer that got no answer is not sent again (it may have happened).
        with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
            for turn in self._turns():
                customer = self.customers[(client_number + turn) % len(self.customers)]
                sender = (turn // len(self.customers)) % 2  # back and forth, so nobody runs dry
                variables = {
                    "input": {
                        "accountNumber": customer.account_number,
                        "receivingUserId": customer.user_ids[1 - sender],
                        "points": 1,
                    }
                }
                body = {"query": TRANSFER, "variables": variables}
                self._keep(send(client, self.url, body, customer.tokens[sender], "transfer", None))

    # What the clients were told ------------------------------------------------------------------

    def snapshot(self) -> list[Answer]:
        with self._lock:
            return list(self.answers)

    def succeeded(self, kind: str = "collect") -> list[Answer]:
        return [a for a in self.snapshot() if a.kind == kind and a.outcome == "succeeded"]

    def wait_for_successes(self, more: int, seconds: float = 60.0) -> None:
        """Until `more` further collections have succeeded (the system is up and taking load)."""
        target = len(self.succeeded()) + more
        wait_until(lambda: len(self.succeeded()) >= target, seconds, f"{more} more successful collections")

    def tally(self) -> dict[str, int]:
        """How many answers of each kind and outcome (errors by their type and code)."""
        counts: Counter[str] = Counter()
        for answer in self.snapshot():
            what = answer.outcome
            if answer.error is not None:
                what = f"error {answer.error.get('errorType')} {answer.error.get('errorCode') or ''}".strip()
            counts[f"{answer.kind}: {what}"] += 1
        return dict(sorted(counts.items()))

    def defects(self) -> list[Answer]:
        return [a for a in self.snapshot() if a.defect]


def replay(url: str, collections: list[Collection], seconds: float = 60.0, clients: int = 4) -> dict[str, Answer]:
    """Sends each collection again, its key and request unchanged, until it is answered successfully
    (a request that failed during the fault may or may not have been applied: its replay tells)."""
    deadline = time.monotonic() + seconds
    todo = list(collections)
    done: dict[str, Answer] = {}
    lock = threading.Lock()

    def one_client() -> None:
        with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
            while time.monotonic() < deadline:
                with lock:
                    if not todo:
                        return
                    collection = todo.pop()
                answer = send(client, url, collection.body(), collection.customer.tokens[0], "collect", collection.key)
                with lock:
                    if answer.outcome == "succeeded":
                        done[collection.key] = answer
                    else:
                        todo.append(collection)
                if answer.outcome != "succeeded":
                    time.sleep(0.2)

    threads = [threading.Thread(target=one_client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT)
    missing = sorted(c.key for c in collections if c.key not in done)
    assert not missing, f"{len(missing)} collections never succeeded on replay, e.g. {missing[:5]}"
    return done


def dumps(value: Any) -> str:
    return json.dumps(value, indent=1, default=str)
