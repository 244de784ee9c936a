"""registerPushNotificationBinding: the viewer's device token is bound to them for a known app, renewed on repeat."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain.accounts.push_binding import PushBinding
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, refused_with

REGISTER = """
mutation Register($input: RegisterPushNotificationBindingInput!) {
  registerPushNotificationBinding(input: $input) { pushNotificationBinding { id token registeredAt expiresAt } }
}
"""
DELETE = """
mutation Delete($input: DeletePushNotificationBindingInput!) { deletePushNotificationBinding(input: $input) { status } }
"""
TOKEN = "fcm:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx"
APP = "com.kraken.demo"


def register(gql: GraphQL, token: str | None, device: str = TOKEN, bundle_id: str = APP) -> dict[str, Any]:
    return gql(REGISTER, {"input": {"token": device, "bundleId": bundle_id}}, token=token)


def delete(gql: GraphQL, token: str | None, device: str = TOKEN) -> dict[str, Any]:
    return gql(DELETE, {"input": {"token": device}}, token=token)


def test_the_device_is_registered_for_a_year(backend: str, gql: GraphQL, contexts: Contexts, ada: str) -> None:
    # when
    body = register(gql, ada)
    # then
    binding = body["data"]["registerPushNotificationBinding"]["pushNotificationBinding"]
    assert binding["token"] == TOKEN
    assert binding["registeredAt"] == "2026-01-15T09:30:00+00:00"
    assert binding["expiresAt"] == "2027-01-15T09:30:00+00:00"
    # and the binding exists: the viewer can delete it
    assert delete(gql, ada) == {"data": {"deletePushNotificationBinding": {"status": "SUCCESSFUL"}}}
    # and the token is stored encrypted
    recorder = contexts.accounts.recorder
    stored = recorder.select_events(PushBinding.id_for(TOKEN))
    assert stored and all(TOKEN.encode() not in event.state for event in stored)


def test_registering_the_same_token_again_renews_it(
    gql: GraphQL, contexts: Contexts, ada: str, clock: FrozenClock
) -> None:
    # given
    first = register(gql, ada)["data"]["registerPushNotificationBinding"]["pushNotificationBinding"]
    clock.advance(timedelta(days=30))
    # when
    again = register(gql, token_for(contexts, "ada@example.com"))
    # then the same binding, with its expiry moved on
    renewed = again["data"]["registerPushNotificationBinding"]["pushNotificationBinding"]
    assert renewed["id"] == first["id"] and renewed["registeredAt"] == first["registeredAt"]
    assert datetime.fromisoformat(renewed["expiresAt"]) == datetime.fromisoformat(first["expiresAt"]) + timedelta(
        days=30
    )


def test_a_token_registered_by_another_user_moves_to_them(gql: GraphQL, ada: str, grace_token: str) -> None:
    # given a device Ada registered, now logged in as Grace
    register(gql, ada)
    # when
    body = register(gql, grace_token)
    # then the binding is Grace's: Ada can no longer delete it, Grace can
    assert body["data"]["registerPushNotificationBinding"]["pushNotificationBinding"]["token"] == TOKEN
    refused_with(delete(gql, ada), "KT-CT-5411")
    assert delete(gql, grace_token)["data"]["deletePushNotificationBinding"]["status"] == "SUCCESSFUL"


def test_an_app_the_supplier_does_not_know_is_kt_ct_4321(gql: GraphQL, ada: str) -> None:
    refused_with(register(gql, ada, bundle_id="com.example.unknown"), "KT-CT-4321")
    refused_with(delete(gql, ada), "KT-CT-5411")


def test_an_over_long_or_empty_token_is_kt_ct_4321(gql: GraphQL, ada: str) -> None:
    refused_with(register(gql, ada, device="x" * 1025), "KT-CT-4321")
    refused_with(register(gql, ada, device=" "), "KT-CT-4321")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL) -> None:
    refused_with(register(gql, None), "KT-CT-1112")


def test_an_organisation_has_no_devices_kt_ct_1111(gql: GraphQL, contexts: Contexts) -> None:
    _, key = organisation(contexts)
    refused_with(register(gql, organisation_token(gql, key)), "KT-CT-1111")
