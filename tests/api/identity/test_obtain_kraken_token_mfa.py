"""obtainKrakenToken with email and password once the user has an enabled MFA device: `mfaToken` is required.

Without it, or with a wrong, stale or replayed code, the answer is KT-CT-1138 (the seed's code for
obtainKrakenToken's credentials) with a description that says a second factor is needed.
APIKey and refresh-token logins are not affected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pyotp

from domain.shared.clock import FrozenClock
from settings import Settings
from tests.api.identity.mfa import LOGIN, emailed_codes, enable_email, enable_totp, login
from tests.helpers import GraphQL, error_codes


def password_login(gql: GraphQL, customer: dict, mfa_token: str | None = None, password: str | None = None) -> dict:
    given = {"email": customer["email"], "password": password or customer["password"]}
    return gql(LOGIN, {"input": given | ({"mfaToken": mfa_token} if mfa_token else {})})


def with_totp(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> tuple[pyotp.TOTP, str]:
    """Given enabled EMAIL and TOTP devices (the TOTP step of now is spent); returns the app and a login token."""
    token = login(gql, customer)
    enable_email(auth_gql, token, settings, catch_up)
    return enable_totp(auth_gql, token, clock), token


def test_a_password_alone_no_longer_logs_in_and_a_fresh_totp_code_does(
    backend: str,
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given
    totp, _ = with_totp(gql, auth_gql, customer, settings, catch_up, clock)
    clock.advance(timedelta(seconds=30))
    # when
    without = password_login(gql, customer)
    with_code = password_login(gql, customer, totp.at(clock.now()))
    # then
    assert without["data"]["obtainKrakenToken"] is None
    assert error_codes(without) == ["KT-CT-1138"]
    assert "multi-factor" in without["errors"][0]["extensions"]["errorDescription"]
    assert with_code["data"]["obtainKrakenToken"]["token"]


def test_a_totp_code_logs_in_once_only(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given a code already used to log in
    totp, _ = with_totp(gql, auth_gql, customer, settings, catch_up, clock)
    clock.advance(timedelta(seconds=30))
    code = totp.at(clock.now())
    assert password_login(gql, customer, code)["data"]["obtainKrakenToken"]["token"]
    # when it is replayed within its window
    clock.advance(timedelta(seconds=20))
    replayed = password_login(gql, customer, code)
    # then
    assert error_codes(replayed) == ["KT-CT-1138"]
    assert "second factor" in replayed["errors"][0]["extensions"]["errorDescription"]


def test_the_code_emailed_on_a_password_login_logs_in(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given (a user who lost the authenticator app)
    with_totp(gql, auth_gql, customer, settings, catch_up, clock)
    # when a password login without mfaToken sends a code
    assert error_codes(password_login(gql, customer)) == ["KT-CT-1138"]
    catch_up()
    code = emailed_codes(settings)[-1]
    # then that code logs in, once
    assert password_login(gql, customer, code)["data"]["obtainKrakenToken"]["token"]
    assert error_codes(password_login(gql, customer, code)) == ["KT-CT-1138"]


def test_a_wrong_password_says_nothing_about_mfa_and_sends_no_code(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given
    totp, _ = with_totp(gql, auth_gql, customer, settings, catch_up, clock)
    catch_up()
    sent = len(emailed_codes(settings))
    # when
    body = password_login(gql, customer, totp.at(clock.now() + timedelta(seconds=30)), password="wrong password!")
    catch_up()
    # then
    assert error_codes(body) == ["KT-CT-1138"]
    assert "multi-factor" not in body["errors"][0]["extensions"]["errorDescription"]
    assert len(emailed_codes(settings)) == sent


def test_api_key_and_refresh_token_logins_are_not_affected(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given a user with MFA enabled, and a refresh token from a login that passed it
    totp, _ = with_totp(gql, auth_gql, customer, settings, catch_up, clock)
    clock.advance(timedelta(seconds=30))
    refresh = password_login(gql, customer, totp.at(clock.now()))["data"]["obtainKrakenToken"]["refreshToken"]
    # when / then
    assert gql(LOGIN, {"input": {"APIKey": customer["api_key"]}})["data"]["obtainKrakenToken"]["token"]
    assert gql(LOGIN, {"input": {"refreshToken": refresh}})["data"]["obtainKrakenToken"]["token"]


def test_wrong_codes_are_rate_limited_kt_ct_1199(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given as many wrong second factors as the per-user limit allows
    totp, _ = with_totp(gql, auth_gql, customer, settings, catch_up, clock)
    for _ in range(settings.login_attempts):
        assert error_codes(password_login(gql, customer, "000000")) == ["KT-CT-1138"]
    # when even the right code is given
    clock.advance(timedelta(seconds=30))
    body = password_login(gql, customer, totp.at(clock.now()))
    # then
    assert error_codes(body) == ["KT-CT-1199"]
