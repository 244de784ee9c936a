"""resetPassword (deprecated): resetUserPassword's rules, reported in the serializer payload's `errors`."""

from __future__ import annotations

from uuid import UUID

from domain.identity import commands
from domain.identity.password_reset import encode_user_id
from ops import runtime
from tests.helpers import GraphQL, error_codes

RESET = """
mutation ResetPassword($input: ResetPasswordMutationInput!) {
  resetPassword(input: $input) { errors { field } clientMutationId }
}
"""
OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
NEW_PASSWORD = "violet tractor anthem"


def reset_link(contexts: runtime.Contexts, email: str) -> dict[str, str]:
    reset_id = contexts.identity.request_password_reset(commands.RequestPasswordReset(client="test", email=email))
    assert reset_id is not None
    user_id = contexts.identity.find(reset_id).user_id
    return {"userId": encode_user_id(user_id), "token": contexts.identity.reset_tokens.token_for(reset_id)}


def reset(gql: GraphQL, link: dict[str, str], password: str = NEW_PASSWORD) -> dict:
    return gql(RESET, {"input": {**link, "password": password, "clientMutationId": "m-1"}})


def test_the_link_sets_the_new_password_once(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    link = reset_link(contexts, customer["email"])
    assert reset(gql, link) == {"data": {"resetPassword": {"errors": [], "clientMutationId": "m-1"}}}
    assert "errors" not in gql(OBTAIN, {"input": {"email": customer["email"], "password": NEW_PASSWORD}})
    assert reset(gql, link, "another fine passphrase")["data"]["resetPassword"]["errors"] == [{"field": "token"}]


def test_a_refused_password_is_reported_on_the_password_field(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    link = reset_link(contexts, customer["email"])
    body = reset(gql, link, "12345678")
    assert body == {"data": {"resetPassword": {"errors": [{"field": "password"}], "clientMutationId": "m-1"}}}
    assert error_codes(gql(OBTAIN, {"input": {"email": customer["email"], "password": "12345678"}})) == ["KT-CT-1138"]


def test_a_forged_token_is_reported_on_the_token_field(gql: GraphQL, customer: dict) -> None:
    link = {"userId": encode_user_id(UUID(customer["user_id"])), "token": "0" * 32 + ".forged"}
    assert reset(gql, link)["data"]["resetPassword"]["errors"] == [{"field": "token"}]


def test_bad_tokens_count_towards_the_same_rate_limit(gql: GraphQL, customer: dict, settings) -> None:
    link = {"userId": encode_user_id(UUID(customer["user_id"])), "token": "0" * 32 + ".forged"}
    for _ in range(settings.login_attempts):
        reset(gql, link)
    assert error_codes(reset(gql, link)) == ["KT-CT-1199"]
