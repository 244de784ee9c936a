"""deleteMfaDevice (auth server): the viewer removes a device, but never the last backup of an enabled TOTP device."""

from __future__ import annotations

from collections.abc import Callable

from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.api.identity.mfa import CREATE, DELETE, call_disabled, enable_email, enable_totp, login
from tests.helpers import GraphQL, error_codes


def delete(auth_gql: GraphQL, token: str | None, method: str) -> dict:
    return auth_gql(DELETE, {"input": {"mfaMethod": method}}, token=token)


def test_a_pending_device_is_deleted(backend: str, gql: GraphQL, auth_gql: GraphQL, customer: dict) -> None:
    # given
    token = login(gql, customer)
    auth_gql(CREATE, {"input": {"mfaMethod": "TOTP"}}, token=token)
    # when
    body = delete(auth_gql, token, "TOTP")
    # then
    assert body == {"data": {"deleteMfaDevice": {"deviceDeleted": True}}}
    assert error_codes(delete(auth_gql, token, "TOTP")) == ["KT-CT-1150"]


def test_a_missing_device_is_kt_ct_1150(gql: GraphQL, auth_gql: GraphQL, customer: dict) -> None:
    body = delete(auth_gql, login(gql, customer), "SMS")
    assert body["data"]["deleteMfaDevice"] is None
    assert error_codes(body) == ["KT-CT-1150"]


def test_the_last_backup_of_an_enabled_totp_device_is_kt_ct_1154(
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given enabled EMAIL and TOTP devices
    token = login(gql, customer)
    enable_email(auth_gql, token, settings, catch_up)
    enable_totp(auth_gql, token, clock)
    # when / then
    assert error_codes(delete(auth_gql, token, "EMAIL")) == ["KT-CT-1154"]
    # and once the TOTP device is gone, the EMAIL device can go too
    assert delete(auth_gql, token, "TOTP")["data"] == {"deleteMfaDevice": {"deviceDeleted": True}}
    assert delete(auth_gql, token, "EMAIL")["data"] == {"deleteMfaDevice": {"deviceDeleted": True}}


def test_it_needs_an_authorization_header(auth_gql: GraphQL) -> None:
    assert error_codes(delete(auth_gql, None, "TOTP")) == ["KT-CT-1112"]


def test_it_answers_kt_ct_1113_when_an_operator_disables_it(
    settings: Settings, contexts: runtime.Contexts, customer: dict
) -> None:
    body = call_disabled(settings, contexts, customer, "deleteMfaDevice", DELETE, {"input": {"mfaMethod": "TOTP"}})
    assert error_codes(body) == ["KT-CT-1113"]
