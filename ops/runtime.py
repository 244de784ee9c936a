"""The composition root of every process: settings in; the context applications, the read models, the
API app, the actors' dependencies and the adapters (mailer, payment provider) out, handed down from here."""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path

import msgspec
import psycopg
from litestar import Litestar
from psycopg import sql

from api import pages
from api.app import Running
from api.app import create_app as api_app
from api.rate_limits.allowance import Flusher, PointsAllowance
from api.rate_limits.usage_store import SharedUsage
from domain.accounts.application import Accounts
from domain.accounts.consent_commands import ConsentSettings
from domain.goods.application import Goods
from domain.goods.quote_commands import GoodsSettings
from domain.identity.application import Identity
from domain.identity.lookups import LoginLimits
from domain.identity.pre_signed_key_signer import PreSignedKeys
from domain.identity.principals import RecentPrincipals
from domain.identity.tokens import Tokens
from domain.loyalty.application import Loyalty
from domain.loyalty.members import IdentityMembers
from domain.loyalty.referral_commands import ReferralSettings
from domain.loyalty.referral_directory import AccountsDirectory
from domain.payments.application import Payments
from domain.shared.clock import Clock, SystemClock
from domain.shared.personal_keys import KeyTable, PostgresKeyTable, SQLiteKeyTable, wrapping_key
from domain.shared.throttle import Throttle
from domain.supply.application import Supply
from domain.supply.measurement_store import MeasurementStore
from domain.supply.process_commands import ProcessSettings
from domain.supply.product_commands import ProductSettings
from ops import following, tracing
from ops.following import Background
from ops.throttle_store import PostgresThrottle, SQLiteThrottle
from projections.catalogue import ReadModels
from projections.contexts import Contexts
from projections.principal_watch import PrincipalWatch
from projections.store import PostgresReadStore, ReadStore, SQLiteReadStore
from projections.supply.measurement_store import SQLMeasurementStore
from settings import Settings, load
from workers import runtime as workers_runtime
from workers.mail import MailboxMailer, Mailer, SmtpMailer
from workers.payments.provider import PaymentProvider, sandbox_path
from workers.payments.sandbox import SandboxProvider
from workers.relay import enqueue


@contextmanager
def _schema_setup(settings: Settings) -> Iterator[None]:
    """Serialises table creation across processes: several API workers start at once, and
    PostgreSQL's CREATE ... IF NOT EXISTS / CREATE OR REPLACE FUNCTION race each other
    ("tuple concurrently updated"). On SQLite two processes starting on a fresh data dir both
    record eventsourcing's first migration and one fails ("Failed to record tracking for
    __migration__"): a lock file under the data dir serialises them."""
    if not settings.uses_postgres:
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        with open(Path(settings.data_dir) / ".schema.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        return
    with psycopg.connect(settings.database_url, autocommit=True) as db:
        db.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"kraken-es schema {settings.database_schema}",))
        db.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(settings.database_schema)))
        yield


def build(settings: Settings, clock: Clock | None = None) -> Contexts:
    # Every process that runs commands builds its applications here: it traces from then on, if on.
    tracing.configure(settings)
    with _schema_setup(settings):
        return with_personal_keys(settings, _build(settings, clock or SystemClock()))


