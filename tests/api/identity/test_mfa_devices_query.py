"""`mfaDevices`: the viewer's own second factors, pending or confirmed, on the auth server and on the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from api.schema import auth_schema
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.identity.mfa import CREATE, DELETE, enable_email, enable_totp, login
from tests.api.loyalty.conftest import register, token_for
from tests.helpers import GraphQL, error_codes

DEVICES = "{ mfaDevices { deviceType isConfirmed } }"


def _devices(gql: GraphQL, token: str) -> list[dict]:
    body = gql(DEVICES, token=token)
    assert "errors" not in body, body["errors"]
    devices: list[dict] = body["data"]["mfaDevices"]
    return devices


def test_devices_show_as_the_mfa_mutations_leave_them(
    backend: str,
    gql: GraphQL,
    auth_gql: GraphQL,
    customer: dict,
    settings: Settings,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    token = login(gql, customer)
    # given no device
    catch_up()
    assert _devices(auth_gql, token) == []
    # when an EMAIL device is created, then it is pending
    auth_gql(CREATE, {"input": {"mfaMethod": "EMAIL"}}, token=token)
    catch_up()
    assert _devices(auth_gql, token) == [{"deviceType": "EMAIL", "isConfirmed": False}]
    # when it is validated and a TOTP device is enabled too, then both are confirmed
    enable_email(auth_gql, token, settings, catch_up)
    enable_totp(auth_gql, token, clock)
    catch_up()
    expected = [{"deviceType": "EMAIL", "isConfirmed": True}, {"deviceType": "TOTP", "isConfirmed": True}]
    assert _devices(auth_gql, token) == expected
    # and the API answers the same
    assert _devices(gql, token) == expected
    # when the TOTP device is deleted, then it is gone
    assert auth_gql(DELETE, {"input": {"mfaMethod": "TOTP"}}, token=token)["data"]["deleteMfaDevice"] == {
        "deviceDeleted": True
    }
    catch_up()
    assert _devices(auth_gql, token) == [{"deviceType": "EMAIL", "isConfirmed": True}]


def test_a_user_sees_only_their_own_devices(
    backend: str,
    gql: GraphQL,
    auth_gql: GraphQL,
    contexts: Contexts,
    customer: dict,
    catch_up: Callable[[], int],
) -> None:
    # given Ada's pending EMAIL device and Grace, another user of her account, with none
    token = login(gql, customer)
    assert "errors" not in auth_gql(CREATE, {"input": {"mfaMethod": "EMAIL"}}, token=token)
    register(contexts, "grace@example.com", "Grace Hopper", customer["account_number"])
    catch_up()
    # then
    assert _devices(auth_gql, token_for(contexts, "grace@example.com")) == []
    assert [device["deviceType"] for device in _devices(auth_gql, token)] == ["EMAIL"]


def test_the_listing_holds_no_secret() -> None:
    fields = auth_schema(Settings())._schema.type_map["MfaDevice"].fields  # type: ignore[union-attr]
    assert set(fields) == {"deviceType", "isConfirmed"}


@pytest.mark.parametrize("server", ["api", "auth"])
def test_only_an_account_user_has_devices(
    gql: GraphQL, auth_gql: GraphQL, contexts: Contexts, customer: dict, server: str
) -> None:
    chosen = gql if server == "api" else auth_gql
    assert error_codes(chosen(DEVICES)) == ["KT-CT-1112"]
    _, key = organisation(contexts)
    body = chosen(DEVICES, token=organisation_token(gql, key))
    assert body["data"]["mfaDevices"] is None and error_codes(body) == ["KT-CT-1111"]
