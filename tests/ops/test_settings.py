"""Settings come from the environment once; a bad value stops start-up and names its variable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.accounts.push_binding import NotifiableApplication
from settings import Settings, SettingsError, load


def test_defaults_are_the_embedded_sqlite_store() -> None:
    settings = load({})
    assert settings == Settings()
    assert settings.store_env("identity")["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert settings.store_env("identity")["SQLITE_DBNAME"].endswith("identity.db")


def test_each_context_has_its_own_sqlite_file() -> None:
    settings = load({})
    files = {settings.store_env(c)["SQLITE_DBNAME"] for c in ("identity", "accounts", "payments")}
    assert len(files) == 3


def test_a_database_url_selects_postgres_with_the_pool_and_lock_timeout_set() -> None:
    settings = load(
        {"KRAKEN_DATABASE_URL": "postgresql://kraken:s3cret@db.internal:6543/kraken", "KRAKEN_POOL_SIZE": "3"}
    )
    env = settings.store_env("payments")
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == ("db.internal", "6543", "kraken")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("kraken", "s3cret")
    assert env["POSTGRES_POOL_SIZE"] == "3" and env["POSTGRES_LOCK_TIMEOUT"] == "5"


def test_the_postgres_variables_also_select_postgres() -> None:
    settings = load({"POSTGRES_DBNAME": "kraken", "POSTGRES_HOST": "db", "POSTGRES_USER": "app"})
    assert settings.database_url == "postgresql://app@db:5432/kraken"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KRAKEN_PORT", "eighty"),
        ("KRAKEN_GRAPHIQL", "perhaps"),
        ("KRAKEN_LOG_LEVEL", "LOUD"),
        ("KRAKEN_DATABASE_URL", "mysql://x"),
        ("KRAKEN_DATABASE_SCHEMA", "drop table;"),
        ("KRAKEN_RATE_LIMIT_POINTS", "-1"),
        ("KRAKEN_RATE_LIMIT_ORGANISATION_POINTS", "lots"),
        ("KRAKEN_RATE_LIMIT_WINDOW_SECONDS", "0"),
        ("KRAKEN_MAX_OCCUPANTS", "0"),
        ("KRAKEN_MAX_DAILY_USE_M3", "0"),
        ("KRAKEN_MAX_DAILY_USE_M3", "lots"),
        ("KRAKEN_PUSH_APPLICATIONS", "Our app|com.example.app"),
        ("KRAKEN_PUSH_APPLICATIONS", "Our app|com.example.app|PIGEON"),
        ("KRAKEN_PUSH_BINDING_DAYS", "0"),
    ],
)
def test_a_bad_value_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load({variable: value})


def test_production_needs_an_explicit_secret_key() -> None:
    with pytest.raises(SettingsError, match="KRAKEN_SECRET_KEY"):
        load({"KRAKEN_DATABASE_URL": "postgresql://db/kraken"}).signing_key()


def test_the_embedded_default_makes_a_secret_key_once_and_keeps_it(tmp_path) -> None:
    settings = load({"KRAKEN_DATA_DIR": str(tmp_path)})
    first = settings.signing_key()
    assert len(first) >= 48 and settings.signing_key() == first
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600


def test_disabled_mutations_are_a_comma_separated_list() -> None:
    assert load({"KRAKEN_DISABLED_MUTATIONS": "obtainKrakenToken, collectPayment,"}).disabled == {
        "obtainKrakenToken",
        "collectPayment",
    }


@pytest.mark.parametrize(
    ("served", "public_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"KRAKEN_PORT": "9000"}, "http://127.0.0.1:9000"),
        ({"KRAKEN_HOST": "kraken.internal", "KRAKEN_PORT": "9000"}, "http://kraken.internal:9000"),
        # Listening on every interface names no address a link can reach: the local one is the default's.
        ({"KRAKEN_HOST": "0.0.0.0", "KRAKEN_PORT": "9000"}, "http://127.0.0.1:9000"),
        ({"KRAKEN_HOST": "::1", "KRAKEN_PORT": "9000"}, "http://[::1]:9000"),
    ],
)
def test_the_public_url_follows_where_the_api_is_served(served: dict[str, str], public_url: str) -> None:
    assert load(served).public_url == public_url


def test_an_explicit_public_url_always_wins() -> None:
    settings = load({"KRAKEN_PUBLIC_URL": "https://kraken.example", "KRAKEN_PORT": "9000"})
    assert settings.public_url == "https://kraken.example"


def test_the_points_allowance_is_kraken_s_unless_configured() -> None:
    assert (load({}).rate_limit_points, load({}).rate_limit_organisation_points) == (50_000, 100_000)
    assert load({}).rate_limit_window_seconds == 3600
    assert load({"KRAKEN_RATE_LIMIT_POINTS": "0"}).rate_limit_points == 0


def test_push_notifications_know_the_demo_apps_unless_configured() -> None:
    default = load({}).push_policy()
    assert [(app.bundle_id, app.service) for app in default.applications] == [
        ("com.kraken.demo", "APNS"),
        ("com.kraken.demo.android", "GCM"),
    ]
    assert default.lifetime == timedelta(days=365)
    configured = load(
        {"KRAKEN_PUSH_APPLICATIONS": "Ours | com.example.app | APNS_SANDBOX", "KRAKEN_PUSH_BINDING_DAYS": "30"}
    )
    policy = configured.push_policy()
    assert policy.application("com.example.app") == NotifiableApplication("Ours", "com.example.app", "APNS_SANDBOX")
    assert policy.application("com.kraken.demo") is None and policy.lifetime == timedelta(days=30)