def _build(settings: Settings, clock: Clock) -> Contexts:
    throttle: Throttle
    if settings.uses_postgres:
        throttle = PostgresThrottle(settings.database_url, settings.database_schema, clock)
        store: ReadStore = PostgresReadStore(settings.database_url, settings.database_schema)
    else:
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        throttle = SQLiteThrottle(Path(settings.data_dir) / "throttle.db", clock)
        store = SQLiteReadStore(Path(settings.data_dir) / "read_models.db")
    tokens = Tokens(
        settings.signing_key(),
        clock,
        access_ttl=timedelta(minutes=settings.access_token_minutes),
        refresh_ttl=timedelta(days=settings.refresh_token_days),
    )
    limits = LoginLimits(settings.login_attempts, settings.client_login_attempts, settings.login_window_seconds)
    pre_signed_keys = PreSignedKeys(settings.signing_key(), ttl=timedelta(minutes=settings.pre_signed_key_minutes))
    identity = Identity(
        settings.store_env("identity") | settings.cipher_env(),
        clock,
        tokens=tokens,
        throttle=throttle,
        limits=limits,
        pre_signed_keys=pre_signed_keys,
        principals=RecentPrincipals(settings.principal_cache_seconds),
    )
    accounts = Accounts(
        settings.store_env("accounts") | settings.cipher_env("accounts"),
        clock,
        max_occupants=settings.max_occupants,
        consents=ConsentSettings(
            enabled=settings.consent_management,
            # Its own label: a double opt-in token can never be a pre-signed key or a reset token.
            token_key=pre_signed_keys.derive(b"double-opt-in-token"),
            double_opt_in_ttl=timedelta(hours=settings.double_opt_in_hours),
        ),
        brand=settings.brand,
    )
    return Contexts(
        identity=identity,
        accounts=accounts,
        payments=Payments(
            settings.store_env("payments") | settings.cipher_env("payments"), clock, limits=settings.money_limits()
        ),
        goods=Goods(
            settings.store_env("goods") | settings.cipher_env("goods"),
            clock,
            throttle=throttle,
            accounts=accounts,
            goods_settings=GoodsSettings(
                quote_validity_days=settings.goods_quote_validity_days,
                shares_per_quote=settings.goods_shares_per_quote,
                shares_per_client=settings.goods_shares_per_client,
                share_window_seconds=settings.goods_share_window_seconds,
            ),
        ),
        loyalty=Loyalty(
            settings.store_env("loyalty"),
            clock,
            points_per_unit=settings.loyalty_points_per_unit,
            members=IdentityMembers(identity),
            directory=AccountsDirectory(accounts, identity),
            throttle=throttle,
            referrals=ReferralSettings(
                public_url=settings.public_url,
                reward_delay=timedelta(days=settings.referral_reward_delay_days),
            ),
        ),
        supply=Supply(
            settings.store_env("supply") | settings.cipher_env("supply"),
            clock,
            accounts=accounts,
            identity=identity,
            processes=ProcessSettings(
                terms_version=settings.terms_version.strip(),
                enrollment_cancellation=settings.enrollment_cancellation,
                occupy_property_cancellation=settings.occupy_property_cancellation,
            ),
            move_window_days=settings.move_window_days,
            cot_reading_window_days=settings.cot_reading_window_days,
            measurements=measurement_store(settings),
            measurement_batch_rows=settings.measurement_batch_rows,
            reversion_months=settings.reversion_months,
            max_daily_use_m3=settings.max_daily_use_m3,
            products=product_settings(settings),
        ),
        read=ReadModels.on(store),
    )


def measurement_store(settings: Settings) -> MeasurementStore:
    """The append-only store of interval measurements: its own file on SQLite (a read-model rebuild
    never touches it), tables in the deployment's schema on PostgreSQL."""
    if settings.uses_postgres:
        store: ReadStore = PostgresReadStore(settings.database_url, settings.database_schema, max_size=4)
    else:
        store = SQLiteReadStore(Path(settings.data_dir) / "measurements.db")
    return SQLMeasurementStore(store, max_rows=settings.measurement_max_rows)


def product_settings(settings: Settings) -> ProductSettings:
    return ProductSettings(
        default_product=settings.default_water_product,
        switch_window_days=settings.product_switch_window_days,
        quote_validity_days=settings.quote_validity_days,
        follow_ups=settings.quote_follow_ups,
        follow_up_delay=timedelta(hours=settings.quote_follow_up_hours),
        follow_ups_per_quote=settings.quote_follow_ups_per_quote,
        follow_ups_per_client=settings.quote_follow_ups_per_client,
        follow_up_window_seconds=settings.quote_follow_up_window_seconds,
    )


def mailer_for(settings: Settings) -> Mailer:
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url)
    return MailboxMailer(Path(settings.data_dir) / "mailbox")


def provider_for(settings: Settings, clock: Clock | None = None) -> PaymentProvider:
    """The provider `settings.payment_provider` names (only the sandbox so far)."""
    if settings.payment_provider == "sandbox":
        return _sandbox(settings, clock)
    raise ValueError(f"KRAKEN_PAYMENT_PROVIDER: unknown provider {settings.payment_provider!r}")


def hosted_pages_provider(settings: Settings, contexts: Contexts) -> SandboxProvider | None:
    """The provider whose hosted pages the API serves: the sandbox's, on the applications' clock and
    over the same file as the actors' (a real provider serves its pages itself)."""
    if settings.payment_provider != "sandbox":
        return None
    return _sandbox(settings, contexts.payments.clock)


def _sandbox(settings: Settings, clock: Clock | None) -> SandboxProvider:
    return SandboxProvider(sandbox_path(settings), settle_seconds=settings.payment_sandbox_settle_seconds, clock=clock)


