"""Kraken tokens: what is accepted and every way a forged or stale token is refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from domain.identity.errors import RefreshTokenInvalid
from domain.identity.tokens import Tokens
from domain.shared.catalogue import TokenExpired, Unauthorized
from domain.shared.clock import FrozenClock

SECRET = b"a-test-secret-long-enough-for-every-hmac-algorithm-even-hs512-0123456789"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture
def tokens(clock: FrozenClock) -> Tokens:
    return Tokens(SECRET, clock, access_ttl=timedelta(minutes=60), refresh_ttl=timedelta(days=7))


def issue(tokens: Tokens) -> tuple[str, str]:
    issued = tokens.issue(subject="kraken|account-user:1", email="a@b.c", grant="EMAIL-AND-PASSWORD", epoch=0)
    return issued.token, issued.refresh_token


def test_an_access_token_lives_60_minutes_and_a_refresh_token_7_days(tokens: Tokens, clock: FrozenClock) -> None:
    issued = tokens.issue(subject="kraken|account-user:1", email="a@b.c", grant="EMAIL-AND-PASSWORD", epoch=3)
    now = int(clock.now().timestamp())
    assert issued.payload["exp"] - issued.payload["iat"] == 3600
    assert issued.refresh_expires_at - now == 7 * 24 * 3600
    assert tokens.read_access(issued.token)["rev"] == 3
    assert tokens.read_refresh(issued.refresh_token)["sub"] == "kraken|account-user:1"


def test_an_expired_access_token_is_refused_as_lapsed(tokens: Tokens, clock: FrozenClock) -> None:
    access, _ = issue(tokens)
    clock.advance(timedelta(minutes=60))
    with pytest.raises(TokenExpired):
        tokens.read_access(access)


def test_renewing_keeps_the_refresh_token_and_its_expiry(tokens: Tokens, clock: FrozenClock) -> None:
    first = tokens.issue(subject="kraken|account-user:1", email="a@b.c", grant="API-KEY", epoch=0)
    clock.advance(timedelta(days=1))
    renewed = tokens.issue(
        subject="kraken|account-user:1", email="a@b.c", grant="API-KEY", epoch=0, refresh_token=first.refresh_token
    )
    assert renewed.refresh_token == first.refresh_token
    assert renewed.refresh_expires_at == first.refresh_expires_at


def _tamper(token: str) -> str:
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["sub"] = "kraken|account-user:2"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{forged}.{signature}"


def test_a_token_with_a_changed_payload_is_refused(tokens: Tokens) -> None:
    access, _ = issue(tokens)
    with pytest.raises(Unauthorized):
        tokens.read_access(_tamper(access))


def test_alg_none_is_refused(tokens: Tokens) -> None:
    access, _ = issue(tokens)
    claims = jwt.decode(access, options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(Unauthorized):
        tokens.read_access(unsigned)


def test_another_algorithm_is_refused_even_with_the_right_key(tokens: Tokens) -> None:
    access, _ = issue(tokens)
    claims = jwt.decode(access, options={"verify_signature": False})
    other = jwt.encode(claims, SECRET, algorithm="HS512")
    with pytest.raises(Unauthorized):
        tokens.read_access(other)


def test_a_refresh_token_cannot_be_used_as_an_access_token_or_the_reverse(tokens: Tokens) -> None:
    access, refresh = issue(tokens)
    with pytest.raises(Unauthorized):
        tokens.read_access(refresh)
    with pytest.raises(RefreshTokenInvalid):
        tokens.read_refresh(access)


def test_a_token_signed_with_another_secret_is_refused(tokens: Tokens, clock: FrozenClock) -> None:
    stranger = Tokens(b"another-secret-entirely-0123456789", clock, timedelta(minutes=60), timedelta(days=7))
    access, _ = issue(stranger)
    with pytest.raises(Unauthorized):
        tokens.read_access(access)
