"""verifyIdentity: the caller's details against an account's user; a token scoped to registering an email."""

from __future__ import annotations

import pytest

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.blackhole import blackhole_user, disabled, verified_token
from tests.helpers import GraphQL, error_codes

VERIFY = """
mutation VerifyIdentity($input: VerifyIdentityInput!) {
  verifyIdentity(input: $input) { token }
}
"""
VIEWER = "query { viewer { id } }"
UPDATE_USER = "mutation($input: UpdateUserInput!) { updateUser(input: $input) { viewer { id } } }"


def details(user: dict[str, str], **changes: str) -> dict:
    given = {
        "accountNumber": user["account_number"],
        "fullName": f"{user['given_name']} {user['family_name']}",
        "firstLineOfAddress": user["first_line_of_address"],
        "postcode": user["postcode"],
    }
    return {"input": given | changes}


def test_matching_details_answer_a_token_limited_to_registering_an_email(
    backend: str, gql: GraphQL, contexts: Contexts
) -> None:
    # given
    user = blackhole_user(contexts)
    # when: typed as people type them (case, spacing, punctuation)
    body = gql(
        VERIFY, details(user, fullName="  kenji   SATO ", firstLineOfAddress="12, acacia avenue.", postcode="sw1a1aa")
    )
    # then
    token = body["data"]["verifyIdentity"]["token"]
    identity_user, scope = contexts.identity.session(token)
    assert str(identity_user.id) == user["user_id"] and scope == "UPDATE_BLACKHOLE_EMAIL"
    # and the token is good for nothing else
    assert error_codes(gql(UPDATE_USER, {"input": {"pronouns": "he/him"}}, token=token)) == ["KT-CT-1111"]


@pytest.mark.parametrize(
    "wrong",
    [
        {"fullName": "Kenji Satou"},
        {"firstLineOfAddress": "13 Acacia Avenue"},
        {"postcode": "SW1A 1AB"},
        {"accountNumber": "A-00000000"},
    ],
)
def test_any_detail_that_does_not_match_is_kt_ct_1145(gql: GraphQL, contexts: Contexts, wrong: dict) -> None:
    user = blackhole_user(contexts)
    body = gql(VERIFY, details(user, **wrong))
    assert body["data"] is None or body["data"]["verifyIdentity"] is None
    assert error_codes(body) == ["KT-CT-1145"]


def test_another_accounts_user_with_the_same_details_is_not_verified_for_this_account(
    gql: GraphQL, contexts: Contexts
) -> None:
    # given: a namesake at the same address, on another account
    user = blackhole_user(contexts)
    other = blackhole_user(contexts)
    # when
    token = verified_token(gql, other)
    # then: the token speaks for the user of the account named, never the namesake
    assert str(contexts.identity.session(token)[0].id) == other["user_id"] != user["user_id"]


def test_attempts_are_rate_limited_per_account(gql: GraphQL, contexts: Contexts) -> None:
    # given: as many wrong guesses as the window allows (KRAKEN_LOGIN_ATTEMPTS, 10 by default)
    user = blackhole_user(contexts)
    for _ in range(10):
        assert error_codes(gql(VERIFY, details(user, postcode="ZZ1 1ZZ"))) == ["KT-CT-1145"]
    # when: even the right details
    body = gql(VERIFY, details(user))
    # then
    assert error_codes(body) == ["KT-CT-1199"]


def test_attempts_are_rate_limited_per_client_across_accounts(gql: GraphQL, contexts: Contexts) -> None:
    # given: one client sweeping many accounts (50 failures per client by default)
    user = blackhole_user(contexts)
    for n in range(50):
        assert error_codes(gql(VERIFY, details(user, accountNumber=f"A-{n:08d}"))) == ["KT-CT-1145"]
    # when
    body = gql(VERIFY, details(user))
    # then
    assert error_codes(body) == ["KT-CT-1199"]


def test_aliases_cannot_make_one_request_many_guesses(gql: GraphQL, contexts: Contexts) -> None:
    # given
    user = blackhole_user(contexts)
    fields = ", ".join(f'{name}: "{value}"' for name, value in details(user)["input"].items())
    twice = f"a: verifyIdentity(input: {{{fields}}}) {{ token }} b: verifyIdentity(input: {{{fields}}}) {{ token }}"
    # when
    body = gql(f"mutation {{ {twice} }}")
    # then: refused before anything runs
    assert error_codes(body) == ["KT-CT-1191"]
    assert body.get("data") is None


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock) -> None:
    with disabled(settings, clock, "verifyIdentity") as (contexts, gql):
        body = gql(VERIFY, details(blackhole_user(contexts)))
    assert body["data"] == {"verifyIdentity": None}
    assert error_codes(body) == ["KT-CT-1113"]
