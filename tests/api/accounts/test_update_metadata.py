"""updateMetadata: sets a key of an account's or an account user's metadata to a JSON value (an upsert)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from ops import runtime
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation Update($input: MetadataInput!) { updateMetadata(input: $input) { metadata { key value } } }
"""
READ = """
query Read($type: LinkedObjectType, $identifier: String!) {
  metadata(linkedObjectType: $type, identifier: $identifier) { key value }
}
"""


def metadata_input(identifier: str, key: str, value: str, linked: str = "ACCOUNT") -> dict:
    return {"input": {"identifier": identifier, "linkedObjectType": linked, "key": key, "value": value}}


def test_the_viewer_sets_and_resets_a_key_on_their_account_and_reads_it_back(
    backend: str, gql: GraphQL, customer: dict, token: str, catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    # when
    first = gql(UPDATE, metadata_input(number, "crm.tier", json.dumps({"tier": "gold"})), token=token)
    second = gql(
        UPDATE, metadata_input(number, "crm.tier", json.dumps({"tier": "platinum", "since": 2020})), token=token
    )
    # then
    assert json.loads(first["data"]["updateMetadata"]["metadata"]["value"]) == {"tier": "gold"}
    assert second["data"]["updateMetadata"]["metadata"]["key"] == "crm.tier"
    catch_up()
    body = gql(READ, {"type": "ACCOUNT", "identifier": number}, token=token)
    assert [(m["key"], json.loads(m["value"])) for m in body["data"]["metadata"]] == [
        ("crm.tier", {"tier": "platinum", "since": 2020})
    ]


def test_the_viewer_sets_their_own_user_metadata(gql: GraphQL, customer: dict, token: str) -> None:
    body = gql(UPDATE, metadata_input(customer["user_id"], "theme", '"dark"', linked="ACCOUNT_USER"), token=token)
    assert body["data"]["updateMetadata"]["metadata"] == {"key": "theme", "value": '"dark"'}


def test_an_organisation_sets_metadata_on_an_existing_account_or_user(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    catch_up()
    _, key = organisation(contexts)
    partner = organisation_token(gql, key)
    for identifier, linked in ((customer["account_number"], "ACCOUNT"), (customer["user_id"], "ACCOUNT_USER")):
        body = gql(UPDATE, metadata_input(identifier, "source", '"partner"', linked=linked), token=partner)
        assert "errors" not in body, body["errors"]
    refused_with(gql(UPDATE, metadata_input("A-NOSUCHAC", "source", "1"), token=partner), "KT-CT-4323")


def test_another_users_account_or_another_user_is_refused_with_4323(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, grace: dict, stranger: dict
) -> None:
    charles = token_for(contexts, "charles@example.com")
    refused_with(gql(UPDATE, metadata_input(customer["account_number"], "k", "1"), token=charles), "KT-CT-4323")
    # Grace shares Ada's account but may touch only her own user metadata.
    body = gql(UPDATE, metadata_input(customer["user_id"], "k", "1", linked="ACCOUNT_USER"), token=grace["token"])
    refused_with(body, "KT-CT-4323")
    assert "errors" not in gql(UPDATE, metadata_input(customer["account_number"], "k", "1"), token=grace["token"])


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("k", "{not json"),
        ("k", "[1, 2"),
        ("1key", "1"),
        ("with space", "1"),
        ("k" * 101, "1"),
        ("k" * 256, "1"),
        ("k", json.dumps("x" * 4095)),
        ("k", json.dumps("x" * 9000)),
        # Nested deeper than a parser goes: not JSON it can read.
        ("k", "[" * 4000 + "]" * 4000),
    ],
)
def test_json_that_does_not_parse_a_key_not_allowed_or_a_value_too_large_is_refused_with_8413(
    gql: GraphQL, customer: dict, token: str, key: str, value: str
) -> None:
    refused_with(gql(UPDATE, metadata_input(customer["account_number"], key, value), token=token), "KT-CT-8413")


def test_malformed_json_written_in_the_document_is_refused_with_8413(gql: GraphQL, customer: dict, token: str) -> None:
    literal = f'identifier: "{customer["account_number"]}", linkedObjectType: ACCOUNT, key: "k", value: "{{oops"'
    document = "mutation { updateMetadata(input: {" + literal + "}) { metadata { key } } }"
    refused_with(gql(document, token=token), "KT-CT-8413")
