"""verifyIdentityFallback: family name, first line of address and postcode, for callers without an account number."""

from __future__ import annotations

import pytest

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.blackhole import blackhole_user, disabled
from tests.helpers import GraphQL, error_codes

VERIFY = """
mutation VerifyIdentityFallback($input: VerifyIdentityFallbackInput!) {
  verifyIdentityFallback(input: $input) { token }
}
"""


def details(user: dict[str, str], **changes: str) -> dict:
    given = {
        "familyName": user["family_name"],
        "firstLineOfAddress": user["first_line_of_address"],
        "postcode": user["postcode"],
    }
    return {"input": given | changes}


def test_matching_details_answer_a_token_limited_to_registering_an_email(
    backend: str, gql: GraphQL, contexts: Contexts
) -> None:
    # given
    user = blackhole_user(contexts)
    blackhole_user(contexts, family_name="Tanaka")  # a neighbour at the same postcode
    # when
    body = gql(VERIFY, details(user, familyName="sato", postcode="sw1a 1aa"))
    # then
    identity_user, scope = contexts.identity.session(body["data"]["verifyIdentityFallback"]["token"])
    assert str(identity_user.id) == user["user_id"] and scope == "UPDATE_BLACKHOLE_EMAIL"


@pytest.mark.parametrize(
    "wrong", [{"familyName": "Suzuki"}, {"firstLineOfAddress": "14 Acacia Avenue"}, {"postcode": "EC1A 1BB"}]
)
def test_details_that_do_not_match_are_kt_ct_1145(gql: GraphQL, contexts: Contexts, wrong: dict) -> None:
    user = blackhole_user(contexts)
    body = gql(VERIFY, details(user, **wrong))
    assert body["data"] == {"verifyIdentityFallback": None}
    assert error_codes(body) == ["KT-CT-1145"]


def test_two_people_with_the_same_details_cannot_be_told_apart_kt_ct_1145(gql: GraphQL, contexts: Contexts) -> None:
    # given: two users (say, father and son) with one family name at one address
    user = blackhole_user(contexts)
    blackhole_user(contexts, given_name="Hiro")
    # when
    body = gql(VERIFY, details(user))
    # then: neither is verified; they need their account number (verifyIdentity)
    assert error_codes(body) == ["KT-CT-1145"]


def test_attempts_are_rate_limited_per_postcode(gql: GraphQL, contexts: Contexts) -> None:
    user = blackhole_user(contexts)
    for _ in range(10):
        assert error_codes(gql(VERIFY, details(user, familyName="Suzuki"))) == ["KT-CT-1145"]
    body = gql(VERIFY, details(user))
    assert error_codes(body) == ["KT-CT-1199"]


def test_aliases_cannot_make_one_request_many_guesses(gql: GraphQL, contexts: Contexts) -> None:
    user = blackhole_user(contexts)
    fields = ", ".join(f'{name}: "{value}"' for name, value in details(user)["input"].items())
    field = f"verifyIdentityFallback(input: {{{fields}}}) {{ token }}"
    body = gql(f"mutation {{ a: {field} b: {field} }}")
    assert error_codes(body) == ["KT-CT-1191"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock) -> None:
    with disabled(settings, clock, "verifyIdentityFallback") as (contexts, gql):
        body = gql(VERIFY, details(blackhole_user(contexts)))
    assert body["data"] == {"verifyIdentityFallback": None}
    assert error_codes(body) == ["KT-CT-1113"]
