"""validateMfaDevice (auth server): a pending device becomes enabled with a right, fresh code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pyotp

from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.api.identity.mfa import CREATE, VALIDATE, call_disabled, emailed_codes, enable_email, enable_totp, login
from tests.helpers import GraphQL, error_codes


def validate(auth_gql: GraphQL, token: str, method: str, code: str, **headers: str) -> dict:
    return auth_gql(VALIDATE, {"input": {"mfaMethod": method, "token": code}}, token=token, **headers)


def test_an_email_code_enables_the_email_device(
    backend: str, gql: GraphQL, auth_gql: GraphQL, customer: dict, settings: Settings, catch_up: Callable[[], int]
) -> None:
    # given
    token = login(gql, customer)
    auth_gql(CREATE, {"input": {"mfaMethod": "EMAIL"}}, token=token)
    catch_up()
    [code] = emailed_codes(settings)
    # when
    body = validate(auth_gql, token, "EMAIL", code)
    # then
    assert body == {"data": {"validateMfaDevice": {"deviceIsValid": True}}}
    # and a second validation finds no pending device: KT-CT-1151
    assert error_codes(validate(auth_gql, token, "EMAIL", code)) == ["KT-CT-1151"]


def test_a_totp_code_enables_the_totp_device_once_a_backup_is_enabled(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given a pending TOTP device and no backup device
    token = login(gql, customer)
    secret = auth_gql(CREATE, {"input": {"mfaMethod": "TOTP"}}, token=token)["data"]["createMfaDevice"]["totpSecret"]
    # when / then: KT-CT-1155 until an EMAIL device is enabled
    assert error_codes(validate(auth_gql, token, "TOTP", pyotp.TOTP(secret).at(clock.now()))) == ["KT-CT-1155"]
    enable_email(auth_gql, token, settings, catch_up)
    assert validate(auth_gql, token, "TOTP", pyotp.TOTP(secret).at(clock.now()))["data"] == {
        "validateMfaDevice": {"deviceIsValid": True}
    }


def test_no_device_of_the_method_is_kt_ct_1150(gql: GraphQL, auth_gql: GraphQL, customer: dict) -> None:
    body = validate(auth_gql, login(gql, customer), "SMS", "123456")
    assert body["data"]["validateMfaDevice"] is None
    assert error_codes(body) == ["KT-CT-1150"]


def test_a_wrong_or_expired_code_is_kt_ct_1152(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given
    token = login(gql, customer)
    auth_gql(CREATE, {"input": {"mfaMethod": "EMAIL"}}, token=token)
    catch_up()
    [code] = emailed_codes(settings)
    wrong = "000000" if code != "000000" else "111111"
    # when / then
    assert error_codes(validate(auth_gql, token, "EMAIL", wrong)) == ["KT-CT-1152"]
    clock.advance(timedelta(minutes=10))
    assert error_codes(validate(auth_gql, token, "EMAIL", code)) == ["KT-CT-1152"]


def test_code_attempts_are_rate_limited_per_user_kt_ct_1199(
    gql: GraphQL, auth_gql: GraphQL, customer: dict, settings: Settings, catch_up: Callable[[], int]
) -> None:
    # given as many wrong codes as the per-user limit allows
    token = login(gql, customer)
    auth_gql(CREATE, {"input": {"mfaMethod": "EMAIL"}}, token=token)
    catch_up()
    [code] = emailed_codes(settings)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.login_attempts):
        assert error_codes(validate(auth_gql, token, "EMAIL", wrong)) == ["KT-CT-1152"]
    # when even the right code is tried
    body = validate(auth_gql, token, "EMAIL", code)
    # then
    assert error_codes(body) == ["KT-CT-1199"]


def test_aliases_cannot_multiply_attempts_in_one_request(gql: GraphQL, auth_gql: GraphQL, customer: dict) -> None:
    # given
    token = login(gql, customer)
    auth_gql(CREATE, {"input": {"mfaMethod": "TOTP"}}, token=token)
    aliased = (
        'mutation { a: validateMfaDevice(input: {mfaMethod: TOTP, token: "000001"}) { deviceIsValid } '
        'b: validateMfaDevice(input: {mfaMethod: TOTP, token: "000002"}) { deviceIsValid } }'
    )
    # when
    body = auth_gql(aliased, token=token)
    # then the request is refused as a whole (KT-CT-1191): no code was tried
    assert body.get("data") is None
    assert error_codes(body) == ["KT-CT-1191"]


def test_an_enabled_totp_device_is_not_validated_again_kt_ct_1151(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given an enabled TOTP device
    token = login(gql, customer)
    enable_email(auth_gql, token, settings, catch_up)
    totp = enable_totp(auth_gql, token, clock)
    # when the next step's code is offered to validate it again
    body = validate(auth_gql, token, "TOTP", totp.at(clock.now() + timedelta(seconds=30)))
    # then
    assert error_codes(body) == ["KT-CT-1151"]


def test_it_needs_an_authorization_header(auth_gql: GraphQL) -> None:
    assert error_codes(auth_gql(VALIDATE, {"input": {"mfaMethod": "TOTP", "token": "123456"}})) == ["KT-CT-1112"]


def test_it_answers_kt_ct_1113_when_an_operator_disables_it(
    settings: Settings, contexts: runtime.Contexts, customer: dict
) -> None:
    body = call_disabled(
        settings, contexts, customer, "validateMfaDevice", VALIDATE, {"input": {"mfaMethod": "TOTP", "token": "123456"}}
    )
    assert error_codes(body) == ["KT-CT-1113"]
