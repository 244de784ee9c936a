"""createMfaDevice (auth server): a pending TOTP, EMAIL or SMS device for the viewer."""

from __future__ import annotations

import base64
from collections.abc import Callable
from uuid import UUID

import pyotp

from domain.identity import commands
from domain.identity.mfa_devices import MfaDevices
from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.api.identity.mfa import CREATE, call_disabled, emailed_codes, enable_email, login
from tests.helpers import GraphQL, error_codes


def test_a_totp_device_returns_a_secret_any_authenticator_app_can_use(
    backend: str, gql: GraphQL, auth_gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given
    token = login(gql, customer)
    # when
    body = auth_gql(CREATE, {"input": {"mfaMethod": "TOTP"}}, token=token)
    # then: a base32 secret (RFC 4648), 160 bits, as authenticator apps take it
    created = body["data"]["createMfaDevice"]
    assert created["deviceEmail"] is None and created["devicePhone"] is None
    secret = created["totpSecret"]
    assert len(base64.b32decode(secret)) >= 20
    assert len(pyotp.TOTP(secret).at(clock.now())) == 6
    # and the device is pending, recorded as the viewer's act
    devices = contexts.identity.repository.get(MfaDevices.id_for(UUID(customer["user_id"])))
    assert devices.enabled == []
    recorded = contexts.identity.repository.event_store.get(devices.id)
    assert [type(e).__name__ for e in recorded] == ["Opened", "DeviceCreated"]


def test_an_email_device_is_sent_its_first_code_by_the_worker(
    gql: GraphQL, auth_gql: GraphQL, customer: dict, settings: Settings, catch_up: Callable[[], int]
) -> None:
    # given
    token = login(gql, customer)
    # when
    body = auth_gql(CREATE, {"input": {"mfaMethod": "EMAIL"}}, token=token)
    catch_up()
    # then
    assert body["data"]["createMfaDevice"] == {
        "deviceEmail": customer["email"],
        "devicePhone": None,
        "totpSecret": None,
    }
    [code] = emailed_codes(settings)
    assert len(code) == 6 and code.isdigit()


def test_a_second_enabled_device_of_one_method_is_kt_ct_1153(
    gql: GraphQL, auth_gql: GraphQL, customer: dict, settings: Settings, catch_up: Callable[[], int]
) -> None:
    # given
    token = login(gql, customer)
    enable_email(auth_gql, token, settings, catch_up)
    # when
    body = auth_gql(CREATE, {"input": {"mfaMethod": "EMAIL"}}, token=token)
    # then
    assert body["data"]["createMfaDevice"] is None
    assert error_codes(body) == ["KT-CT-1153"]


def test_sms_without_a_mobile_number_on_record_is_kt_ct_1153(gql: GraphQL, auth_gql: GraphQL, customer: dict) -> None:
    body = auth_gql(CREATE, {"input": {"mfaMethod": "SMS"}}, token=login(gql, customer))
    assert error_codes(body) == ["KT-CT-1153"]


def test_a_pre_signed_key_token_may_not_enrol_a_device_kt_ct_1128(
    gql: GraphQL, auth_gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given a token from a one-time, scoped login key
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email=customer["email"], scope="SUBMIT_METER_READINGS")
    )
    assert key_id is not None
    key = contexts.identity.pre_signed_keys.key_for(key_id)
    scoped = contexts.identity.obtain_kraken_token(commands.ObtainKrakenToken(client="test", pre_signed_key=key))
    # when
    body = auth_gql(CREATE, {"input": {"mfaMethod": "TOTP"}}, token=scoped.token)
    # then
    assert error_codes(body) == ["KT-CT-1128"]


def test_it_needs_an_authorization_header_and_is_served_on_the_auth_server_only(
    gql: GraphQL, auth_gql: GraphQL
) -> None:
    assert error_codes(auth_gql(CREATE, {"input": {"mfaMethod": "TOTP"}})) == ["KT-CT-1112"]
    assert "errors" in gql(CREATE, {"input": {"mfaMethod": "TOTP"}})


def test_it_answers_kt_ct_1113_when_an_operator_disables_it(
    settings: Settings, contexts: runtime.Contexts, customer: dict
) -> None:
    body = call_disabled(settings, contexts, customer, "createMfaDevice", CREATE, {"input": {"mfaMethod": "TOTP"}})
    assert error_codes(body) == ["KT-CT-1113"]
