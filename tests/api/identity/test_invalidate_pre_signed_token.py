"""invalidatePreSignedToken: whoever holds a key can make it unusable; anything else is KT-CT-1129."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import msgspec
import pytest
from litestar.testing import TestClient

from domain.identity import commands
from domain.identity.pre_signed_key_signer import PreSignedKeys
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.helpers import GraphQL, error_codes

INVALIDATE = """
mutation InvalidatePreSignedToken($input: InvalidatePreSignedTokenInput!) {
  invalidatePreSignedToken(input: $input) { token { key scope isValid } }
}
"""
OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


def issue_key(contexts: runtime.Contexts, email: str, scope: str = "VIEW_DETAILED_USAGE") -> str:
    identity = contexts.identity
    key_id = identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email=email, scope=scope)
    )
    assert key_id is not None
    return identity.pre_signed_keys.key_for(key_id)


def invalidate(gql: GraphQL, token: str) -> dict:
    return gql(INVALIDATE, {"input": {"token": token}})


def events_of(contexts: runtime.Contexts, key: str) -> list[str]:
    key_id = UUID(hex=key.split(".")[0])
    return [type(e).__name__ for e in contexts.identity.repository.event_store.get(key_id)]


def test_the_key_is_invalidated_and_no_longer_logs_in(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given
    key = issue_key(contexts, customer["email"])
    # when
    body = invalidate(gql, key)
    # then
    assert body == {
        "data": {"invalidatePreSignedToken": {"token": {"key": key, "scope": "VIEW_DETAILED_USAGE", "isValid": False}}}
    }
    assert events_of(contexts, key) == ["Issued", "Invalidated"]
    assert error_codes(gql(OBTAIN, {"input": {"preSignedKey": key}})) == ["KT-CT-1138"]


def test_invalidating_twice_answers_the_same_and_records_once(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    key = issue_key(contexts, customer["email"])
    first, second = invalidate(gql, key), invalidate(gql, key)
    assert first == second
    assert "errors" not in second
    assert events_of(contexts, key) == ["Issued", "Invalidated"]


def test_a_used_key_can_still_be_invalidated(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    key = issue_key(contexts, customer["email"])
    assert gql(OBTAIN, {"input": {"preSignedKey": key}})["data"]["obtainKrakenToken"]["token"]
    body = invalidate(gql, key)
    assert body["data"]["invalidatePreSignedToken"]["token"]["isValid"] is False
    assert events_of(contexts, key) == ["Issued", "Used", "Invalidated"]


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda key, _: key[:-2] + ("AA" if not key.endswith("AA") else "BB"), id="forged mac"),
        pytest.param(
            lambda key, _: PreSignedKeys(b"someone else's secret", timedelta(0)).key_for(UUID(hex=key.split(".")[0])),
            id="another secret",
        ),
        pytest.param(lambda _, signer: signer.key_for(uuid4()), id="signed by us but never issued"),
        pytest.param(lambda key, _: key.split(".")[0], id="no mac"),
        pytest.param(lambda *_: "not a key", id="malformed"),
        pytest.param(lambda *_: "", id="empty"),
    ],
)
def test_anything_but_an_issued_key_is_kt_ct_1129(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, forge
) -> None:
    # given a real key, so that nothing about it may leak through a forgery
    key = issue_key(contexts, customer["email"])
    # when
    body = invalidate(gql, forge(key, contexts.identity.pre_signed_keys))
    # then
    assert body["data"] == {"invalidatePreSignedToken": None}
    assert error_codes(body) == ["KT-CT-1129"]
    assert body["errors"][0]["extensions"]["errorType"] == "AUTHORIZATION"
    assert events_of(contexts, key) == ["Issued"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    disabled = msgspec.structs.replace(settings, disabled_mutations="invalidatePreSignedToken")
    contexts = runtime.build(disabled, clock)
    try:
        key = issue_key(contexts, customer["email"])
        with TestClient(create_app(disabled, contexts, follow=False)) as client:
            body = invalidate(GraphQL(client), key)
        assert events_of(contexts, key) == ["Issued"]
    finally:
        contexts.close()
    assert body["data"] == {"invalidatePreSignedToken": None}
    assert error_codes(body) == ["KT-CT-1113"]
