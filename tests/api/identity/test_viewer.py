"""`viewer`: the account user's own details as the mutations left them, read from the account users read model."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.identity import commands as identity
from domain.loyalty import commands as loyalty
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import login, organisation, organisation_token
from tests.api.loyalty.conftest import register
from tests.conftest import PASSWORD
from tests.helpers import GraphQL, error_codes

VIEWER = """
{
  viewer {
    id givenName familyName fullName email mobile landline title pronouns dateOfBirth isDeceased
    liveSecretKey preferredName alternativePhoneNumbers
  }
}
"""
ROLES = """
query Roles($number: String) {
  viewer {
    id
    accountUserRoles(accountNumber: $number) { id role user { id email } account { number billingName } }
  }
}
"""
UPDATE_USER = """
mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { viewer { id } } }
"""
UPDATE_USER_DETAILS = """
mutation UpdateUserDetails($input: UpdateAccountUserMutationInput!) {
  updateUserDetails(input: $input) { mobile }
}
"""
UPDATE_EMAIL_AND_PASSWORD = """
mutation UpdateEmailAndPassword($input: UpdateEmailAndPasswordInput!) {
  updateEmailAndPassword(input: $input) { success }
}
"""
REGENERATE = "mutation { regenerateSecretKey { key } }"
SET_POINTS_USER = """
mutation SetLoyaltyPointsUser($input: SetLoyaltyPointsUserInput!) {
  setLoyaltyPointsUser(input: $input) { newLoyaltyPointsUserId }
}
"""


def _viewer(gql: GraphQL, token: str) -> dict:
    body = gql(VIEWER, token=token)
    assert "errors" not in body, body["errors"]
    viewer: dict = body["data"]["viewer"]
    return viewer


def _done(body: dict) -> None:
    assert "errors" not in body, body["errors"]


def test_a_new_user_has_empty_contact_details_and_no_optional_ones(
    backend: str, gql: GraphQL, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    catch_up()
    # when
    viewer = _viewer(gql, login(gql, customer))
    # then: Kraken's non-null contact fields answer "", the others null
    assert viewer == {
        "id": customer["user_id"],
        "givenName": "Ada",
        "familyName": "Lovelace",
        "fullName": "Ada Lovelace",
        "email": "ada@example.com",
        "mobile": "",
        "landline": "",
        "title": None,
        "pronouns": None,
        "dateOfBirth": None,
        "isDeceased": False,
        "liveSecretKey": None,
        "preferredName": None,
        "alternativePhoneNumbers": None,
    }


def test_what_update_user_sets_the_viewer_shows(
    backend: str, gql: GraphQL, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    token = login(gql, customer)
    details = {
        "givenName": "Augusta Ada",
        "familyName": "King",
        "mobile": "+44 7700 900123",
        "landline": "020 7946 0000",
        "pronouns": "she/her",
        "title": "Countess",
        "dateOfBirth": "1985-12-10",
    }
    # when
    _done(gql(UPDATE_USER, {"input": details}, token=token))
    catch_up()
    # then
    viewer = _viewer(gql, token)
    assert {field: viewer[field] for field in details} == details
    assert viewer["fullName"] == "Augusta Ada King"


def test_update_user_details_and_clearing_a_detail_show_too(
    backend: str, gql: GraphQL, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given details set by the deprecated mutation
    token = login(gql, customer)
    _done(gql(UPDATE_USER_DETAILS, {"input": {"mobile": "07700 900456", "pronouns": "they/them"}}, token=token))
    catch_up()
    assert (_viewer(gql, token)["mobile"], _viewer(gql, token)["pronouns"]) == ("07700 900456", "they/them")
    # when the mobile and the pronouns are cleared ("" clears; null would leave them)
    _done(gql(UPDATE_USER, {"input": {"mobile": "", "pronouns": ""}}, token=token))
    catch_up()
    # then
    viewer = _viewer(gql, token)
    assert (viewer["mobile"], viewer["pronouns"]) == ("", None)


def test_a_new_email_shows_once_the_user_logs_in_again(
    backend: str, gql: GraphQL, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    token = login(gql, customer)
    new = {"email": "augusta@example.com", "password": "a different long passphrase", "currentPassword": PASSWORD}
    # when
    _done(gql(UPDATE_EMAIL_AND_PASSWORD, {"input": new}, token=token))
    catch_up()
    # then: a new password ends the session; the new login sees the new email
    fresh = login(gql, {"email": new["email"], "password": new["password"]})
    assert _viewer(gql, fresh)["email"] == "augusta@example.com"


def test_the_live_secret_key_is_never_shown_again(
    backend: str, gql: GraphQL, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given a key regenerated: regenerateSecretKey shows it once, and only a digest of it is kept
    token = login(gql, customer)
    assert gql(REGENERATE, token=token)["data"]["regenerateSecretKey"]["key"].startswith("sk_live_")
    catch_up()
    # then
    assert _viewer(gql, token)["liveSecretKey"] is None


def test_each_account_has_the_viewers_role_on_it(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given Ada's account enrolled with Ada as its loyalty points user
    number = customer["account_number"]
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=UUID(customer["user_id"]), account_number=number)
    )
    catch_up()
    token = login(gql, customer)
    # when
    roles = gql(ROLES, token=token)["data"]["viewer"]["accountUserRoles"]
    # then
    assert roles == [
        {
            "id": f"{number}/{customer['user_id']}",
            "role": "LOYALTY_POINT_USER",
            "user": {"id": customer["user_id"], "email": "ada@example.com"},
            "account": {"number": number, "billingName": "Ada Lovelace"},
        }
    ]
    # and the role moves with the points
    grace = register(contexts, "grace@example.com", "Grace Hopper", number)
    variables = {"input": {"accountNumber": number, "newLoyaltyPointsUserId": grace}}
    _done(gql(SET_POINTS_USER, variables, token=token))
    catch_up()
    assert [role["role"] for role in gql(ROLES, token=token)["data"]["viewer"]["accountUserRoles"]] == [None]


def test_roles_are_filtered_by_account(gql: GraphQL, contexts: Contexts, catch_up: Callable[[], int]) -> None:
    # given a user of two accounts
    first, second = contexts.accounts.open_account("Ada King"), contexts.accounts.open_account("Ada Lovelace")
    contexts.identity.register_user(
        identity.RegisterUser(
            email="ada@example.com",
            password=PASSWORD,
            given_name="Ada",
            family_name="King",
            account_numbers=(first.number, second.number),
        )
    )
    catch_up()
    token = login(gql, {"email": "ada@example.com", "password": PASSWORD})

    def roles(number: str | None = None) -> list[str]:
        found = gql(ROLES, {"number": number}, token=token)["data"]["viewer"]["accountUserRoles"]
        return [role["account"]["number"] for role in found]

    # when / then
    assert roles() == sorted([first.number, second.number])
    assert roles(second.number) == [second.number]
    assert roles("A-NOTMINE") == []


def test_viewer_needs_an_account_users_token(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    assert error_codes(gql(VIEWER)) == ["KT-CT-1112"]
    _, key = organisation(contexts)
    body = gql(VIEWER, token=organisation_token(gql, key))
    assert body["data"]["viewer"] is None and error_codes(body) == ["KT-CT-1111"]
