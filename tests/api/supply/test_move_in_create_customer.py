"""moveInCreateCustomer: the public sign-up makes a login, an account and its occupancy, once per request."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from domain.accounts.account import Account
from domain.identity.user import User
from domain.supply.lifecycle_process import ProcessKind
from ops import runtime
from tests.api.supply.moves import MOVES, log_in, recorded, sign_up, started, vacant
from tests.helpers import GraphQL, refused_with

UNUSABLE = {
    "message": "Unable to use given email address.",
    "errorType": "VALIDATION",
    "errorCode": "KT-CT-4111",
    "errorDescription": (
        "The email address cannot be used for the new customer, for example because another account user already has "
        "it."
    ),
}


def unusable(body: dict[str, Any]) -> dict[str, Any]:
    refused_with(body, "KT-CT-4111")
    [error] = body["errors"]
    return {"message": error["message"], **{k: v for k, v in error["extensions"].items() if k != "correlationId"}}


def test_the_sign_up_makes_a_login_an_account_and_the_move_in(
    backend: str, gql: GraphQL, contexts: runtime.Contexts, catch_up: Callable[[], int]
) -> None:
    home = vacant(contexts)
    # when
    body = sign_up(gql, propertyId=home)
    # then
    assert "errors" not in body, body
    number = body["data"]["moveInCreateCustomer"]["accountNumber"]
    catch_up()
    token = log_in(gql, "mary@example.com")
    read = gql(MOVES, {"number": number}, token=token)["data"]
    assert read["viewer"] == {"accounts": [{"number": number}]}
    assert read["account"]["cotReadingWindowDays"] == 5
    assert read["account"]["properties"] == [
        {
            "id": home,
            "postcode": "DE22 3XY",
            "occupancyPeriods": [
                {"effectiveFrom": "2026-01-15T00:00:00+00:00", "effectiveTo": None, "isOccupier": False}
            ],
        }
    ]
    assert contexts.identity.load(contexts.identity.user_id_for_email("mary@example.com")).mobile == "07700 900456"


def test_an_address_registers_the_property_and_names_it_again_for_the_next_customer(
    gql: GraphQL, contexts: runtime.Contexts, catch_up: Callable[[], int]
) -> None:
    # when
    body = sign_up(gql, address="3 Old Mill Lane, Darley Abbey", postcode="de22 1ab", moveInDate="2026-01-10")
    # then
    number = body["data"]["moveInCreateCustomer"]["accountNumber"]
    catch_up()
    [home] = gql(MOVES, {"number": number}, token=log_in(gql, "mary@example.com"))["data"]["account"]["properties"]
    assert home["postcode"] == "DE22 1AB"
    assert contexts.accounts.property_at("DE22 1AB", "3 old mill lane").property_id == home["id"]
    # and the same first line, spelled otherwise, names that property: occupied, so not for another sign-up
    again = sign_up(gql, email="anne@example.com", address="3 OLD  MILL LANE.", postcode="DE221AB")
    refused_with(again, "KT-GB-6633")


def test_the_same_request_twice_makes_one_user_and_one_account(gql: GraphQL, contexts: runtime.Contexts) -> None:
    home = vacant(contexts)
    # when
    first = sign_up(gql, propertyId=home)
    second = sign_up(gql, propertyId=home)
    # then
    assert first == second and "errors" not in first
    number = first["data"]["moveInCreateCustomer"]["accountNumber"]
    assert (recorded(contexts.accounts, Account.Opened), recorded(contexts.identity, User.Registered)) == (1, 1)
    assert [p.account_number for p in contexts.accounts.property(home).periods] == [number]
    # and one occupy property and one join supplier process were started for it
    assert sorted(started(contexts)) == [
        (ProcessKind.JOIN_SUPPLIER, number, home),
        (ProcessKind.OCCUPY_PROPERTY, number, home),
    ]


def test_the_same_request_at_once_makes_one_user_and_one_account(gql: GraphQL, contexts: runtime.Contexts) -> None:
    home = vacant(contexts)
    # when
    with ThreadPoolExecutor(max_workers=4) as pool:
        bodies = list(pool.map(lambda _: sign_up(gql, propertyId=home), range(4)))
    # then
    numbers = {body["data"]["moveInCreateCustomer"]["accountNumber"] for body in bodies}
    assert len(numbers) == 1, bodies
    assert (recorded(contexts.accounts, Account.Opened), recorded(contexts.identity, User.Registered)) == (1, 1)
    assert [p.account_number for p in contexts.accounts.property(home).periods] == list(numbers)


def test_an_email_taken_by_a_user_or_by_another_sign_up_answers_the_same_4111(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict[str, str]
) -> None:
    home, other = vacant(contexts), vacant(contexts, "9 Vacant Row")
    # when an account user has the email
    taken = unusable(sign_up(gql, email="ADA@example.com ", propertyId=home))
    # when another request signed up with it first
    assert "errors" not in sign_up(gql, propertyId=home)
    signed_up = unusable(sign_up(gql, propertyId=other))
    # and when the same request comes with another password
    wrong = unusable(sign_up(gql, propertyId=home, password="another long passphrase"))
    # then each answer is word for word the same
    assert taken == signed_up == wrong == UNUSABLE


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"givenName": "  "}, ["input", "givenName"]),
        ({"familyName": "Some\x00rville"}, ["input", "familyName"]),
        ({"email": "mary.example.com"}, ["input", "email"]),
        ({"mobile": "call me"}, ["input", "mobile"]),
        ({"mobile": "+44 123"}, ["input", "mobile"]),
        ({"address": "1 High Street", "postcode": "DE1 1AA"}, ["input", "address"]),
        ({"propertyId": None}, ["input", "address"]),
        ({"propertyId": None, "address": ", ,", "postcode": "DE1 1AA"}, ["input", "address"]),
    ],
)
def test_invalid_personal_data_or_no_single_way_to_name_the_home_is_kt_gb_5416(
    gql: GraphQL, contexts: runtime.Contexts, changes: dict[str, Any], path: list[str]
) -> None:
    home = vacant(contexts)
    # when
    body = sign_up(gql, **{"propertyId": home, **changes})
    # then
    refused_with(body, "KT-GB-5416")
    assert [e["inputPath"] for e in body["errors"][0]["extensions"]["validationErrors"]] == [path]
    assert contexts.identity.user_id_for_email("mary@example.com") is None


def test_an_over_long_name_is_kt_gb_5416(gql: GraphQL, contexts: runtime.Contexts) -> None:
    refused_with(sign_up(gql, propertyId=vacant(contexts), givenName="M" * 151), "KT-GB-5416")


def test_a_password_the_policy_refuses_is_kt_ct_5450_with_validation_errors(
    gql: GraphQL, contexts: runtime.Contexts
) -> None:
    # when
    body = sign_up(gql, propertyId=vacant(contexts), password="mary1")
    # then
    refused_with(body, "KT-CT-5450")
    problems = body["errors"][0]["extensions"]["validationErrors"]
    assert {p["code"] for p in problems} >= {"password_too_short"}
    assert all(p["inputPath"] == ["input", "password"] for p in problems)


@pytest.mark.parametrize(
    "changes",
    [
        {"propertyId": "999999999"},
        {"propertyId": "not-a-property"},
        {"moveInDate": "2026-04-16"},
        {"moveInDate": "2025-10-16"},
        {"propertyId": None, "address": "1 Rue de Rivoli", "postcode": "75001"},
    ],
)
def test_an_unknown_property_a_date_outside_the_window_or_a_postcode_outside_gb_is_kt_gb_6633(
    gql: GraphQL, contexts: runtime.Contexts, changes: dict[str, Any]
) -> None:
    # when
    body = sign_up(gql, **{"propertyId": vacant(contexts), **changes})
    # then
    refused_with(body, "KT-GB-6633")
    assert contexts.identity.user_id_for_email("mary@example.com") is None


def test_a_property_occupied_by_another_account_that_day_is_kt_gb_6633_and_a_corrected_request_goes_through(
    gql: GraphQL, contexts: runtime.Contexts, property_id: str
) -> None:
    # when
    refused_with(sign_up(gql, propertyId=property_id), "KT-GB-6633")
    # then the same email may still sign up, for a home that is free
    assert "errors" not in sign_up(gql, propertyId=vacant(contexts))
