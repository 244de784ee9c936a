"""What must hold after any fault, once the deployment has settled, checked against every store.

- nothing answered is lost: every collection a client was told succeeded has its payment in the
  event store and the read model, and it settles (succeeded: the amounts are ones the sandbox
  settles so);
- nothing is applied twice: one idempotency key, one payment (a replay returns the same one); one
  charge per payment at the provider; one ledger entry per payment; each loyalty transfer both
  out of one ledger and into the other;
- every ledger's balance is the sum of its entries (payments' and loyalty's, events and read models);
- every read model equals a projection of the same events from zero into another schema.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any, TypeVar

import httpx
import psycopg
from eventsourcing.application import Application
from eventsourcing.utils import get_topic
from psycopg import sql

from domain.loyalty.ledger import LoyaltyLedger
from domain.payments.identifiers import IdempotencyKey
from domain.payments.ledger import Ledger
from domain.payments.payment import Payment
from projections.catalogue import PROJECTIONS
from projections.projection import ViewFollower
from projections.store import PostgresReadStore
from tests.fault.deployment import (
    REQUEST_TIMEOUT,
    STARTING_POINTS,
    Collection,
    Customer,
    Deployment,
    Traffic,
    replay,
    send,
)
from tests.fault.services import wait_until
from workers.payments.provider import sandbox_path

T = TypeVar("T")
SETTLE_SECONDS = 90.0


@dataclasses.dataclass(frozen=True)
class Findings:
    """The figures of one run, for the test's output."""

    answers: dict[str, int]
    collections: int
    payments: int
    charges: int
    transfers: int
    settle_seconds: float

    def __str__(self) -> str:
        answers = ", ".join(f"{what} x{count}" for what, count in self.answers.items())
        return (
            f"{self.collections} idempotency keys -> {self.payments} payments, all settled succeeded in "
            f"{self.settle_seconds:.1f} s after the traffic stopped; {self.charges} sandbox charges; "
            f"{self.transfers} loyalty transfers recorded; answers during the run: {answers}"
        )


def tolerant(probe: Callable[[], T]) -> Callable[[], T | None]:
    """A probe that counts a dropped database connection (right after a restart) as "not yet"."""

    def attempt() -> T | None:
        try:
            return probe()
        except (psycopg.OperationalError, psycopg.InterfaceError):
            return None
        except Exception as exc:
            if type(exc).__name__ in ("OperationalError", "InterfaceError"):  # eventsourcing's wrappers
                return None
            raise

    return attempt


def events(app: Application[Any], topics: tuple[type[Any], ...] = ()) -> Iterator[Any]:
    """Every stored event of an application, in order (decrypted and decoded by its mapper)."""
    position = 0
    names = tuple(get_topic(kind) for kind in topics)
    select = app.recorder.select_notifications
    while batch := select(start=position, limit=1000, topics=names, inclusive_of_start=False):
        for notification in batch:
            yield app.mapper.to_domain_event(notification)
        position = batch[-1].id


def settle_and_check(deployment: Deployment, traffic: Traffic) -> Findings:
    """Replays every collection, waits for the deployment to settle, and checks every invariant."""
    assert not traffic.defects(), "answers no fault excuses:\n" + "\n".join(
        f"{a.outcome} {a.error} {a.detail}" for a in traffic.defects()[:10]
    )
    assert traffic.succeeded(), "no collection succeeded at all"
    told = {answer.key: answer.payment for answer in traffic.succeeded()}
    collections = list(traffic.collections.values())
    # Every request sent again, unchanged: a key that had succeeded gives the same payment again,
    # and one that had not (its first attempts may or may not have been applied) gets one now.
    replayed = replay(deployment.api.url, collections)
    changed = {key: (told[key], replayed[key].payment) for key in told if told[key] != replayed[key].payment}
    assert not changed, f"a replay returned another payment than the first answer: {changed}"
    numbers = {key: answer.payment for key, answer in replayed.items()}
    assert len(set(numbers.values())) == len(numbers), "two idempotency keys share a payment"
    started = time.monotonic()
    _wait_until_settled(deployment, set(numbers.values()))
    settle_seconds = time.monotonic() - started
    by_number = {numbers[c.key]: c for c in collections}
    _check_event_store(deployment, collections, numbers, by_number)
    charges = _check_provider(deployment, by_number)
    _check_payment_ledgers(deployment, by_number)
    transfers = _check_loyalty(deployment, traffic)
    check_read_models_rebuild_the_same(deployment)
    _still_takes_work(deployment, collections[0].customer)
    return Findings(
        answers=traffic.tally(),
        collections=len(collections),
        payments=len(by_number),
        charges=charges,
        transfers=transfers,
        settle_seconds=settle_seconds,
    )


