"""createAccountReference: attaches an external system's identifier to an account, unique per namespace."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from ops import runtime
from tests.api.accounts.references import CREATE, reference_input, references
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, error_codes, refused_with


def test_the_viewer_attaches_a_reference_and_sees_it_on_the_account(
    backend: str, gql: GraphQL, customer: dict, token: str, catch_up: Callable[[], int]
) -> None:
    # when
    body = gql(CREATE, reference_input(customer["account_number"], "CRM-0042"), token=token)
    # then
    assert "errors" not in body, body["errors"]
    reference = body["data"]["createAccountReference"]["accountReference"]
    assert (reference["namespace"], reference["value"]) == ("crm", "CRM-0042")
    assert reference["createdAt"] == reference["updatedAt"]
    catch_up()
    assert references(gql, token, customer["account_number"]) == [reference]


def test_an_organisation_attaches_a_reference_to_any_account(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, token: str, catch_up: Callable[[], int]
) -> None:
    _, key = organisation(contexts)
    body = gql(CREATE, reference_input(customer["account_number"], "CRM-7"), token=organisation_token(gql, key))
    assert body["data"]["createAccountReference"]["accountReference"]["value"] == "CRM-7"


def test_a_stranger_or_an_organisation_naming_no_account_is_refused_with_4123(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, stranger: dict
) -> None:
    charles = token_for(contexts, "charles@example.com")
    refused_with(gql(CREATE, reference_input(customer["account_number"], "CRM-1"), token=charles), "KT-CT-4123")
    _, key = organisation(contexts)
    partner = organisation_token(gql, key)
    refused_with(gql(CREATE, reference_input("A-NOSUCHAC", "CRM-1"), token=partner), "KT-CT-4123")


@pytest.mark.parametrize("namespace", ["", "9lives", "has space", "n" * 65, "n" * 256])
def test_a_namespace_empty_too_long_or_not_allowed_is_refused_with_8310_or_by_its_bound(
    gql: GraphQL, customer: dict, token: str, namespace: str
) -> None:
    body = gql(CREATE, reference_input(customer["account_number"], "CRM-1", namespace=namespace), token=token)
    # Beyond the input's bound the gate refuses first, with the mutation's "Invalid data." code.
    refused_with(body, "KT-CT-8311" if len(namespace) > 255 else "KT-CT-8310")


@pytest.mark.parametrize("value", ["", "  ", "v" * 129, "tab\there"])
def test_a_value_empty_too_long_or_unprintable_is_refused_with_8311(
    gql: GraphQL, customer: dict, token: str, value: str
) -> None:
    refused_with(gql(CREATE, reference_input(customer["account_number"], value), token=token), "KT-CT-8311")


def test_a_value_another_account_holds_in_the_namespace_or_a_namespace_the_account_has_is_refused_with_8311(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, token: str, stranger: dict
) -> None:
    # given
    assert "errors" not in gql(CREATE, reference_input(customer["account_number"], "CRM-1"), token=token)
    charles = token_for(contexts, "charles@example.com")
    # then: Charles may not take Ada's value in crm, but may in another namespace
    refused_with(gql(CREATE, reference_input(stranger["account_number"], "CRM-1"), token=charles), "KT-CT-8311")
    other = gql(CREATE, reference_input(stranger["account_number"], "CRM-1", namespace="billing"), token=charles)
    assert "errors" not in other
    # and Ada's account already has a crm reference
    refused_with(gql(CREATE, reference_input(customer["account_number"], "CRM-2"), token=token), "KT-CT-8311")


def test_of_two_accounts_creating_one_value_at_once_exactly_one_wins(
    backend: str, client: object, contexts: runtime.Contexts, customer: dict, token: str, stranger: dict
) -> None:
    # given two users, each sending the same value for their own account at the same time
    charles = token_for(contexts, "charles@example.com")
    app = client.app  # type: ignore[attr-defined]

    async def race() -> list[dict]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            sends = [
                http.post(
                    "/v1/graphql/",
                    json={"query": CREATE, "variables": reference_input(number, "CRM-RACE")},
                    headers={"Authorization": viewer},
                )
                for number, viewer in ((customer["account_number"], token), (stranger["account_number"], charles))
            ]
            return [response.json() for response in await asyncio.gather(*sends)]

    # when
    bodies = asyncio.run(race())
    # then
    outcomes = sorted(error_codes(body) == [] for body in bodies)
    assert outcomes == [False, True], bodies
    assert [code for body in bodies for code in error_codes(body)] == ["KT-CT-8311"]
