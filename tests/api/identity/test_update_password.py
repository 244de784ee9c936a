"""updatePassword: the viewer, knowing the current password, chooses a new one under the password policy."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import msgspec
import pytest
from litestar.testing import TestClient

from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.helpers import GraphQL, error_codes

UPDATE = """
mutation UpdatePassword($input: UpdatePasswordInput) {
  updatePassword(input: $input) { viewer { id email } }
}
"""
OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
NEW_PASSWORD = "violet tractor anthem"


def login(gql: GraphQL, email: str, password: str) -> dict:
    return gql(OBTAIN, {"input": {"email": email, "password": password}})


def token_of(gql: GraphQL, customer: dict) -> str:
    return login(gql, customer["email"], customer["password"])["data"]["obtainKrakenToken"]["token"]


def update(gql: GraphQL, token: str | None, old: str, new: str = NEW_PASSWORD, confirmed: str | None = None) -> dict:
    variables = {"input": {"oldPassword": old, "newPassword": new, "newPasswordConfirmed": confirmed or new}}
    return gql(UPDATE, variables, token=token)


def problems(body: dict) -> list[tuple[str, list[str]]]:
    [error] = body["errors"]
    assert error["extensions"]["errorCode"] == "KT-CT-5450"
    assert body["data"] == {"updatePassword": None}
    return [(p["code"], p["inputPath"]) for p in error["extensions"]["validationErrors"]]


def test_the_password_changes_and_every_earlier_session_ends(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given
    token = token_of(gql, customer)
    # when
    body = update(gql, token, customer["password"])
    # then
    assert body == {"data": {"updatePassword": {"viewer": {"id": customer["user_id"], "email": customer["email"]}}}}
    assert "errors" not in login(gql, customer["email"], NEW_PASSWORD)
    assert error_codes(login(gql, customer["email"], customer["password"])) == ["KT-CT-1138"]
    # a password change revokes the tokens issued before it, the caller's own too
    assert error_codes(update(gql, token, NEW_PASSWORD, "another fine passphrase")) == ["KT-CT-1111"]
    [changed] = [
        e
        for e in contexts.identity.repository.event_store.get(UUID(customer["user_id"]))
        if type(e).__name__ == "PasswordChanged"
    ]
    assert changed.via == "UPDATE" and changed.token_epoch == 1


def test_a_wrong_current_password_is_kt_ct_5450_password_incorrect(gql: GraphQL, customer: dict) -> None:
    body = update(gql, token_of(gql, customer), "not my password")
    assert problems(body) == [("password_incorrect", ["input", "oldPassword"])]
    assert "errors" not in login(gql, customer["email"], customer["password"])


def test_a_confirmation_that_differs_is_kt_ct_5450_password_mismatch(gql: GraphQL, customer: dict) -> None:
    body = update(gql, token_of(gql, customer), customer["password"], NEW_PASSWORD, NEW_PASSWORD + "!")
    assert problems(body) == [("password_mismatch", ["input", "newPasswordConfirmed"])]


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("abc123", ["password_too_short", "password_too_common"]),
        ("qwertyuiop", ["password_too_common"]),
        ("correct horse battery staple", ["password_matches_current"]),
        ("ada was here today", ["password_contains_part_of_email_address"]),
    ],
)
def test_the_password_policy_applies(gql: GraphQL, customer: dict, password: str, codes: list[str]) -> None:
    body = update(gql, token_of(gql, customer), customer["password"], password)
    assert problems(body) == [(code, ["input", "newPassword"]) for code in codes]


def test_going_back_to_a_recent_password_is_refused(gql: GraphQL, customer: dict, clock: FrozenClock) -> None:
    update(gql, token_of(gql, customer), customer["password"])
    token = login(gql, customer["email"], NEW_PASSWORD)["data"]["obtainKrakenToken"]["token"]
    body = update(gql, token, NEW_PASSWORD, customer["password"])
    assert problems(body) == [("password_reused", ["input", "newPassword"])]


def test_wrong_current_passwords_are_throttled_apart_from_logins(
    gql: GraphQL, customer: dict, settings: Settings, clock: FrozenClock
) -> None:
    # given a stolen session guessing at the password
    token = token_of(gql, customer)
    for n in range(settings.login_attempts):
        assert problems(update(gql, token, f"guess number {n}"))[0][0] == "password_incorrect"
    # then even the right password is refused here for a while
    assert error_codes(update(gql, token, customer["password"])) == ["KT-CT-1199"]
    # but the owner can still log in (and revoke the session): the guesses never lock the email's logins
    assert "errors" not in login(gql, customer["email"], customer["password"])
    clock.advance(timedelta(seconds=settings.login_window_seconds))
    assert "errors" not in update(gql, token, customer["password"])


def test_failed_logins_do_not_lock_the_current_password_check(gql: GraphQL, customer: dict, settings: Settings) -> None:
    # given someone locking the email's logins with wrong passwords
    token = token_of(gql, customer)
    for n in range(settings.login_attempts):
        login(gql, customer["email"], f"guess number {n}")
    assert error_codes(login(gql, customer["email"], customer["password"])) == ["KT-CT-1199"]
    # then the logged-in user can still change the password
    assert "errors" not in update(gql, token, customer["password"])


def test_no_input_is_kt_ct_5450_required(gql: GraphQL, customer: dict) -> None:
    token = token_of(gql, customer)
    assert problems(gql(UPDATE, {"input": None}, token=token)) == [("required", ["input"])]
    omitted = gql("mutation { updatePassword { viewer { id } } }", token=token)
    assert problems(omitted) == [("required", ["input"])]


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL) -> None:
    body = update(gql, None, "whatever it was")
    assert body["data"] == {"updatePassword": None}
    assert error_codes(body) == ["KT-CT-1112"]


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL) -> None:
    assert error_codes(update(gql, "not.a.token", "whatever it was")) == ["KT-CT-1111"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    disabled = msgspec.structs.replace(settings, disabled_mutations="updatePassword")
    contexts = runtime.build(disabled, clock)
    try:
        with TestClient(create_app(disabled, contexts, follow=False)) as client:
            gql = GraphQL(client)
            body = update(gql, token_of(gql, customer), customer["password"])
    finally:
        contexts.close()
    assert error_codes(body) == ["KT-CT-1113"]
