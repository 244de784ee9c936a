"""`metadata`, `metadataForKey`, `account { metadata }` and `viewer { details }`: metadata for whoever may set it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from domain.accounts import commands
from domain.accounts.metadata import LinkedObject
from ops import runtime
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, error_codes

METADATA = """
query Metadata($type: LinkedObjectType, $identifier: String!) {
  metadata(linkedObjectType: $type, identifier: $identifier) { key value }
}
"""
FOR_KEY = """
query ForKey($type: LinkedObjectType, $identifier: String!, $key: String!) {
  metadataForKey(linkedObjectType: $type, identifier: $identifier, key: $key) { key value }
}
"""
ACCOUNT = "query Account($number: String!) { account(accountNumber: $number) { metadata { key value } } }"
DETAILS = "{ viewer { details { namespace value } } }"
FELLOW_DETAILS = (
    "query Users($number: String!) { account(accountNumber: $number) { users { email details { namespace } } } }"
)


def _set(contexts: runtime.Contexts, linked: LinkedObject, identifier: str, key: str, value: object) -> None:
    contexts.accounts.update_metadata(
        commands.UpdateMetadata(
            linked_object=linked, identifier=identifier, key=key, value=json.dumps(value), set_by="test"
        )
    )


@pytest.fixture
def tagged(contexts: runtime.Contexts, customer: dict, catch_up: Callable[[], int]) -> dict:
    """Ada's account has a tier and a colour; Ada herself a theme and a shoe size."""
    _set(contexts, LinkedObject.ACCOUNT, customer["account_number"], "tier", {"level": "gold"})
    _set(contexts, LinkedObject.ACCOUNT, customer["account_number"], "colour", "blue")
    _set(contexts, LinkedObject.ACCOUNT_USER, customer["user_id"], "theme", "dark")
    _set(contexts, LinkedObject.ACCOUNT_USER, customer["user_id"], "shoe", {"size": 38})
    catch_up()
    return customer


def test_the_viewer_reads_their_accounts_and_their_own_metadata(
    backend: str, gql: GraphQL, tagged: dict, token: str
) -> None:
    number, user = tagged["account_number"], tagged["user_id"]
    account = gql(METADATA, {"type": "ACCOUNT", "identifier": number}, token=token)["data"]["metadata"]
    assert [(m["key"], json.loads(m["value"])) for m in account] == [("colour", "blue"), ("tier", {"level": "gold"})]
    # Without a type, the identifier names an account, as Kraken's example has it.
    assert gql(METADATA, {"identifier": number}, token=token)["data"]["metadata"] == account
    own = gql(METADATA, {"type": "ACCOUNT_USER", "identifier": user}, token=token)["data"]["metadata"]
    assert [m["key"] for m in own] == ["shoe", "theme"]
    tier = gql(FOR_KEY, {"type": "ACCOUNT", "identifier": number, "key": "tier"}, token=token)["data"]
    assert json.loads(tier["metadataForKey"]["value"]) == {"level": "gold"}
    missing = gql(FOR_KEY, {"type": "ACCOUNT", "identifier": number, "key": "nope"}, token=token)["data"]
    assert missing["metadataForKey"] is None
    assert gql(ACCOUNT, {"number": number}, token=token)["data"]["account"]["metadata"] == account


def test_viewer_details_are_the_users_metadata_a_string_as_itself_any_other_value_as_json(
    gql: GraphQL, tagged: dict, token: str
) -> None:
    details = gql(DETAILS, token=token)["data"]["viewer"]["details"]
    assert details == [{"namespace": "shoe", "value": '{"size":38}'}, {"namespace": "theme", "value": "dark"}]


def test_a_fellow_user_of_an_account_sees_no_details_of_another(
    gql: GraphQL, tagged: dict, grace: dict, catch_up: Callable[[], int]
) -> None:
    catch_up()
    users = gql(FELLOW_DETAILS, {"number": tagged["account_number"]}, token=grace["token"])["data"]["account"]["users"]
    assert {u["email"]: u["details"] for u in users} == {"ada@example.com": [], "grace@example.com": []}


def test_strangers_are_refused_and_an_organisation_reads_any(
    gql: GraphQL, contexts: runtime.Contexts, tagged: dict, grace: dict, stranger: dict
) -> None:
    number, user = tagged["account_number"], tagged["user_id"]
    charles = token_for(contexts, "charles@example.com")
    assert error_codes(gql(METADATA, {"type": "ACCOUNT", "identifier": number}, token=charles)) == ["KT-CT-1111"]
    assert error_codes(gql(METADATA, {"type": "ACCOUNT_USER", "identifier": user}, token=grace["token"])) == [
        "KT-CT-1111"
    ]
    assert error_codes(gql(FOR_KEY, {"identifier": number, "key": "tier"}, token=charles)) == ["KT-CT-1111"]
    _, key = organisation(contexts)
    partner = organisation_token(gql, key)
    assert len(gql(METADATA, {"type": "ACCOUNT_USER", "identifier": user}, token=partner)["data"]["metadata"]) == 2
