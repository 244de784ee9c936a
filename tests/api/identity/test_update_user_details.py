"""updateUserDetails (deprecated): updateUser's rules, refusals answered in the payload's `errors`."""

from __future__ import annotations

from datetime import timedelta

from domain.shared.clock import FrozenClock
from settings import Settings
from tests.api.identity.blackhole import disabled
from tests.helpers import GraphQL, error_codes

UPDATE = """
mutation UpdateUserDetails($input: UpdateAccountUserMutationInput!) {
  updateUserDetails(input: $input) {
    givenName familyName pronouns mobile email dateOfBirth landline
    errors { field messages }
    clientMutationId
  }
}
"""
LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


def token_of(gql: GraphQL, customer: dict) -> str:
    body = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})
    token: str = body["data"]["obtainKrakenToken"]["token"]
    return token


def update(gql: GraphQL, token: str | None, **fields: object) -> dict:
    return gql(UPDATE, {"input": fields}, token=token)


def test_the_viewer_updates_their_details(backend: str, gql: GraphQL, customer: dict) -> None:
    body = update(gql, token_of(gql, customer), familyName="King", mobile="07700 900123", clientMutationId="m-1")
    assert body["data"]["updateUserDetails"] == {
        "givenName": "Ada",
        "familyName": "King",
        "pronouns": "",
        "mobile": "07700 900123",
        "email": customer["email"],
        "dateOfBirth": None,
        "landline": "",
        "errors": [],
        "clientMutationId": "m-1",
    }


def test_the_one_name_field_a_day_rule_answers_in_errors(gql: GraphQL, customer: dict, clock: FrozenClock) -> None:
    # given: an established customer
    clock.advance(timedelta(days=60))
    # when
    body = update(gql, token_of(gql, customer), givenName="Augusta", familyName="King", clientMutationId="m-2")
    # then
    payload = body["data"]["updateUserDetails"]
    assert "errors" not in body
    assert payload["errors"] == [{"field": "givenName", "messages": ["Only one name field can be updated per day."]}]
    assert payload["clientMutationId"] == "m-2" and payload["givenName"] is None


def test_a_malformed_detail_answers_in_errors(gql: GraphQL, customer: dict) -> None:
    body = update(gql, token_of(gql, customer), mobile="not a number")
    assert [error["field"] for error in body["data"]["updateUserDetails"]["errors"]] == ["mobile"]


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL) -> None:
    assert error_codes(update(gql, None, pronouns="she/her")) == ["KT-CT-1112"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    with disabled(settings, clock, "updateUserDetails") as (_, gql):
        body = update(gql, token_of(gql, customer), pronouns="she/her")
    assert error_codes(body) == ["KT-CT-1113"]