class RedactedAccessLog(logging.Filter):
    """Keeps the pages' secrets (in their paths and queries: a login key, a hosted page's token) out of
    the server's access log, whose lines carry each request's path and query as their third argument."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], pages.redacted(args[2]), *args[3:])
        return True


_REDACTED_ACCESS_LOG = RedactedAccessLog()


class ActorDependencies:
    """What the actors of a process use, built from the environment (workers/runtime.py)."""

    def settings(self) -> Settings:
        return load()

    def contexts(self, settings: Settings) -> Contexts:
        return build(settings)

    def mailer(self, settings: Settings) -> Mailer:
        return mailer_for(settings)

    def provider(self, settings: Settings, clock: Clock | None) -> PaymentProvider:
        return provider_for(settings, clock)


def start_actors(settings: Settings | None = None, contexts: Contexts | None = None) -> None:
    """At process start: hands the actors of this process what they use (the given applications, if any)."""
    workers_runtime.install(ActorDependencies())
    workers_runtime.use(settings=settings, contexts=contexts)


@contextmanager
def settling(settings: Settings, contexts: Contexts) -> Iterator[Callable[[], int]]:
    """What brings every read model, reaction and worker up to date, the actors run here, inline,
    whatever broker the settings name (for a command that prepares data: the seeds). A read model or
    reaction that fails stops it; an actor that fails (the mail server down) is left for the runner
    that follows to retry: preparing the data does not wait for the mail. A process whose actors
    already have their applications (a test's) keeps them."""
    ours = not workers_runtime.installed()
    if ours:
        start_actors(settings, contexts)
    core, relays = following.runners(msgspec.structs.replace(settings, broker_url=""), contexts)

    def settle() -> int:
        total = 0
        # An actor's outcome is an event the read models follow, and a reaction's a message to relay.
        while progressed := core.catch_up() + relays.settle():
            total += progressed
        return total

    try:
        yield settle
    finally:
        core.wakeup.close()
        relays.wakeup.close()
        if ours:
            workers_runtime.reset()


def create_app(
    settings: Settings | None = None, contexts: Contexts | None = None, follow: bool | None = None
) -> Litestar:
    """The API process's app; the context applications are made at start-up (after any fork) unless given.

    `follow` runs the read models, reactions, outbox relay and scheduler in this process; it
    defaults to on for the embedded default (SQLite), where there are no separate `kraken project`
    processes.
    """
    settings = settings or load()
    tracing.configure(settings)
    follow = not settings.uses_postgres if follow is None else follow
    # uvicorn has configured its loggers by the time it calls this factory, in each of its processes.
    access_log = logging.getLogger("uvicorn.access")
    if _REDACTED_ACCESS_LOG not in access_log.filters:
        access_log.addFilter(_REDACTED_ACCESS_LOG)

    def allowance(built: Contexts) -> PointsAllowance:
        # Shared through the read-model database, on the clock the applications read.
        return PointsAllowance.of(settings, SharedUsage(built.read.store), built.identity.clock)

    def background(built: Contexts, allowance: PointsAllowance) -> Beside:
        # Every API process watches the identity store, so that a token revoked elsewhere stops working here.
        watch = PrincipalWatch.start(built.identity, settings.database_url)
        running: list[Running] = [watch] if watch is not None else []
        # Every API process shares the points its viewers spent with the others.
        flusher = Flusher.start(allowance)
        if flusher is not None:
            running.append(flusher)
        if follow:
            start_actors(settings, built)
            running.append(HandedToActors(built))
            running.append(Background.start(settings, built))
        return Beside(running)

    return api_app(
        settings,
        (lambda: contexts) if contexts is not None else partial(build, settings),
        allowance,
        background,
        owns_contexts=contexts is None,
        provider=partial(hosted_pages_provider, settings),
        # Measured, never run: what the followers of the deployment (here or in `kraken project`) have done.
        followers=partial(following.followers, deliver=enqueue),
        middleware=tracing.middleware(),
    )


@dataclass
class HandedToActors:
    """The applications this process's actors were handed; when the API stops, the actors forget them."""

    contexts: Contexts

    def close(self) -> None:
        workers_runtime.forget(self.contexts)


class Beside:
    """What runs beside the API in its process, closed in the reverse order it started."""

    def __init__(self, running: list[Running]) -> None:
        self.running = running

    def close(self) -> None:
        for part in reversed(self.running):
            part.close()


def personal_key_table(settings: Settings) -> KeyTable:
    """Each account user's data key, in identity's store: its SQLite file, or beside its events on PostgreSQL."""
    wrap = wrapping_key(settings.cipher_env()["CIPHER_KEY"])
    ttl = settings.personal_key_cache_seconds
    if settings.uses_postgres:
        return PostgresKeyTable(settings.database_url, settings.database_schema, wrap, ttl)
    path = settings.store_env("identity")["SQLITE_DBNAME"]
    return SQLiteKeyTable(path, wrap, ttl, timeout=settings.lock_timeout_seconds)


def with_personal_keys(settings: Settings, contexts: Contexts) -> Contexts:
    """Every context seals its events' personal fields under their subjects' keys (domain/shared/personal_data.py),
    and drops its cached aggregates when this process learns of an erasure."""
    keys = personal_key_table(settings)
    applications = [contexts.identity, contexts.accounts, contexts.payments, contexts.goods, contexts.loyalty]
    applications.append(contexts.supply)
    for application in applications:
        application.use_personal_keys(keys)
        keys.on_erasure(application.forget_cached_aggregates)
    return contexts
