"""obtainKrakenToken with a preSignedKey: one scoped login per key, and every way a key is refused."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from uuid import UUID, uuid4

import jwt
import pytest

from domain.identity import commands
from domain.identity.tokens import IssuedToken
from domain.shared.catalogue import InvalidCredentials
from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.helpers import GraphQL, error_codes

OBTAIN = """
mutation ObtainKrakenToken($input: ObtainJSONWebTokenInput!) {
  obtainKrakenToken(input: $input) { token payload refreshToken refreshExpiresIn }
}
"""
SCOPE = "SUBMIT_METER_READINGS"


def issue_key(contexts: runtime.Contexts, email: str, scope: str = SCOPE) -> str:
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email=email, scope=scope)
    )
    assert key_id is not None
    return contexts.identity.pre_signed_keys.key_for(key_id)


def obtain(gql: GraphQL, **input: str) -> dict:
    return gql(OBTAIN, {"input": input})


def events_of(contexts: runtime.Contexts, key: str) -> list[str]:
    return [type(e).__name__ for e in contexts.identity.repository.event_store.get(UUID(hex=key.split(".")[0]))]


def test_a_pre_signed_key_gives_a_scoped_token(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given
    key = issue_key(contexts, customer["email"])
    # when
    body = obtain(gql, preSignedKey=key)
    # then
    answer = body["data"]["obtainKrakenToken"]
    claims = jwt.decode(answer["token"], options={"verify_signature": False})
    assert claims == answer["payload"]
    assert claims["sub"] == f"kraken|account-user:{customer['user_id']}"
    assert claims["gty"] == "PRE-SIGNED-KEY"
    assert claims["scope"] == SCOPE
    assert claims["exp"] - claims["iat"] == 3600
    assert answer["refreshExpiresIn"] == int((clock.now() + timedelta(days=7)).timestamp())
    assert events_of(contexts, key) == ["Issued", "Used"]
    # and the token speaks for the user
    assert str(contexts.identity.authenticate(answer["token"]).id) == customer["user_id"]


def test_renewing_a_scoped_token_keeps_its_scope(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    first = obtain(gql, preSignedKey=issue_key(contexts, customer["email"]))["data"]["obtainKrakenToken"]
    renewed = obtain(gql, refreshToken=first["refreshToken"])["data"]["obtainKrakenToken"]
    assert renewed["payload"]["scope"] == SCOPE
    assert renewed["payload"]["gty"] == "PRE-SIGNED-KEY"


def test_a_password_login_has_no_scope(gql: GraphQL, customer: dict) -> None:
    payload = obtain(gql, email=customer["email"], password=customer["password"])["data"]["obtainKrakenToken"]
    assert "scope" not in payload["payload"]


def test_a_key_logs_in_once(backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    key = issue_key(contexts, customer["email"])
    assert obtain(gql, preSignedKey=key)["data"]["obtainKrakenToken"]["token"]
    # when
    again = obtain(gql, preSignedKey=key)
    # then
    assert again["data"]["obtainKrakenToken"] is None
    assert error_codes(again) == ["KT-CT-1138"]
    assert again["errors"][0]["extensions"]["errorType"] == "VALIDATION"
    assert "already been used" in again["errors"][0]["extensions"]["errorDescription"]
    assert events_of(contexts, key) == ["Issued", "Used"]


def test_an_expired_key_is_refused(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock, settings: Settings
) -> None:
    key = issue_key(contexts, customer["email"])
    clock.advance(timedelta(minutes=settings.pre_signed_key_minutes))
    body = obtain(gql, preSignedKey=key)
    assert error_codes(body) == ["KT-CT-1138"]
    assert "expired" in body["errors"][0]["extensions"]["errorDescription"]
    assert events_of(contexts, key) == ["Issued"]


def test_a_key_still_logs_in_just_before_it_expires(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock, settings: Settings
) -> None:
    key = issue_key(contexts, customer["email"])
    clock.advance(timedelta(minutes=settings.pre_signed_key_minutes) - timedelta(seconds=1))
    assert obtain(gql, preSignedKey=key)["data"]["obtainKrakenToken"]["token"]


def test_an_invalidated_key_is_refused(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    key = issue_key(contexts, customer["email"])
    contexts.identity.invalidate_pre_signed_token(commands.InvalidatePreSignedToken(token=key))
    body = obtain(gql, preSignedKey=key)
    assert error_codes(body) == ["KT-CT-1138"]
    assert "invalidated" in body["errors"][0]["extensions"]["errorDescription"]


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda key, _: key[:-2] + ("AA" if not key.endswith("AA") else "BB"), id="forged mac"),
        pytest.param(lambda _, keys: keys.key_for(uuid4()), id="signed by us but never issued"),
        pytest.param(lambda key, _: key.split(".")[0], id="no mac"),
        pytest.param(lambda *_: "abc", id="malformed"),
    ],
)
def test_a_key_that_is_not_an_issued_one_is_kt_ct_1138(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, forge
) -> None:
    key = issue_key(contexts, customer["email"])
    body = obtain(gql, preSignedKey=forge(key, contexts.identity.pre_signed_keys))
    assert body["data"]["obtainKrakenToken"] is None
    assert error_codes(body) == ["KT-CT-1138"]
    assert events_of(contexts, key) == ["Issued"]


def test_a_client_guessing_keys_is_rate_limited(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, settings
) -> None:
    key = issue_key(contexts, customer["email"])
    for n in range(settings.client_login_attempts):
        assert error_codes(obtain(gql, preSignedKey=f"guess-{n}")) == ["KT-CT-1138"]
    assert error_codes(obtain(gql, preSignedKey=key)) == ["KT-CT-1199"]
    assert events_of(contexts, key) == ["Issued"]


def test_a_pre_signed_key_goes_alone(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    key = issue_key(contexts, customer["email"])
    body = obtain(gql, preSignedKey=key, email=customer["email"], password=customer["password"])
    assert error_codes(body) == ["KT-CT-1138"]
    assert events_of(contexts, key) == ["Issued"]


def test_a_pre_signed_key_is_not_an_organisation_key(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    key = issue_key(contexts, customer["email"])
    assert error_codes(obtain(gql, organizationSecretKey=key)) == ["KT-CT-1138"]
    assert events_of(contexts, key) == ["Issued"]


LOGINS = 8


def test_logins_racing_with_one_key_let_exactly_one_in(
    backend: str, customer: dict, contexts: runtime.Contexts
) -> None:
    # given one key and several logins released at the same moment
    key = issue_key(contexts, customer["email"])
    start = threading.Barrier(LOGINS)

    def log_in(_: int) -> IssuedToken | InvalidCredentials:
        start.wait()
        try:
            return contexts.identity.obtain_kraken_token(commands.ObtainKrakenToken(client="race", pre_signed_key=key))
        except InvalidCredentials as refused:
            return refused

    # when
    with ThreadPoolExecutor(LOGINS) as pool:
        outcomes = list(pool.map(log_in, range(LOGINS)))
    # then
    assert sum(isinstance(o, IssuedToken) for o in outcomes) == 1
    assert sum(isinstance(o, InvalidCredentials) for o in outcomes) == LOGINS - 1
    assert events_of(contexts, key) == ["Issued", "Used"]
