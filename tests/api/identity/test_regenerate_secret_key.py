"""regenerateSecretKey: a new live secret key, shown once, stored only as a digest; the old key stops working."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from uuid import UUID

import msgspec
from litestar.testing import TestClient

from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.api.identity.acting_for_others import OBTAIN, login, masquerade_session, organisation, organisation_token
from tests.helpers import GraphQL, error_codes

REGENERATE = """
mutation RegenerateSecretKey {
  regenerateSecretKey { key viewer { id email } }
}
"""


def api_key_login(gql: GraphQL, key: str) -> dict:
    return gql(OBTAIN, {"input": {"APIKey": key}})


def test_a_new_key_replaces_the_old_one(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts, catch_up: Callable[[], int]
) -> None:
    # given
    catch_up()
    token = login(gql, customer)
    # when
    body = gql(REGENERATE, token=token)
    # then
    answer = body["data"]["regenerateSecretKey"]
    assert answer["key"].startswith("sk_live_") and answer["key"] != customer["api_key"]
    assert answer["viewer"] == {"id": customer["user_id"], "email": customer["email"]}
    assert api_key_login(gql, answer["key"])["data"]["obtainKrakenToken"]["token"]
    assert error_codes(api_key_login(gql, customer["api_key"])) == ["KT-CT-1138"]


def test_the_key_is_recorded_only_as_its_digest(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    # when
    key = gql(REGENERATE, token=login(gql, customer))["data"]["regenerateSecretKey"]["key"]
    # then
    events = list(contexts.identity.repository.event_store.get(UUID(customer["user_id"])))
    issued = events[-1]
    assert type(issued).__name__ == "SecretKeyIssued"
    assert issued.key_digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in repr(vars(issued))


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL) -> None:
    body = gql(REGENERATE)
    assert body["data"] == {"regenerateSecretKey": None}
    assert error_codes(body) == ["KT-CT-1112"]


def test_a_masquerade_session_cannot_mint_a_standing_credential_kt_ct_1111(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given support staff masquerading as the customer
    token = masquerade_session(gql, contexts, customer["user_id"])
    # when
    body = gql(REGENERATE, token=token)
    # then
    assert error_codes(body) == ["KT-CT-1111"]
    assert api_key_login(gql, customer["api_key"])["data"]["obtainKrakenToken"]["token"]


def test_an_organisation_is_not_an_account_user_kt_ct_1111(gql: GraphQL, contexts: runtime.Contexts) -> None:
    _, key = organisation(contexts)
    body = gql(REGENERATE, token=organisation_token(gql, key))
    assert body["data"] == {"regenerateSecretKey": None}
    assert error_codes(body) == ["KT-CT-1111"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    disabled = msgspec.structs.replace(settings, disabled_mutations="regenerateSecretKey")
    contexts = runtime.build(disabled, clock)
    try:
        with TestClient(create_app(disabled, contexts, follow=False)) as client:
            gql = GraphQL(client)
            body = gql(REGENERATE, token=login(gql, customer))
    finally:
        contexts.close()
    assert body["data"] == {"regenerateSecretKey": None}
    assert error_codes(body) == ["KT-CT-1113"]
