"""registerEmail: a user with a placeholder (blackhole) email registers a real one, once verified."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from domain.identity.pre_signed_key import PreSignedKey
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.blackhole import blackhole_user, disabled, verified_token
from tests.helpers import GraphQL, error_codes

REGISTER = """
mutation RegisterEmail($input: RegisterEmailInput!) {
  registerEmail(input: $input) { blackholeEmailAccountUser { id email } }
}
"""
LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


def register(gql: GraphQL, token: str | None, account_number: str, email: str) -> dict:
    return gql(REGISTER, {"input": {"accountNumber": account_number, "email": email}}, token=token)


def test_a_verified_user_registers_their_email(backend: str, gql: GraphQL, contexts: Contexts) -> None:
    # given
    user = blackhole_user(contexts)
    token = verified_token(gql, user)
    # when
    body = register(gql, token, user["account_number"], " Kenji.Sato@Example.com ")
    # then
    assert body["data"]["registerEmail"] == {
        "blackholeEmailAccountUser": {"id": user["user_id"], "email": "kenji.sato@example.com"}
    }
    assert contexts.identity.user_id_for_email("kenji.sato@example.com") == UUID(user["user_id"])
    events = [type(e).__name__ for e in contexts.identity.repository.event_store.get(UUID(user["user_id"]))]
    assert events[-1] == "BlackholeEmailReplaced"


def test_a_user_who_has_an_email_already_is_kt_gb_5412(gql: GraphQL, contexts: Contexts) -> None:
    # given: registered once
    user = blackhole_user(contexts)
    token = verified_token(gql, user)
    register(gql, token, user["account_number"], "kenji@example.com")
    # when: again, with the same token
    body = register(gql, token, user["account_number"], "other@example.com")
    # then
    assert body["data"] == {"registerEmail": None}
    assert error_codes(body) == ["KT-GB-5412"]


def test_a_full_login_of_a_user_with_an_email_is_kt_gb_5412(gql: GraphQL, customer: dict) -> None:
    token = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})["data"][
        "obtainKrakenToken"
    ]["token"]
    body = register(gql, token, customer["account_number"], "new@example.com")
    assert error_codes(body) == ["KT-GB-5412"]


def test_a_malformed_or_placeholder_email_is_kt_gb_5413(gql: GraphQL, contexts: Contexts) -> None:
    user = blackhole_user(contexts)
    token = verified_token(gql, user)
    for email in ("not-an-email", "kenji@example", "x@blackhole.invalid"):
        assert error_codes(register(gql, token, user["account_number"], email)) == ["KT-GB-5413"]


def test_an_email_another_user_has_is_kt_gb_5413(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    user = blackhole_user(contexts)
    token = verified_token(gql, user)
    body = register(gql, token, user["account_number"], customer["email"].upper())
    assert error_codes(body) == ["KT-GB-5413"]
    assert contexts.identity.user_id_for_email(customer["email"]) == UUID(customer["user_id"])


def test_an_account_the_user_does_not_belong_to_is_kt_ct_10006(
    gql: GraphQL, contexts: Contexts, customer: dict
) -> None:
    user = blackhole_user(contexts)
    token = verified_token(gql, user)
    body = register(gql, token, customer["account_number"], "kenji@example.com")
    assert error_codes(body) == ["KT-CT-10006"]


def test_too_many_attempts_request_no_more_emails_kt_ct_1133(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    # given: a user probing which emails are registered (each refusal says "taken")
    user = blackhole_user(contexts)
    token = verified_token(gql, user)
    for _ in range(10):
        assert error_codes(register(gql, token, user["account_number"], customer["email"])) == ["KT-GB-5413"]
    # when
    body = register(gql, token, user["account_number"], "kenji@example.com")
    # then
    assert error_codes(body) == ["KT-CT-1133"]


def test_a_token_for_another_scope_is_kt_ct_1111(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    # given: a pre-signed key for meter readings, logged in with
    expires_at = contexts.identity.clock.now() + timedelta(hours=1)
    key = PreSignedKey.issue(uuid4(), UUID(customer["user_id"]), "SUBMIT_METER_READINGS", expires_at)
    contexts.identity.save(key)
    token = gql(LOGIN, {"input": {"preSignedKey": contexts.identity.pre_signed_keys.key_for(key.id)}})["data"][
        "obtainKrakenToken"
    ]["token"]
    # when
    body = register(gql, token, customer["account_number"], "new@example.com")
    # then
    assert error_codes(body) == ["KT-CT-1111"]


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL, contexts: Contexts) -> None:
    user = blackhole_user(contexts)
    assert error_codes(register(gql, None, user["account_number"], "kenji@example.com")) == ["KT-CT-1112"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock) -> None:
    with disabled(settings, clock, "registerEmail") as (contexts, gql):
        user = blackhole_user(contexts)
        body = register(gql, verified_token(gql, user), user["account_number"], "kenji@example.com")
    assert body["data"] == {"registerEmail": None}
    assert error_codes(body) == ["KT-CT-1113"]
