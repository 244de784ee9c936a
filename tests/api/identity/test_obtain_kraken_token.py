"""obtainKrakenToken: email and password, API key and refresh token, and every way each is refused."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from domain.shared.clock import FrozenClock
from settings import Settings
from tests.helpers import GraphQL, error_codes

OBTAIN = """
mutation ObtainKrakenToken($input: ObtainJSONWebTokenInput!) {
  obtainKrakenToken(input: $input) { token payload refreshToken refreshExpiresIn }
}
"""


def obtain(gql: GraphQL, **input: str) -> dict:
    return gql(OBTAIN, {"input": input})


def test_email_and_password_give_a_60_minute_jwt_and_a_7_day_refresh_token(
    backend: str, gql: GraphQL, customer: dict, clock: FrozenClock
) -> None:
    # when
    body = obtain(gql, email=customer["email"], password=customer["password"])
    # then
    answer = body["data"]["obtainKrakenToken"]
    claims = jwt.decode(answer["token"], options={"verify_signature": False})
    assert claims == answer["payload"]
    assert claims["sub"] == f"kraken|account-user:{customer['user_id']}"
    assert claims["gty"] == "EMAIL-AND-PASSWORD"
    assert claims["exp"] - claims["iat"] == 3600
    assert jwt.get_unverified_header(answer["token"])["alg"] == "HS256"
    assert answer["refreshExpiresIn"] == int((clock.now() + timedelta(days=7)).timestamp())


def test_the_email_is_matched_without_regard_to_case(gql: GraphQL, customer: dict) -> None:
    body = obtain(gql, email=customer["email"].upper(), password=customer["password"])
    assert body["data"]["obtainKrakenToken"]["token"]


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "ada@example.com", "password": "not the password"},
        {"email": "nobody@example.com", "password": "correct horse battery staple"},
        {"email": "ada@example.com"},
        {},
    ],
    ids=["wrong password", "unknown email", "no password", "nothing"],
)
def test_bad_credentials_are_kt_ct_1138_validation(gql: GraphQL, customer: dict, credentials: dict) -> None:
    body = obtain(gql, **credentials)
    assert body["data"]["obtainKrakenToken"] is None
    assert error_codes(body) == ["KT-CT-1138"]
    assert body["errors"][0]["extensions"]["errorType"] == "VALIDATION"


def test_an_api_key_logs_in_and_a_wrong_one_is_refused(backend: str, gql: GraphQL, customer: dict) -> None:
    good = obtain(gql, APIKey=customer["api_key"])
    claims = good["data"]["obtainKrakenToken"]["payload"]
    assert claims["gty"] == "API-KEY" and claims["sub"].endswith(customer["user_id"])
    bad = obtain(gql, APIKey=customer["api_key"] + "x")
    assert error_codes(bad) == ["KT-CT-1138"]


def test_a_refresh_token_renews_without_rotating_or_extending(
    backend: str, gql: GraphQL, customer: dict, clock: FrozenClock
) -> None:
    # given
    first = obtain(gql, email=customer["email"], password=customer["password"])["data"]["obtainKrakenToken"]
    clock.advance(timedelta(days=2))
    # when
    renewed = obtain(gql, refreshToken=first["refreshToken"])["data"]["obtainKrakenToken"]
    # then
    assert renewed["refreshToken"] == first["refreshToken"]
    assert renewed["refreshExpiresIn"] == first["refreshExpiresIn"]
    assert renewed["payload"]["iat"] == first["payload"]["iat"] + 2 * 24 * 3600
    assert renewed["payload"]["origIat"] == first["payload"]["iat"]


def test_an_expired_refresh_token_is_kt_ct_1134(gql: GraphQL, customer: dict, clock: FrozenClock) -> None:
    refresh = obtain(gql, email=customer["email"], password=customer["password"])["data"]["obtainKrakenToken"]
    clock.advance(timedelta(days=7))
    assert error_codes(obtain(gql, refreshToken=refresh["refreshToken"])) == ["KT-CT-1134"]


@pytest.mark.parametrize("forged", ["not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."])
def test_an_invalid_refresh_token_is_kt_ct_1135(gql: GraphQL, customer: dict, forged: str) -> None:
    assert error_codes(obtain(gql, refreshToken=forged)) == ["KT-CT-1135"]


def test_an_access_token_is_not_a_refresh_token(gql: GraphQL, customer: dict) -> None:
    access = obtain(gql, email=customer["email"], password=customer["password"])["data"]["obtainKrakenToken"]["token"]
    assert error_codes(obtain(gql, refreshToken=access)) == ["KT-CT-1135"]


def test_repeated_failures_for_one_email_are_rate_limited_even_for_the_right_password(
    backend: str, gql: GraphQL, customer: dict, settings: Settings, clock: FrozenClock
) -> None:
    # given
    for _ in range(settings.login_attempts):
        assert error_codes(obtain(gql, email=customer["email"], password="guess")) == ["KT-CT-1138"]
    # when
    body = obtain(gql, email=customer["email"], password=customer["password"])
    # then
    assert error_codes(body) == ["KT-CT-1199"]
    # and the window passes
    clock.advance(timedelta(seconds=settings.login_window_seconds))
    assert obtain(gql, email=customer["email"], password=customer["password"])["data"]["obtainKrakenToken"]


def test_a_client_guessing_across_many_emails_is_rate_limited(gql: GraphQL, settings: Settings) -> None:
    for n in range(settings.client_login_attempts):
        obtain(gql, email=f"user{n}@example.com", password="guess")
    assert error_codes(obtain(gql, email="another@example.com", password="guess")) == ["KT-CT-1199"]


def test_an_unknown_organisation_key_is_kt_ct_1138(gql: GraphQL) -> None:
    # Organisation logins are covered in test_obtain_kraken_token_organisation.py.
    assert error_codes(obtain(gql, organizationSecretKey="abc")) == ["KT-CT-1138"]


def test_one_request_cannot_carry_two_login_attempts(gql: GraphQL, customer: dict, settings: Settings) -> None:
    doc = """mutation {
      a: obtainKrakenToken(input: {email: "ada@example.com", password: "one"}) { token }
      b: obtainKrakenToken(input: {email: "ada@example.com", password: "two"}) { token }
    }"""
    body = gql(doc)
    assert body["data"] is None
    assert error_codes(body) == ["KT-CT-1191"]
