"""sendPreSignedTokenEmail: a registered email gets a one-time key by email; nobody learns which are."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import msgspec
import pytest
from eventsourcing.utils import get_topic
from litestar.testing import TestClient

from api.identity.types import ExpiringTokenScope
from domain.identity.pre_signed_key import SCOPES, PreSignedKey
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.helpers import GraphQL, error_codes

OBTAIN = """
mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token payload } }
"""
SEND = """
mutation SendPreSignedTokenEmail($input: SendOneTimeLoginEmailInput!) {
  sendPreSignedTokenEmail(input: $input) { status }
}
"""
SCOPE = "SUBMIT_METER_READINGS"


def send(gql: GraphQL, email: str, scope: str = SCOPE) -> dict:
    return gql(SEND, {"input": {"email": email, "scope": scope}})


def issued_keys(contexts: runtime.Contexts) -> list[PreSignedKey]:
    """Every key issued so far, oldest first (the outbox relay reads the same Issued events)."""
    notifications = contexts.identity.recorder.select_notifications(
        start=1, limit=1000, topics=[get_topic(PreSignedKey.Issued)]
    )
    return [contexts.identity.find(n.originator_id) for n in notifications]


def test_a_registered_email_gets_a_key_issued_for_the_email_worker(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # when
    body = send(gql, customer["email"])
    # then
    assert body == {"data": {"sendPreSignedTokenEmail": {"status": "SENT"}}}
    [key] = issued_keys(contexts)
    assert key.user_id == UUID(customer["user_id"])
    assert key.scope == SCOPE
    assert key.expires_at == clock.now() + timedelta(minutes=60)
    assert key.email_sent_at is None and key.used_at is None


def test_the_email_arrives_with_a_key_that_logs_in_once(
    gql: GraphQL, customer: dict, settings: Settings, catch_up: Callable[[], int]
) -> None:
    # given
    send(gql, customer["email"])
    # when the outbox relay runs the identity worker (the embedded default's mailbox folder)
    catch_up()
    # then
    [path] = (Path(settings.data_dir) / "mailbox").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == customer["email"]
    key = re.search(r"preSignedKey=([\w.-]+)", message.get_body().get_content()).group(1)
    login = gql(OBTAIN, {"input": {"preSignedKey": key}})["data"]["obtainKrakenToken"]
    assert login["payload"]["scope"] == SCOPE
    assert error_codes(gql(OBTAIN, {"input": {"preSignedKey": key}})) == ["KT-CT-1138"]


def test_an_unknown_email_gets_the_same_answer_and_nothing_is_issued(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    known = send(gql, customer["email"])
    # when
    unknown = send(gql, "nobody@example.com")
    # then
    assert unknown == known
    assert len(issued_keys(contexts)) == 1


def test_the_email_is_matched_without_regard_to_case_or_surrounding_spaces(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    send(gql, f"  {customer['email'].upper()} ")
    [key] = issued_keys(contexts)
    assert key.user_id == UUID(customer["user_id"])


def test_the_scope_asked_for_is_the_keys(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    send(gql, customer["email"], "UPDATE_BLACKHOLE_EMAIL")
    assert [key.scope for key in issued_keys(contexts)] == ["UPDATE_BLACKHOLE_EMAIL"]


def test_the_wire_enum_and_the_domain_know_the_same_scopes() -> None:
    assert {scope.value for scope in ExpiringTokenScope} == SCOPES


def test_the_scope_is_required(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    body = gql(SEND, {"input": {"email": customer["email"]}})
    assert body["data"] is None
    assert "scope" in body["errors"][0]["message"]
    assert issued_keys(contexts) == []


@pytest.mark.parametrize(
    "address",
    ["", "   ", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "a da@example.com", "ada@.com"],
)
def test_a_malformed_email_is_kt_ct_4122(gql: GraphQL, address: str) -> None:
    body = send(gql, address)
    assert body["data"] == {"sendPreSignedTokenEmail": None}
    assert error_codes(body) == ["KT-CT-4122"]
    assert body["errors"][0]["extensions"]["errorType"] == "VALIDATION"


def test_one_email_address_is_rate_limited_known_or_not(
    backend: str, gql: GraphQL, customer: dict, settings: Settings, clock: FrozenClock, contexts: runtime.Contexts
) -> None:
    # given
    for _ in range(settings.login_attempts):
        assert "errors" not in send(gql, customer["email"])
        assert "errors" not in send(gql, "nobody@example.com")
    # when
    known, unknown = send(gql, customer["email"]), send(gql, "nobody@example.com")
    # then
    assert error_codes(known) == error_codes(unknown) == ["KT-CT-1199"]
    assert len(issued_keys(contexts)) == settings.login_attempts
    # and another address is not held up
    assert "errors" not in send(gql, "someone.else@example.com")
    # and the window passes
    clock.advance(timedelta(seconds=settings.login_window_seconds))
    assert "errors" not in send(gql, customer["email"])


def test_a_client_sweeping_many_addresses_is_rate_limited(
    gql: GraphQL, customer: dict, settings: Settings, contexts: runtime.Contexts
) -> None:
    for n in range(settings.client_login_attempts):
        assert "errors" not in send(gql, f"user{n}@example.com")
    assert error_codes(send(gql, customer["email"])) == ["KT-CT-1199"]
    assert issued_keys(contexts) == []


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    disabled = msgspec.structs.replace(settings, disabled_mutations="sendPreSignedTokenEmail")
    contexts = runtime.build(disabled, clock)
    try:
        with TestClient(create_app(disabled, contexts, follow=False)) as client:
            body = send(GraphQL(client), customer["email"])
        assert issued_keys(contexts) == []
    finally:
        contexts.close()
    assert body["data"] == {"sendPreSignedTokenEmail": None}
    assert error_codes(body) == ["KT-CT-1113"]


def test_it_declares_the_seeds_errors_and_the_rate_limit(gql: GraphQL) -> None:
    body = gql(SEND, {"input": {"email": "ada@example.com", "scope": SCOPE}}, **{"X-Possible-Errors": "true"})
    [answer] = body["data"]["possibleErrors"]
    assert answer["name"] == "sendPreSignedTokenEmail"
    assert {error["code"] for error in answer["possibleErrors"]} >= {"KT-CT-4122", "KT-CT-1113", "KT-CT-1199"}