def _wait_until_settled(deployment: Deployment, numbers: set[int]) -> None:
    store = deployment.contexts.read.store

    def settled() -> bool:
        rows = store.rows("SELECT number, status FROM payments")
        statuses = {int(number): status for number, status in rows}
        return all(statuses.get(number) == "SUCCEEDED" for number in numbers) and caught_up(deployment)

    try:
        wait_until(tolerant(settled), SETTLE_SECONDS, "every payment to settle and every read model to catch up")
    except AssertionError:
        rows = tolerant(lambda: store.rows("SELECT status, COUNT(*) FROM payments GROUP BY status"))()
        raise AssertionError(f"not settled: payments by status {rows}\n{deployment.logs()}") from None


def caught_up(deployment: Deployment) -> bool:
    """Every read model has applied every event of its topics (none newer than its position)."""
    contexts = deployment.contexts
    for kind in PROJECTIONS:
        projection = kind()
        app = getattr(contexts, projection.upstream)
        position = contexts.read.store.position(projection.name, app.name)
        newer = app.recorder.select_notifications(
            start=position, limit=1, topics=projection.topics, inclusive_of_start=False
        )
        if newer:
            return False
    return True


def _check_event_store(
    deployment: Deployment, collections: list[Collection], numbers: dict[str, int], by_number: dict[int, Collection]
) -> None:
    payments_app = deployment.contexts.payments
    claims: dict[Any, int] = {}
    requested: dict[int, Payment.Requested] = {}
    succeeded: Counter[Any] = Counter()
    for event in events(payments_app, (IdempotencyKey.Claimed, Payment.Requested, Payment.Succeeded)):
        if isinstance(event, IdempotencyKey.Claimed):
            claims[event.originator_id] = event.target
        elif isinstance(event, Payment.Requested):
            requested[event.number] = event
        else:
            succeeded[event.originator_id] += 1
    # Each key claimed once, for the payment its replay returned; no payment without a key.
    for collection in collections:
        claim = IdempotencyKey.id_for(f"collect:{collection.customer.account_number}", collection.key)
        assert claims.get(claim) == numbers[collection.key], f"key {collection.key}: claimed for {claims.get(claim)}"
    assert sorted(requested) == sorted(claims.values()) == sorted(by_number), (
        f"{len(requested)} payments requested for {len(claims)} keys claimed and {len(by_number)} keys sent"
    )
    for number, event in requested.items():
        assert (event.amount, event.account_number) == (
            by_number[number].amount,
            by_number[number].customer.account_number,
        ), f"payment {number} is not what its key asked for"
        assert succeeded[Payment.id_for(number)] == 1, f"payment {number} succeeded {succeeded[Payment.id_for(number)]}"


def _check_provider(deployment: Deployment, by_number: dict[int, Collection]) -> int:
    """One charge per payment at the sandbox provider, for its amount, settled; no other charge."""
    path = sandbox_path(deployment.settings)
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT idempotency_key, amount, status, kind FROM operations").fetchall()
    keys = Counter(key for key, *_ in rows)
    twice = {key: count for key, count in keys.items() if count > 1}
    assert not twice, f"charged more than once: {twice}"
    expected = {Payment.key_for(number): c.amount for number, c in by_number.items()}
    charged = {key: amount for key, amount, *_ in rows}
    missing, unexpected = sorted(expected.keys() - charged.keys()), sorted(charged.keys() - expected.keys())
    assert charged == expected, (
        f"charges differ from payments: {len(charged)} charges for {len(expected)} payments, "
        f"missing {missing[:5]}, unexpected {unexpected[:5]}"
    )
    assert {status for _, _, status, _ in rows} == {"SUCCEEDED"}, Counter(status for _, _, status, _ in rows)
    return len(rows)


