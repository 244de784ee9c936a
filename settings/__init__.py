"""Typed settings, read from the environment once at start-up; a bad value names its variable."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

import msgspec

from domain.accounts.account import BRANDS
from domain.accounts.property_commands import DEFAULT_MAX_OCCUPANTS
from domain.accounts.push_binding import SERVICES, NotifiableApplication, PushPolicy
from domain.payments.limits import LEDGER_BALANCE_LIMIT, PAYMENT_AMOUNT_LIMIT, MoneyLimits
from domain.supply.charge_commands import DEFAULT_REVERSION_MONTHS
from domain.supply.meter_commands import DEFAULT_MAX_DAILY_USE_M3
from domain.supply.move_commands import DEFAULT_COT_READING_WINDOW_DAYS, DEFAULT_MOVE_WINDOW_DAYS

CONTEXTS = ("identity", "accounts", "payments", "goods", "loyalty", "supply")


class SettingsError(ValueError):
    """A configuration value is missing or malformed; the message names the variable."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every setting, its environment variable (KRAKEN_<NAME>) and its default (see README)."""

    data_dir: str = "var"
    database_url: str = ""
    database_schema: str = "public"
    secret_key: str = ""
    identity_cipher_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool = True
    disabled_mutations: str = ""
    access_token_minutes: int = 60
    refresh_token_days: int = 7
    # How long an API process answers a token it verified lately without checking it again. Its own
    # saves and, on PostgreSQL, its watch of the identity store drop a changed user's tokens at once;
    # this is the bound on how late a revocation takes effect in another process should that watch
    # miss it (and, on SQLite, across processes). 0 checks every request against the store.
    principal_cache_seconds: float = 5.0
    # How long a process trusts a person's data key it read, and how often it looks for keys destroyed
    # elsewhere: the bound on how long another process may still decrypt an erased person's data.
    personal_key_cache_seconds: float = 60.0
    login_attempts: int = 10
    login_window_seconds: int = 900
    client_login_attempts: int = 50
    # Comma-separated addresses of the reverse proxies whose X-Forwarded-For names the client (the
    # login throttle counts per client address); no one's by default, so no client can choose its own.
    trusted_proxies: str = ""
    # Every request costs points (its complexity: the fields it selects, fragments expanded) from its
    # viewer's allowance per window: an account user's (and an anonymous client address's), an
    # organisation's; KT-CT-1199 once spent, until the window ends. 0 points: no allowance applies.
    rate_limit_points: int = 50_000
    rate_limit_organisation_points: int = 100_000
    rate_limit_window_seconds: int = 3600
    max_query_depth: int = 12
    max_aliases: int = 30
    max_complexity: int = 200
    # The most items one page of a connection holds, and how many it holds when neither first nor last is given.
    max_page_size: int = 100
    # Smart-meter interval measurements: the most reads one import transaction stores, the most stored
    # rows one `measurements` request groups (beyond it the client narrows the range), the largest
    # feed file `kraken measurements import` reads.
    measurement_batch_rows: int = 10_000
    measurement_max_rows: int = 100_000
    measurement_max_file_mb: int = 512
    # The most events one question about an account as of a past moment (asOf, audit --as-of) replays.
    as_of_max_events: int = 100_000
    pool_size: int = 2
    pool_max_overflow: int = 8
    aggregate_cache_size: int = 10_000
    lock_timeout_seconds: int = 5
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # text: one human-readable line per record; json: one JSON object per line (ops/logs.py).
    log_format: Literal["text", "json"] = "text"
    # /readyz answers 503 while a read model has more than this many events of its store still to apply.
    ready_max_lag: int = 10_000
    broker_url: str = ""
    # With no broker the outbox relay runs the actors itself: this many at once for one reaction.
    relay_threads: int = 4
    smtp_url: str = ""
    mail_from: str = "Kraken <no-reply@kraken.example>"
    public_url: str = "http://127.0.0.1:8000"  # load(): http://<host>:<port> unless KRAKEN_PUBLIC_URL is set
    pre_signed_key_minutes: int = 60
    loyalty_points_per_unit: int = 8
    # The most occupants a household may declare for its property (updateNumberOfOccupants, KT-CT-6628).
    max_occupants: int = DEFAULT_MAX_OCCUPANTS
    # Meter readings: more use a day than this on average since the last accepted reading is held (KT-CT-6422).
    max_daily_use_m3: float = DEFAULT_MAX_DAILY_USE_M3
    # Consents: off answers KT-CT-9016 to every consent mutation; how long a double opt-in link works.
    consent_management: bool = True
    double_opt_in_hours: int = 48
    # Payments: the provider (the sandbox unless configured), when an unsettled payment is failed,
    # and how often the scheduler looks for due payments.
    payment_provider: Literal["sandbox"] = "sandbox"
    payment_sandbox_path: str = ""  # default: <data_dir>/payment-sandbox.sqlite3
    payment_sandbox_settle_seconds: int = 0
    payment_settle_deadline_seconds: int = 3600
    scheduler_interval_seconds: int = 60
    scheduler_lease_seconds: int = 120
    # Repayment requests up to this many minor units are approved at once; larger ones wait for
    # an operator (`kraken repayment approve|reject`). 0: every request waits.
    repayment_auto_approve_limit: int = 10_000
    # The most one payment, schedule payment, repayment, transfer, bill or credit moves (minor units),
    # and how far a ledger's balance may go either side of zero: every balance the API serves as a
    # GraphQL Int then fits one (domain/payments/limits.py).
    payment_amount_limit: int = PAYMENT_AMOUNT_LIMIT
    ledger_balance_limit: int = LEDGER_BALANCE_LIMIT
    print_queue_dir: str = ""  # default: <data_dir>/print-queue (printed bills, one file per request)
    # The apps whose installs may register for push notifications: `name|bundleId|service` items
    # (service GCM, APNS or APNS_SANDBOX), comma-separated; and how long a registration lasts unless renewed.
    push_applications: str = "Kraken Demo (iOS)|com.kraken.demo|APNS,Kraken Demo (Android)|com.kraken.demo.android|GCM"
    push_binding_days: int = 365
    # Lifecycle processes: the terms version a join supplier process accepts; whether cancelEnrollment
    # is on (off: KT-CT-10312), and whether it may cancel occupy property processes (off: KT-CT-10323).
    terms_version: str = "2026-01"
    enrollment_cancellation: bool = True
    occupy_property_cancellation: bool = False
    # House moves: how many days before or after today a move in or out may be dated (KT-GB-6633,
    # KT-GB-6628); the days either side of a move an opening or final reading may be given for.
    move_window_days: int = DEFAULT_MOVE_WINDOW_DAYS
    cot_reading_window_days: int = DEFAULT_COT_READING_WINDOW_DAYS
    # Water products: the product an occupancy is on until a switch, how many days ahead a quoted product
    # may start, how long a quote may be accepted; quote follow-ups (scheduleQuoteFollowUp, KT-CT-4633 when
    # off): how long after asking they are sent, and how many one quote code or one client address may
    # ask for per window (KT-CT-1199 beyond).
    default_water_product: str = "ST-MEASURED-26"
    product_switch_window_days: int = 30
    quote_validity_days: int = 14
    quote_follow_ups: bool = True
    quote_follow_up_hours: int = 24
    quote_follow_ups_per_quote: int = 5
    quote_follow_ups_per_client: int = 20
    quote_follow_up_window_seconds: int = 86_400
    # Goods: how long a goods quote may be accepted; shareGoodsQuote needs no login, so how many shares one
    # quote code or one client address may ask for per window (KT-CT-1199 beyond).
    goods_quote_validity_days: int = 30
    goods_shares_per_quote: int = 5
    goods_shares_per_client: int = 20
    goods_share_window_seconds: int = 86_400
    # Supply charges: how many months after a switch to measured charges the customer may revert to unmeasured.
    reversion_months: int = DEFAULT_REVERSION_MONTHS
    # Referrals: the brand of the accounts this deployment opens, and how many days after a referral
    # its rewards become payable (0: at once).
    brand: str = "SEVERN_TRENT"
    referral_reward_delay_days: int = 0

    def money_limits(self) -> MoneyLimits:
        return MoneyLimits(payment_amount=self.payment_amount_limit, ledger_balance=self.ledger_balance_limit)

    def push_policy(self) -> PushPolicy:
        applications = []
        for item in filter(None, (part.strip() for part in self.push_applications.split(","))):
            fields = [field.strip() for field in item.split("|")]
            if len(fields) != 3 or not all(fields) or fields[2] not in SERVICES:
                raise SettingsError(
                    f"KRAKEN_PUSH_APPLICATIONS: expected name|bundleId|GCM, APNS or APNS_SANDBOX, not {item!r}"
                )
            applications.append(NotifiableApplication(*fields))
        if self.push_binding_days <= 0:
            raise SettingsError("KRAKEN_PUSH_BINDING_DAYS: expected a positive number of days")
        return PushPolicy(tuple(applications), timedelta(days=self.push_binding_days))

    @property
    def disabled(self) -> frozenset[str]:
        return frozenset(name.strip() for name in self.disabled_mutations.split(",") if name.strip())

    @property
    def uses_postgres(self) -> bool:
        return bool(self.database_url)

    def postgres(self) -> dict[str, str]:
        """The eventsourcing POSTGRES_* variables for `database_url`."""
        url = urlsplit(self.database_url)
        return {
            "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
        }

    def store_env(self, context: str) -> dict[str, str]:
        """The eventsourcing environment for one context's event store."""
        # Aggregates stay cached per process and are fast-forwarded from the store on every load,
        # so a cache hit costs one small query and never answers from stale state.
        cache = {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache_size)} if self.aggregate_cache_size else {}
        if self.uses_postgres:
            # No POSTGRES_PRE_PING: it doubles the round trips of every read; a dropped connection
            # raises OperationalError, which eventsourcing's recorders retry on a fresh one.
            return {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                **self.postgres(),
                "POSTGRES_POOL_SIZE": str(self.pool_size),
                "POSTGRES_MAX_OVERFLOW": str(self.pool_max_overflow),
                "POSTGRES_LOCK_TIMEOUT": str(self.lock_timeout_seconds),
                "POSTGRES_SCHEMA": self.database_schema,
                "APPLICATION_RECORDER_TOPIC": "domain.shared.recorders:OneStatementApplicationRecorder",
                "PROCESS_RECORDER_TOPIC": "domain.shared.recorders:OneStatementProcessRecorder",
                **cache,
            }
        # SQLite names every events table "stored_events", so each context gets its own file.
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(Path(self.data_dir) / f"{context}.db"),
            "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout_seconds),
            **cache,
        }

    def signing_key(self) -> bytes:
        """The JWT signing secret; on the embedded default one is made once and kept under data_dir."""
        return self._kept_secret(self.secret_key, "KRAKEN_SECRET_KEY", "secret.key", secrets.token_urlsafe(48)).encode()

    def cipher_env(self, context: str = "identity") -> dict[str, str]:
        """Encryption at rest of a context's events: identity (emails, names, secrets' digests),
        accounts (addresses, billing emails, consents' evidence, device tokens, form contents),
        payments (bank details of direct debits), supply (names and contacts of incoming customers
        and of a quote's recipients) and goods (prospects' profiles, the addresses quotes are shared with).

        AES-GCM through eventsourcing's cipher; the key is base64 of 32 bytes. Changing it makes
        the events written before unreadable, so it is kept like the signing key. The identity
        store uses it as it is; another context's store a key derived from it for that context,
        so that one key unlocks one store.
        """
        new_key = base64.b64encode(secrets.token_bytes(32)).decode()
        key = self._kept_secret(self.identity_cipher_key, "KRAKEN_IDENTITY_CIPHER_KEY", "identity-cipher.key", new_key)
        if context != "identity":
            derived = hmac.new(base64.b64decode(key), f"kraken-es cipher {context}".encode(), hashlib.sha256)
            key = base64.b64encode(derived.digest()).decode()
        # The `cryptography` package's AES-GCM: the same format as pycryptodome's (nonce, tag, data),
        # so events written with either read with the other, at ~2 µs an event instead of ~33 µs.
        return {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": key}

    def _kept_secret(self, configured: str, variable: str, file_name: str, new: str) -> str:
        if configured:
            return configured
        if self.uses_postgres:
            raise SettingsError(f"{variable}: required when KRAKEN_DATABASE_URL is set (production)")
        path = Path(self.data_dir) / file_name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(new)
        return path.read_text().strip()


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Read KRAKEN_* variables (plus POSTGRES_* as a fallback database), checking each one's type."""
    environ = os.environ if environ is None else environ
    raw: dict[str, object] = {}
    for field in msgspec.structs.fields(Settings):
        var = f"KRAKEN_{field.name.upper()}"
        if var in environ:
            raw[field.name] = environ[var]
    if "database_url" not in raw and environ.get("POSTGRES_DBNAME"):
        user = environ.get("POSTGRES_USER", "postgres")
        password = environ.get("POSTGRES_PASSWORD", "")
        auth = f"{user}:{password}" if password else user
        host, port = environ.get("POSTGRES_HOST", "127.0.0.1"), environ.get("POSTGRES_PORT", "5432")
        raw["database_url"] = f"postgresql://{auth}@{host}:{port}/{environ['POSTGRES_DBNAME']}"
    try:
        settings = msgspec.convert(raw, type=Settings, strict=False)
    except msgspec.ValidationError as exc:
        # msgspec says "at `$.port`": turn the path back into the variable the operator set.
        message = str(exc)
        for field in msgspec.structs.fields(Settings):
            message = message.replace(f"`$.{field.name}`", f"KRAKEN_{field.name.upper()}")
        raise SettingsError(message) from None
    if settings.database_url and not settings.database_url.startswith(("postgresql://", "postgres://")):
        raise SettingsError("KRAKEN_DATABASE_URL: expected postgresql://user:password@host:port/dbname")
    if settings.broker_url and not settings.broker_url.startswith(("redis://", "rediss://", "amqp://", "amqps://")):
        raise SettingsError("KRAKEN_BROKER_URL: expected redis://... or amqp://...")
    if settings.smtp_url and not settings.smtp_url.startswith(("smtp://", "smtps://")):
        raise SettingsError("KRAKEN_SMTP_URL: expected smtp://[user:password@]host[:port] or smtps://...")
    if settings.rate_limit_window_seconds <= 0:
        raise SettingsError("KRAKEN_RATE_LIMIT_WINDOW_SECONDS: expected a positive number of seconds")
    if settings.rate_limit_points < 0 or settings.rate_limit_organisation_points < 0:
        raise SettingsError("KRAKEN_RATE_LIMIT_POINTS, KRAKEN_RATE_LIMIT_ORGANISATION_POINTS: expected 0 (off) or more")
    if not 1 <= len(settings.terms_version.strip()) <= 50:
        raise SettingsError("KRAKEN_TERMS_VERSION: expected 1 to 50 characters")
    if settings.ready_max_lag < 0:
        raise SettingsError("KRAKEN_READY_MAX_LAG: expected 0 or more events")
    if settings.as_of_max_events < 1:
        raise SettingsError("KRAKEN_AS_OF_MAX_EVENTS: expected 1 or more")
    if settings.max_occupants < 1:
        raise SettingsError("KRAKEN_MAX_OCCUPANTS: expected 1 or more")
    if settings.move_window_days < 0 or settings.cot_reading_window_days < 0:
        raise SettingsError("KRAKEN_MOVE_WINDOW_DAYS, KRAKEN_COT_READING_WINDOW_DAYS: expected 0 or more days")
    if not 1 <= settings.reversion_months <= 120:
        raise SettingsError("KRAKEN_REVERSION_MONTHS: expected 1 to 120 months")
    if not settings.max_daily_use_m3 > 0:
        raise SettingsError("KRAKEN_MAX_DAILY_USE_M3: expected a number of cubic metres above 0")
    if not 0 <= settings.personal_key_cache_seconds <= 3600:
        raise SettingsError("KRAKEN_PERSONAL_KEY_CACHE_SECONDS: expected 0 to 3600 seconds")
    if not settings.database_schema.isidentifier():
        raise SettingsError("KRAKEN_DATABASE_SCHEMA: expected a plain SQL identifier")
    try:
        settings.money_limits()
    except ValueError as exc:
        raise SettingsError(f"KRAKEN_PAYMENT_AMOUNT_LIMIT, KRAKEN_LEDGER_BALANCE_LIMIT: {exc}") from None
    if not 0 <= settings.product_switch_window_days <= 365 or not 1 <= settings.quote_validity_days <= 365:
        raise SettingsError(
            "KRAKEN_PRODUCT_SWITCH_WINDOW_DAYS, KRAKEN_QUOTE_VALIDITY_DAYS: expected 0 to 365 and 1 to 365 days"
        )
    if not 1 <= settings.goods_quote_validity_days <= 365 or settings.goods_share_window_seconds <= 0:
        raise SettingsError(
            "KRAKEN_GOODS_QUOTE_VALIDITY_DAYS, KRAKEN_GOODS_SHARE_WINDOW_SECONDS: expected 1 to 365 days, a window > 0"
        )
    if settings.quote_follow_up_hours < 0 or settings.quote_follow_up_window_seconds <= 0:
        raise SettingsError(
            "KRAKEN_QUOTE_FOLLOW_UP_HOURS, KRAKEN_QUOTE_FOLLOW_UP_WINDOW_SECONDS: expected hours >= 0, a window > 0"
        )
    if settings.brand not in BRANDS:
        raise SettingsError(f"KRAKEN_BRAND: expected one of {', '.join(BRANDS)}")
    if not 0 <= settings.referral_reward_delay_days <= 365:
        raise SettingsError("KRAKEN_REFERRAL_REWARD_DELAY_DAYS: expected 0 to 365 days")
    settings.push_policy()
    if not raw.get("public_url"):
        # Links in emails must reach the API where it is actually served (KRAKEN_HOST, KRAKEN_PORT).
        settings = msgspec.structs.replace(settings, public_url=served_url(settings.host, settings.port))
    return settings


def served_url(host: str, port: int) -> str:
    """The default public URL: where `kraken serve` listens (the local address when it listens on all)."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
