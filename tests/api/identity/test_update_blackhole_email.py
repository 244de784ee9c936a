"""updateBlackholeEmail: a user with a placeholder (blackhole) email replaces it with a real one."""

from __future__ import annotations

from uuid import UUID

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.blackhole import blackhole_user, disabled, verified_token
from tests.helpers import GraphQL, error_codes

UPDATE = """
mutation UpdateBlackholeEmail($input: UpdateBlackholeEmailInput!) {
  updateBlackholeEmail(input: $input) {
    blackholeEmailAccountUser { id email }
    blackholeEmailAccount { number }
  }
}
"""
LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


def update(gql: GraphQL, token: str | None, email: str) -> dict:
    return gql(UPDATE, {"input": {"email": email}}, token=token)


def test_a_verified_user_replaces_their_placeholder_email(backend: str, gql: GraphQL, contexts: Contexts) -> None:
    # given
    user = blackhole_user(contexts)
    token = verified_token(gql, user)
    # when
    body = update(gql, token, "kenji@example.com")
    # then
    assert body["data"]["updateBlackholeEmail"] == {
        "blackholeEmailAccountUser": {"id": user["user_id"], "email": "kenji@example.com"},
        "blackholeEmailAccount": {"number": user["account_number"]},
    }
    assert contexts.identity.user_id_for_email("kenji@example.com") == UUID(user["user_id"])


def test_two_users_racing_for_one_email_cannot_both_have_it_kt_gb_5413(gql: GraphQL, contexts: Contexts) -> None:
    # given: the first one has it
    first, second = blackhole_user(contexts), blackhole_user(contexts, given_name="Hiro")
    assert update(gql, verified_token(gql, first), "family@example.com")["data"]["updateBlackholeEmail"]
    # when
    body = update(gql, verified_token(gql, second), "family@example.com")
    # then
    assert body["data"] == {"updateBlackholeEmail": None}
    assert error_codes(body) == ["KT-GB-5413"]


def test_a_malformed_email_is_kt_gb_5413(gql: GraphQL, contexts: Contexts) -> None:
    token = verified_token(gql, blackhole_user(contexts))
    assert error_codes(update(gql, token, "kenji at example.com")) == ["KT-GB-5413"]


def test_a_user_who_has_an_email_already_is_kt_gb_5412(gql: GraphQL, customer: dict) -> None:
    login = {"input": {"email": customer["email"], "password": customer["password"]}}
    token = gql(LOGIN, login)["data"]["obtainKrakenToken"]["token"]
    assert error_codes(update(gql, token, "new@example.com")) == ["KT-GB-5412"]


def test_too_many_attempts_request_no_more_emails_kt_ct_1133(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    token = verified_token(gql, blackhole_user(contexts))
    for _ in range(10):
        assert error_codes(update(gql, token, customer["email"])) == ["KT-GB-5413"]
    assert error_codes(update(gql, token, "kenji@example.com")) == ["KT-CT-1133"]


def test_a_forged_token_is_kt_ct_1111(gql: GraphQL, contexts: Contexts) -> None:
    token = verified_token(gql, blackhole_user(contexts))
    assert error_codes(update(gql, token[:-4] + "AAAA", "kenji@example.com")) == ["KT-CT-1111"]


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL) -> None:
    assert error_codes(update(gql, None, "kenji@example.com")) == ["KT-CT-1112"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock) -> None:
    with disabled(settings, clock, "updateBlackholeEmail") as (contexts, gql):
        body = update(gql, verified_token(gql, blackhole_user(contexts)), "kenji@example.com")
    assert body["data"] == {"updateBlackholeEmail": None}
    assert error_codes(body) == ["KT-CT-1113"]
