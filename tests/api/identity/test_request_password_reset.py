"""requestPasswordReset: a registered email gets a single-use reset link; nobody learns which emails are."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import msgspec
import pytest
from eventsourcing.persistence import OperationalError
from eventsourcing.utils import get_topic
from litestar.testing import TestClient

from domain.identity.password_reset import PasswordReset
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.helpers import GraphQL, error_codes

REQUEST = """
mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input) { email }
}
"""
RESET = """
mutation ResetUserPassword($input: ResetUserPasswordInput!) { resetUserPassword(input: $input) { userId } }
"""
OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


def request(gql: GraphQL, address: str) -> dict:
    return gql(REQUEST, {"input": {"email": address}})


def resets(contexts: runtime.Contexts) -> list[PasswordReset]:
    """Every reset requested so far, oldest first (the outbox relay reads the same Requested events)."""
    notifications = contexts.identity.recorder.select_notifications(
        start=1, limit=1000, topics=[get_topic(PasswordReset.Requested)]
    )
    return [contexts.identity.find(n.originator_id) for n in notifications]


def test_a_registered_email_gets_a_reset_recorded_for_the_email_worker(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # when
    body = request(gql, customer["email"])
    # then
    assert body == {"data": {"requestPasswordReset": {"email": customer["email"]}}}
    [reset] = resets(contexts)
    assert reset.user_id == UUID(customer["user_id"])
    assert reset.expires_at == clock.now() + timedelta(minutes=60)
    assert reset.used_at is None and reset.email_sent_at is None


def test_the_email_arrives_with_a_link_that_resets_the_password_once(
    gql: GraphQL, customer: dict, settings: Settings, catch_up: Callable[[], int]
) -> None:
    # given
    request(gql, customer["email"])
    # when the outbox relay runs the passwords worker (the embedded default's mailbox folder)
    catch_up()
    # then
    [path] = (Path(settings.data_dir) / "mailbox").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == customer["email"]
    [link] = [word for word in message.get_body().get_content().split() if "/reset-password?" in word]
    query = {name: values[0] for name, values in parse_qs(urlsplit(link).query).items()}
    variables = {"input": {"userId": query["userId"], "token": query["token"], "newPassword": "violet tractor anthem"}}
    assert "errors" not in gql(RESET, variables)
    assert error_codes(gql(RESET, variables)) == ["KT-CT-4125"]
    login = gql(OBTAIN, {"input": {"email": customer["email"], "password": "violet tractor anthem"}})
    assert login["data"]["obtainKrakenToken"]["token"]


def test_an_unknown_email_gets_the_same_answer_and_nothing_is_recorded(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    known = request(gql, customer["email"])
    unknown = request(gql, "nobody@example.com")
    assert unknown["data"]["requestPasswordReset"] == {"email": "nobody@example.com"}
    assert unknown.keys() == known.keys() == {"data"}
    assert len(resets(contexts)) == 1


def test_the_email_is_matched_without_regard_to_case_or_spaces(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    request(gql, f" {customer['email'].upper()}  ")
    [reset] = resets(contexts)
    assert reset.user_id == UUID(customer["user_id"])


@pytest.mark.parametrize("address", ["", "   ", "ada", "ada@", "@example.com", "ada@example", "a da@example.com"])
def test_an_empty_or_malformed_email_is_kt_ct_11331(gql: GraphQL, address: str, contexts: runtime.Contexts) -> None:
    body = request(gql, address)
    assert body["data"] == {"requestPasswordReset": None}
    assert error_codes(body) == ["KT-CT-11331"]
    assert body["errors"][0]["extensions"]["errorType"] == "VALIDATION"
    assert resets(contexts) == []


def test_one_email_address_is_rate_limited_known_or_not(
    backend: str, gql: GraphQL, customer: dict, settings: Settings, clock: FrozenClock, contexts: runtime.Contexts
) -> None:
    for _ in range(settings.login_attempts):
        assert "errors" not in request(gql, customer["email"])
        assert "errors" not in request(gql, "nobody@example.com")
    # when
    known, unknown = request(gql, customer["email"]), request(gql, "nobody@example.com")
    # then
    assert error_codes(known) == error_codes(unknown) == ["KT-CT-1199"]
    assert len(resets(contexts)) == settings.login_attempts
    assert "errors" not in request(gql, "someone.else@example.com")
    clock.advance(timedelta(seconds=settings.login_window_seconds))
    assert "errors" not in request(gql, customer["email"])


def test_a_client_sweeping_many_addresses_is_rate_limited(
    gql: GraphQL, customer: dict, settings: Settings, contexts: runtime.Contexts
) -> None:
    for n in range(settings.client_login_attempts):
        assert "errors" not in request(gql, f"user{n}@example.com")
    assert error_codes(request(gql, customer["email"])) == ["KT-CT-1199"]
    assert resets(contexts) == []


def test_aliases_cannot_multiply_requests(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    document = """
    mutation { a: requestPasswordReset(input: {email: "ada@example.com"}) { email }
               b: requestPasswordReset(input: {email: "ada@example.com"}) { email } }
    """
    assert error_codes(gql(document)) == ["KT-CT-1191"]
    assert resets(contexts) == []


def test_a_reset_that_cannot_be_recorded_is_kt_ct_1133(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the event store refuses writes (a database outage)
    def unavailable(*_: object, **__: object) -> None:
        raise OperationalError("the database is unavailable")

    monkeypatch.setattr(contexts.identity, "save", unavailable)
    # when
    body = request(gql, customer["email"])
    # then
    assert body["data"] == {"requestPasswordReset": None}
    assert error_codes(body) == ["KT-CT-1133"]
    assert body["errors"][0]["extensions"]["errorType"] == "APPLICATION"


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    disabled = msgspec.structs.replace(settings, disabled_mutations="requestPasswordReset")
    contexts = runtime.build(disabled, clock)
    try:
        with TestClient(create_app(disabled, contexts, follow=False)) as client:
            body = request(GraphQL(client), customer["email"])
        assert resets(contexts) == []
    finally:
        contexts.close()
    assert body["data"] == {"requestPasswordReset": None}
    assert error_codes(body) == ["KT-CT-1113"]


def test_it_declares_the_seeds_errors_and_the_rate_limit(gql: GraphQL) -> None:
    body = gql(REQUEST, {"input": {"email": "ada@example.com"}}, **{"X-Possible-Errors": "true"})
    [answer] = body["data"]["possibleErrors"]
    assert {e["code"] for e in answer["possibleErrors"]} >= {"KT-CT-1133", "KT-CT-11331", "KT-CT-1113", "KT-CT-1199"}
