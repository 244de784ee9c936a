"""resetUserPassword: a reset link's userId and token set a new password once, under the password policy."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import msgspec
import pytest
from litestar.testing import TestClient

from domain.identity import commands
from domain.identity.password_reset import encode_user_id
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.helpers import GraphQL, error_codes

RESET = """
mutation ResetUserPassword($input: ResetUserPasswordInput!) {
  resetUserPassword(input: $input) { userId }
}
"""
RESET_DEPRECATED = """
mutation ResetUserPassword($input: ResetUserPasswordInput!) {
  resetUserPassword(input: $input) { userId passwordUpdated failureReasons failureCodes }
}
"""
RESET_THROUGH_FRAGMENT = """
mutation ResetUserPassword($input: ResetUserPasswordInput!) {
  resetUserPassword(input: $input) { ...Outcome }
}
fragment Outcome on ResetUserPasswordOutput { userId failureCodes }
"""
OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"
NEW_PASSWORD = "violet tractor anthem"


def reset_link(contexts: runtime.Contexts, email: str) -> dict[str, str]:
    """What the reset email carries (tests/workers/test_passwords.py shows the email itself)."""
    reset_id = contexts.identity.request_password_reset(commands.RequestPasswordReset(client="test", email=email))
    assert reset_id is not None
    user_id = contexts.identity.find(reset_id).user_id
    return {"userId": encode_user_id(user_id), "token": contexts.identity.reset_tokens.token_for(reset_id)}


def reset(gql: GraphQL, link: dict[str, str], password: str = NEW_PASSWORD, document: str = RESET, **headers) -> dict:
    return gql(document, {"input": {**link, "newPassword": password}}, **headers)


def login(gql: GraphQL, email: str, password: str) -> dict:
    return gql(OBTAIN, {"input": {"email": email, "password": password}})


def test_the_link_sets_a_new_password_once_and_ends_every_session(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given a session from before, and a reset link
    old_token = login(gql, customer["email"], customer["password"])["data"]["obtainKrakenToken"]["token"]
    link = reset_link(contexts, customer["email"])
    # when
    body = reset(gql, link)
    # then
    assert body == {"data": {"resetUserPassword": {"userId": link["userId"]}}}
    assert "errors" not in login(gql, customer["email"], NEW_PASSWORD)
    assert error_codes(login(gql, customer["email"], customer["password"])) == ["KT-CT-1138"]
    assert error_codes(gql(FORCE, token=old_token)) == ["KT-CT-1111"]
    # and the link was consumed, as an event, with the change
    user_events = [type(e).__name__ for e in contexts.identity.repository.event_store.get(UUID(customer["user_id"]))]
    assert user_events[-1] == "PasswordChanged"
    changed = list(contexts.identity.repository.event_store.get(UUID(customer["user_id"])))[-1]
    assert changed.via == "RESET" and changed.password_hash.startswith("$argon2id$")
    assert NEW_PASSWORD not in repr(changed.__dict__)
    # and it works only once
    assert error_codes(reset(gql, link, "another fine passphrase")) == ["KT-CT-4125"]


def test_the_deprecated_fields_report_success(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    body = reset(gql, reset_link(contexts, customer["email"]), document=RESET_DEPRECATED)
    outcome = body["data"]["resetUserPassword"]
    assert (outcome["passwordUpdated"], outcome["failureReasons"], outcome["failureCodes"]) == (True, [], [])


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("123456", ["password_too_short", "password_too_common"]),
        ("zq7!xv2", ["password_too_short"]),
        ("iloveyou", ["password_too_common"]),
        ("correct horse battery staple", ["password_matches_current"]),
        ("my {account} forever", ["password_contains_account_number"]),
        ("ada is my hero forever", ["password_contains_part_of_email_address"]),
    ],
)
def test_a_password_the_policy_refuses_is_kt_ct_5450_with_validation_errors(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, password: str, codes: list[str]
) -> None:
    # given
    link = reset_link(contexts, customer["email"])
    # when
    body = reset(gql, link, password.format(account=customer["account_number"]))
    # then
    assert body["data"] == {"resetUserPassword": None}
    [error] = body["errors"]
    assert error["extensions"]["errorCode"] == "KT-CT-5450"
    assert error["extensions"]["errorType"] == "VALIDATION"
    problems = error["extensions"]["validationErrors"]
    assert [p["code"] for p in problems] == codes
    assert all(p["inputPath"] == ["input", "newPassword"] and p["message"] for p in problems)
    # and the link is still good for a better password
    assert "errors" not in reset(gql, link)


def test_one_of_the_last_passwords_is_reused(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given the password was reset once already
    reset(gql, reset_link(contexts, customer["email"]))
    clock.advance(timedelta(seconds=1))
    # when going back to the first one
    body = reset(gql, reset_link(contexts, customer["email"]), customer["password"])
    # then
    [error] = body["errors"]
    assert [p["code"] for p in error["extensions"]["validationErrors"]] == ["password_reused"]


@pytest.mark.parametrize("document", [RESET_DEPRECATED, RESET_THROUGH_FRAGMENT])
def test_asking_for_a_deprecated_field_turns_5450_into_the_payload_as_the_seed_says(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, document: str
) -> None:
    link = reset_link(contexts, customer["email"])
    body = reset(gql, link, "123456", document=document)
    assert "errors" not in body
    outcome = body["data"]["resetUserPassword"]
    assert outcome["userId"] == link["userId"]
    assert outcome["failureCodes"] == ["password_too_short", "password_too_common"]
    if "passwordUpdated" in outcome:
        assert outcome["passwordUpdated"] is False
        assert outcome["failureReasons"] == [
            "This password is too short. It must contain at least 8 characters.",
            "This password is too common.",
        ]
    assert error_codes(login(gql, customer["email"], "123456")) == ["KT-CT-1138"]


def test_a_refused_link_is_still_kt_ct_4125_with_the_deprecated_fields(gql: GraphQL, customer: dict) -> None:
    link = {"userId": encode_user_id(UUID(customer["user_id"])), "token": "0" * 32 + ".forged"}
    assert error_codes(reset(gql, link, document=RESET_DEPRECATED)) == ["KT-CT-4125"]


def test_an_expired_link_is_kt_ct_4125(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    link = reset_link(contexts, customer["email"])
    clock.advance(timedelta(minutes=60))
    body = reset(gql, link)
    assert body["data"] == {"resetUserPassword": None}
    assert error_codes(body) == ["KT-CT-4125"]
    assert body["errors"][0]["extensions"]["errorType"] == "AUTHORIZATION"


def test_a_link_from_before_the_password_changed_is_kt_ct_4125(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    first, second = reset_link(contexts, customer["email"]), reset_link(contexts, customer["email"])
    clock.advance(timedelta(seconds=1))
    assert "errors" not in reset(gql, first)
    assert error_codes(reset(gql, second, "another fine passphrase")) == ["KT-CT-4125"]


def test_a_token_for_another_user_or_a_tampered_one_is_kt_ct_4125(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given another user's link
    other_id = contexts.identity.register_user(
        commands.RegisterUser(
            email="grace@example.com",
            password="a different passphrase",
            given_name="Grace",
            family_name="Hopper",
            account_numbers=(),
        )
    )
    link = reset_link(contexts, "grace@example.com")
    # then it does not reset Ada's password
    ada = {"userId": encode_user_id(UUID(customer["user_id"])), "token": link["token"]}
    assert error_codes(reset(gql, ada)) == ["KT-CT-4125"]
    # and neither does a tampered token, a malformed userId, nor a pre-signed login key
    assert error_codes(reset(gql, {**link, "token": link["token"][:-2] + "xx"})) == ["KT-CT-4125"]
    assert error_codes(reset(gql, {**link, "userId": str(other_id)})) == ["KT-CT-4125"]
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email="grace@example.com", scope="SUBMIT_METER_READINGS")
    )
    login_key = contexts.identity.pre_signed_keys.key_for(key_id)
    assert error_codes(reset(gql, {**link, "token": login_key})) == ["KT-CT-4125"]
    # and the real link still works
    assert "errors" not in reset(gql, link)


def test_bad_tokens_are_rate_limited_per_client(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts, settings: Settings, clock: FrozenClock
) -> None:
    # given a client that has guessed at tokens for many users
    for n in range(settings.client_login_attempts):
        forged = {"userId": encode_user_id(UUID(int=n)), "token": f"{n:032x}.forged"}
        assert error_codes(reset(gql, forged)) == ["KT-CT-4125"]
    # when it then tries a real link
    link = reset_link(contexts, customer["email"])
    # then it is refused until the window passes
    assert error_codes(reset(gql, link)) == ["KT-CT-1199"]
    clock.advance(timedelta(seconds=settings.login_window_seconds))
    assert "errors" not in reset(gql, link)


def test_bad_tokens_for_one_user_are_rate_limited(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, settings: Settings
) -> None:
    user_id = encode_user_id(UUID(customer["user_id"]))
    for n in range(settings.login_attempts):
        assert error_codes(reset(gql, {"userId": user_id, "token": f"{n:032x}.forged"})) == ["KT-CT-4125"]
    assert error_codes(reset(gql, reset_link(contexts, customer["email"]))) == ["KT-CT-1199"]


def test_aliases_cannot_multiply_attempts_in_one_request(gql: GraphQL, customer: dict) -> None:
    link = {"userId": encode_user_id(UUID(customer["user_id"])), "token": "0" * 32 + ".forged"}
    document = """
    mutation($input: ResetUserPasswordInput!) {
      a: resetUserPassword(input: $input) { userId }
      b: resetUserPassword(input: $input) { userId }
    }
    """
    assert error_codes(gql(document, {"input": {**link, "newPassword": NEW_PASSWORD}})) == ["KT-CT-1191"]


def test_a_scoped_token_may_not_reset_a_password_kt_ct_1132(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given a token from a pre-signed key, limited to one scope
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email=customer["email"], scope="SUBMIT_METER_READINGS")
    )
    scoped = gql(OBTAIN, {"input": {"preSignedKey": contexts.identity.pre_signed_keys.key_for(key_id)}})
    token = scoped["data"]["obtainKrakenToken"]["token"]
    link = reset_link(contexts, customer["email"])
    # when / then
    body = reset(gql, link, Authorization=token)
    assert error_codes(body) == ["KT-CT-1132"]
    # and without it (or with the user's own login) the link works
    own = login(gql, customer["email"], customer["password"])["data"]["obtainKrakenToken"]["token"]
    assert "errors" not in reset(gql, link, Authorization=own)


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    disabled = msgspec.structs.replace(settings, disabled_mutations="resetUserPassword")
    contexts = runtime.build(disabled, clock)
    try:
        link = reset_link(contexts, customer["email"])
        with TestClient(create_app(disabled, contexts, follow=False)) as client:
            body = reset(GraphQL(client), link)
    finally:
        contexts.close()
    assert body["data"] == {"resetUserPassword": None}
    assert error_codes(body) == ["KT-CT-1113"]


def test_it_declares_the_seeds_errors(gql: GraphQL) -> None:
    link = {"userId": "x", "token": "y", "newPassword": "z"}
    body = gql(RESET, {"input": link}, **{"X-Possible-Errors": "true"})
    [answer] = body["data"]["possibleErrors"]
    assert {e["code"] for e in answer["possibleErrors"]} >= {"KT-CT-4125", "KT-CT-1132", "KT-CT-5450", "KT-CT-1113"}