def _check_payment_ledgers(deployment: Deployment, by_number: dict[int, Collection]) -> None:
    contexts = deployment.contexts
    entries: dict[Any, list[Ledger.Posted | Ledger.Credited]] = defaultdict(list)
    numbers: dict[Any, str] = {}
    for event in events(contexts.payments, (Ledger.Opened, Ledger.Posted, Ledger.Credited)):
        if isinstance(event, Ledger.Opened):
            numbers[event.originator_id] = event.number
        else:
            entries[event.originator_id].append(event)
    # One entry per payment, for its amount, on its ledger.
    sources = Counter(e.source for posted in entries.values() for e in posted if e.source.startswith("payment:"))
    expected_sources = {Payment.key_for(number) for number in by_number}
    assert set(sources) == expected_sources and set(sources.values()) == {1}, (
        f"payments posted: {len(sources)} sources for {len(expected_sources)} payments, "
        f"twice: {[s for s, n in sources.items() if n > 1][:5]}"
    )
    owed: Counter[str] = Counter()
    for collection in by_number.values():
        owed[collection.customer.ledger_number] += collection.amount
    for ledger_id, number in numbers.items():
        posted = entries.get(ledger_id, [])
        total = sum(e.amount for e in posted)
        carried = posted[-1].balance_carried_forward if posted else 0
        # The aggregate, its events, the read model and the payments all agree.
        assert total == carried == owed[number], f"{number}: entries {total}, carried {carried}, paid {owed[number]}"
        aggregate = contexts.payments.ledger(number)
        assert aggregate is not None and aggregate.balance == total, f"{number}: aggregate balance differs"
    rows = contexts.read.store.rows(
        "SELECT l.number, l.balance, COALESCE(SUM(e.amount), 0), COUNT(e.version) FROM payment_ledgers l "
        "LEFT JOIN payment_ledger_entries e ON e.ledger_number = l.number GROUP BY l.number, l.balance"
    )
    counts = {number: len(entries.get(ledger_id, [])) for ledger_id, number in numbers.items()}
    assert {number: count for number, _, _, count in rows} == counts, "the read model's entries differ"
    for number, balance, total, _ in rows:
        assert balance == total == owed[number], f"read model {number}: balance {balance}, entries {total}"


def _check_loyalty(deployment: Deployment, traffic: Traffic) -> int:
    """Each transfer left one ledger and reached the other, once; points are neither made nor lost."""
    contexts = deployment.contexts
    moves: Counter[str] = Counter()
    for event in events(contexts.loyalty, (LoyaltyLedger.PointsTransferredOut, LoyaltyLedger.PointsTransferredIn)):
        moves[type(event).__name__] += event.points
    assert moves["PointsTransferredOut"] == moves["PointsTransferredIn"], moves
    assert moves["PointsTransferredOut"] >= len(traffic.succeeded("transfer")), "a transfer answered is missing"
    rows = contexts.read.store.rows(
        "SELECT l.account_number, l.balance, COALESCE(SUM(CASE e.ledger_type WHEN 'CREDIT' THEN e.value "
        "ELSE -e.value END), 0) FROM loyalty_ledgers l LEFT JOIN loyalty_ledger_entries e "
        "ON e.ledger_id = l.ledger_id GROUP BY l.ledger_id, l.account_number, l.balance"
    )
    per_account: Counter[str] = Counter()
    for account_number, balance, total in rows:
        assert balance == total, f"loyalty ledger of {account_number}: balance {balance}, entries {total}"
        per_account[account_number] += balance
    assert set(per_account.values()) == {2 * STARTING_POINTS}, per_account
    return moves["PointsTransferredOut"]


def _still_takes_work(deployment: Deployment, customer: Customer) -> None:
    """Once settled, every process is still there and a new collection goes all the way through (a
    process that outlived the fault but stopped following would have gone unnoticed when idle)."""
    collection = Collection("after-the-fault", customer, 150)
    with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
        answer = send(client, deployment.api.url, collection.body(), customer.tokens[0], "collect", collection.key)
    assert answer.outcome == "succeeded", answer
    store = deployment.contexts.read.store

    def settled() -> bool:
        return store.rows("SELECT status FROM payments WHERE number = %s", (answer.payment,)) == [("SUCCEEDED",)]

    wait_until(tolerant(settled), 30, "a collection after the fault to settle")
    dead = [process.name for process in deployment.processes if not process.alive]
    assert not dead, f"{dead} died:\n{deployment.logs()}"


def check_read_models_rebuild_the_same(deployment: Deployment) -> None:
    """Every read model, projected from zero into a schema of its own, has the same rows as the live one."""
    url, contexts = deployment.postgres.url, deployment.contexts
    schema = f"{deployment.schema}_rebuilt"
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as db:
        db.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    rebuilt = PostgresReadStore(url, schema, max_size=1)
    try:
        for kind in PROJECTIONS:
            projection = kind()
            ViewFollower(projection, getattr(contexts, projection.upstream), rebuilt).rebuild()
            for table in projection.tables:
                live = sorted(contexts.read.store.rows(f"SELECT * FROM {table}"), key=repr)
                again = sorted(rebuilt.rows(f"SELECT * FROM {table}"), key=repr)
                assert live == again, f"{table}: {len(live)} rows live, {len(again)} rebuilt; first differing " + str(
                    next(((a, b) for a, b in zip(live, again, strict=False) if a != b), None)
                )
    finally:
        rebuilt.close()


def table_rows(deployment: Deployment, tables: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    store = deployment.contexts.read.store
    return {table: sorted(store.rows(f"SELECT * FROM {table}"), key=repr) for table in tables}
