"""updateUser: the viewer's own details; one name field per day, except in a customer's first 31 days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.shared.clock import FrozenClock
from settings import Settings
from tests.api.identity.blackhole import disabled
from tests.helpers import GraphQL, error_codes

UPDATE = """
mutation UpdateUser($input: UpdateUserInput!) {
  updateUser(input: $input) {
    viewer { id givenName familyName email mobile landline pronouns title dateOfBirth fullName }
  }
}
"""
LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


def login(gql: GraphQL, email: str, password: str) -> dict:
    return gql(LOGIN, {"input": {"email": email, "password": password}})


def token_of(gql: GraphQL, customer: dict) -> str:
    token: str = login(gql, customer["email"], customer["password"])["data"]["obtainKrakenToken"]["token"]
    return token


def update(gql: GraphQL, token: str | None, **fields: object) -> dict:
    return gql(UPDATE, {"input": fields}, token=token)


def test_a_new_customer_updates_any_details_at_once(backend: str, gql: GraphQL, customer: dict) -> None:
    # given: registered today
    token = token_of(gql, customer)
    # when
    body = update(
        gql,
        token,
        givenName="Augusta Ada",
        familyName="King",
        mobile="+44 7700 900123",
        landline="020 7946 0000",
        pronouns="she/her",
        title="Countess",
        dateOfBirth="1985-12-10",
    )
    # then
    assert body["data"]["updateUser"]["viewer"] == {
        "id": customer["user_id"],
        "givenName": "Augusta Ada",
        "familyName": "King",
        "email": customer["email"],
        "mobile": "+44 7700 900123",
        "landline": "020 7946 0000",
        "pronouns": "she/her",
        "title": "Countess",
        "dateOfBirth": "1985-12-10",
        "fullName": "Augusta Ada King",
    }
    # and null leaves a detail alone while "" clears it
    body = update(gql, token, mobile=None, landline="")
    assert body["data"]["updateUser"]["viewer"]["mobile"] == "+44 7700 900123"
    assert body["data"]["updateUser"]["viewer"]["landline"] == ""


def test_after_31_days_two_name_fields_at_once_are_kt_ct_5413(gql: GraphQL, customer: dict, clock: FrozenClock) -> None:
    clock.advance(timedelta(days=31))
    body = update(gql, token_of(gql, customer), givenName="Augusta", familyName="King")
    assert body["data"] == {"updateUser": None}
    assert error_codes(body) == ["KT-CT-5413"]


def test_after_31_days_a_second_name_field_the_same_day_is_kt_ct_5413(
    gql: GraphQL, customer: dict, clock: FrozenClock
) -> None:
    # given: an established customer changed their family name
    clock.advance(timedelta(days=40))
    token = token_of(gql, customer)
    assert update(gql, token, familyName="King")["data"]["updateUser"]["viewer"]["familyName"] == "King"
    # when: the other name the same day (other details still change freely)
    clock.advance(timedelta(hours=23))
    token = token_of(gql, customer)
    body = update(gql, token, givenName="Augusta", pronouns="she/her")
    # then
    assert error_codes(body) == ["KT-CT-5413"]
    # and the same name again, a typo fixed, is still one name field
    assert update(gql, token, familyName="King-Noel")["data"]["updateUser"]
    # and a day after the last name change the other one may change
    clock.advance(timedelta(days=1))
    body = update(gql, token_of(gql, customer), givenName="Augusta")
    assert body["data"]["updateUser"]["viewer"]["fullName"] == "Augusta King-Noel"


@pytest.mark.parametrize(
    "fields",
    [
        {"mobile": "call me"},
        {"landline": "12"},
        {"dateOfBirth": "2030-01-01"},
        {"email": "ada@"},
        {"email": "ada@blackhole.invalid"},
        {"givenName": "   "},
        {"title": "x" * 21},
    ],
)
def test_a_malformed_detail_is_kt_ct_5413(gql: GraphQL, customer: dict, fields: dict) -> None:
    body = update(gql, token_of(gql, customer), **fields)
    assert error_codes(body) == ["KT-CT-5413"]
    assert body["errors"][0]["extensions"]["validationErrors"][0]["inputPath"][-1] == next(iter(fields))


def test_a_new_email_moves_the_login_and_frees_the_old_one(gql: GraphQL, customer: dict) -> None:
    # when
    body = update(gql, token_of(gql, customer), email="Ada.King@Example.com")
    # then
    assert body["data"]["updateUser"]["viewer"]["email"] == "ada.king@example.com"
    assert login(gql, "ada.king@example.com", customer["password"])["data"]["obtainKrakenToken"]["token"]
    assert error_codes(login(gql, customer["email"], customer["password"])) == ["KT-CT-1138"]


def test_an_email_another_user_has_is_kt_ct_5414(gql: GraphQL, customer: dict, contexts) -> None:
    # given
    from domain.identity import commands

    contexts.identity.register_user(
        commands.RegisterUser(
            email="charles@example.com",
            password="difference engine no 2",
            given_name="Charles",
            family_name="Babbage",
            account_numbers=(),
        )
    )
    # when
    body = update(gql, token_of(gql, customer), email="charles@example.com")
    # then
    assert error_codes(body) == ["KT-CT-5414"]
    assert login(gql, customer["email"], customer["password"])["data"]["obtainKrakenToken"]


def test_another_users_id_is_kt_ct_1111(gql: GraphQL, customer: dict) -> None:
    body = update(gql, token_of(gql, customer), userId="00000000-0000-4000-8000-000000000001", pronouns="she/her")
    assert error_codes(body) == ["KT-CT-1111"]


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL) -> None:
    assert error_codes(update(gql, None, pronouns="she/her")) == ["KT-CT-1112"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    with disabled(settings, clock, "updateUser") as (_, gql):
        body = update(gql, token_of(gql, customer), pronouns="she/her")
    assert body["data"] == {"updateUser": None}
    assert error_codes(body) == ["KT-CT-1113"]
