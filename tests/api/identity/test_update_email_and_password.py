"""updateEmailAndPassword: the viewer, knowing the current password, moves to a new email and password."""

from __future__ import annotations

from uuid import UUID

import msgspec
import pytest
from litestar.testing import TestClient

from domain.identity import commands
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.helpers import GraphQL, error_codes

UPDATE = """
mutation UpdateEmailAndPassword($input: UpdateEmailAndPasswordInput!) {
  updateEmailAndPassword(input: $input) { success }
}
"""
OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
NEW_EMAIL = "countess@lovelace.example"
NEW_PASSWORD = "violet tractor anthem"


def login(gql: GraphQL, email: str, password: str) -> dict:
    return gql(OBTAIN, {"input": {"email": email, "password": password}})


def token_of(gql: GraphQL, customer: dict) -> str:
    return login(gql, customer["email"], customer["password"])["data"]["obtainKrakenToken"]["token"]


def update(gql: GraphQL, token: str | None, current: str, email: str = NEW_EMAIL, password: str = NEW_PASSWORD) -> dict:
    return gql(UPDATE, {"input": {"currentPassword": current, "email": email, "password": password}}, token=token)


def test_the_user_logs_in_with_the_new_email_and_password_only(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # when
    body = update(gql, token_of(gql, customer), customer["password"])
    # then
    assert body == {"data": {"updateEmailAndPassword": {"success": True}}}
    assert "errors" not in login(gql, NEW_EMAIL, NEW_PASSWORD)
    assert error_codes(login(gql, customer["email"], NEW_PASSWORD)) == ["KT-CT-1138"]
    assert error_codes(login(gql, NEW_EMAIL, customer["password"])) == ["KT-CT-1138"]
    names = [type(e).__name__ for e in contexts.identity.repository.event_store.get(UUID(customer["user_id"]))]
    assert names[-2:] == ["EmailChanged", "PasswordChanged"]
    # and the old address is free for another user to move to
    contexts.identity.register_user(
        commands.RegisterUser(
            email="grace@example.com",
            password="a different passphrase",
            given_name="Grace",
            family_name="Hopper",
            account_numbers=(),
        )
    )
    grace = login(gql, "grace@example.com", "a different passphrase")["data"]["obtainKrakenToken"]["token"]
    assert "errors" not in update(gql, grace, "a different passphrase", email=customer["email"])
    assert "errors" not in login(gql, customer["email"], NEW_PASSWORD)  # Grace's new password, at Ada's old address
    assert error_codes(login(gql, "grace@example.com", NEW_PASSWORD)) == ["KT-CT-1138"]


def test_keeping_the_same_email_changes_only_the_password(gql: GraphQL, customer: dict) -> None:
    body = update(gql, token_of(gql, customer), customer["password"], email=customer["email"].upper())
    assert body == {"data": {"updateEmailAndPassword": {"success": True}}}
    assert "errors" not in login(gql, customer["email"], NEW_PASSWORD)


@pytest.mark.parametrize("address", ["", "countess", "countess@", "count ess@lovelace.example"])
def test_a_malformed_email_is_kt_ct_5413(gql: GraphQL, customer: dict, address: str) -> None:
    body = update(gql, token_of(gql, customer), customer["password"], email=address)
    assert body["data"] == {"updateEmailAndPassword": None}
    assert error_codes(body) == ["KT-CT-5413"]
    assert body["errors"][0]["extensions"]["validationErrors"][0]["inputPath"] == ["input", "email"]


def test_another_users_email_is_kt_ct_5414(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    contexts.identity.register_user(
        commands.RegisterUser(
            email=NEW_EMAIL, password="a different passphrase", given_name="C", family_name="L", account_numbers=()
        )
    )
    body = update(gql, token_of(gql, customer), customer["password"])
    assert error_codes(body) == ["KT-CT-5414"]
    assert "errors" not in login(gql, customer["email"], customer["password"])


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short", "password_too_short"),
        ("password1", "password_too_common"),
        ("correct horse battery staple", "password_matches_current"),
        ("countess of computing", "password_contains_part_of_email_address"),  # the new address's
        ("{account} is mine", "password_contains_account_number"),
    ],
)
def test_the_password_policy_applies_kt_ct_5450(gql: GraphQL, customer: dict, password: str, code: str) -> None:
    body = update(
        gql, token_of(gql, customer), customer["password"], password=password.format(account=customer["account_number"])
    )
    [error] = body["errors"]
    assert error["extensions"]["errorCode"] == "KT-CT-5450"
    assert code in [p["code"] for p in error["extensions"]["validationErrors"]]
    assert {tuple(p["inputPath"]) for p in error["extensions"]["validationErrors"]} == {("input", "password")}
    assert "errors" not in login(gql, customer["email"], customer["password"])


def test_a_wrong_current_password_changes_nothing_and_tells_nothing(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given an address that is taken: a wrong password must not reveal it
    contexts.identity.register_user(
        commands.RegisterUser(
            email=NEW_EMAIL, password="a different passphrase", given_name="C", family_name="L", account_numbers=()
        )
    )
    body = update(gql, token_of(gql, customer), "not my password")
    [error] = body["errors"]
    assert error["extensions"]["errorCode"] == "KT-CT-5450"
    assert [(p["code"], p["inputPath"]) for p in error["extensions"]["validationErrors"]] == [
        ("password_incorrect", ["input", "currentPassword"])
    ]


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL) -> None:
    body = update(gql, None, "whatever")
    assert body["data"] == {"updateEmailAndPassword": None}
    assert error_codes(body) == ["KT-CT-1112"]


def test_a_revoked_token_is_kt_ct_1111(gql: GraphQL, customer: dict) -> None:
    token = token_of(gql, customer)
    assert "errors" not in update(gql, token, customer["password"])
    # the change ended the session it was made with
    assert error_codes(update(gql, token, NEW_PASSWORD, password="another fine passphrase")) == ["KT-CT-1111"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    disabled = msgspec.structs.replace(settings, disabled_mutations="updateEmailAndPassword")
    contexts = runtime.build(disabled, clock)
    try:
        with TestClient(create_app(disabled, contexts, follow=False)) as client:
            gql = GraphQL(client)
            body = update(gql, token_of(gql, customer), customer["password"])
    finally:
        contexts.close()
    assert error_codes(body) == ["KT-CT-1113"]
