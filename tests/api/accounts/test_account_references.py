"""`account { references }` and `accountReference(value)`: a user sees only their own accounts'
references, an organisation any account's."""

from __future__ import annotations

from collections.abc import Callable

from domain.accounts import commands as accounts_commands
from domain.accounts.metadata import LinkedObject
from domain.identity import commands as identity
from ops import runtime
from tests.api.accounts.references import BY_VALUE, CREATE, REFERENCES, reference_input
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.conftest import PASSWORD
from tests.helpers import GraphQL, error_codes


def test_a_value_finds_only_the_viewers_own_accounts_and_an_organisation_finds_any(
    backend: str,
    gql: GraphQL,
    contexts: runtime.Contexts,
    customer: dict,
    token: str,
    stranger: dict,
    catch_up: Callable[[], int],
) -> None:
    # given the same value on Ada's account in crm and on Charles's in billing
    charles = token_for(contexts, "charles@example.com")
    gql(CREATE, reference_input(customer["account_number"], "X-1"), token=token)
    gql(CREATE, reference_input(stranger["account_number"], "X-1", namespace="billing"), token=charles)
    catch_up()
    # when
    ada_sees = gql(BY_VALUE, {"value": "X-1"}, token=token)["data"]["accountReference"]
    charles_sees = gql(BY_VALUE, {"value": "X-1"}, token=charles)["data"]["accountReference"]
    _, key = organisation(contexts)
    partner_sees = gql(BY_VALUE, {"value": "X-1"}, token=organisation_token(gql, key))["data"]["accountReference"]
    # then
    assert ada_sees == [{"namespace": "crm", "value": "X-1", "account": {"number": customer["account_number"]}}]
    assert charles_sees == [{"namespace": "billing", "value": "X-1", "account": {"number": stranger["account_number"]}}]
    assert sorted(r["account"]["number"] for r in partner_sees) == sorted(
        [customer["account_number"], stranger["account_number"]]
    )
    assert gql(BY_VALUE, {"value": "NOPE"}, token=token)["data"]["accountReference"] == []
    assert gql(BY_VALUE, {}, token=token)["data"]["accountReference"] == []


def test_another_customers_account_references_are_refused_and_an_anonymous_lookup_too(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, token: str, stranger: dict
) -> None:
    charles = token_for(contexts, "charles@example.com")
    assert error_codes(gql(REFERENCES, {"number": customer["account_number"]}, token=charles)) == ["KT-CT-1111"]
    assert error_codes(gql(BY_VALUE, {"value": "X-1"})) == ["KT-CT-1112"]


def test_an_account_without_references_lists_none(
    gql: GraphQL, customer: dict, token: str, catch_up: Callable[[], int]
) -> None:
    catch_up()
    body = gql(REFERENCES, {"number": customer["account_number"]}, token=token)
    assert body["data"]["account"]["references"] == []


EXTRAS = """
{
  viewer {
    details { namespace value }
    accounts {
      number
      ... on AccountType {
        references { namespace value account { number } }
        metadata { key value }
        users { details { namespace } }
      }
    }
  }
}
"""


def test_references_metadata_and_details_cost_the_same_statements_for_one_account_or_many(
    backend: str, gql: GraphQL, contexts: runtime.Contexts, catch_up: Callable[[], int], statements: list[str]
) -> None:
    costs = []
    for email, accounts in (("one@example.com", 1), ("many@example.com", 4)):
        numbers = tuple(contexts.accounts.open_account(f"Account {i}").number for i in range(accounts))
        contexts.identity.register_user(
            identity.RegisterUser(
                email=email, password=PASSWORD, given_name="Ada", family_name="L", account_numbers=numbers
            )
        )
        for number in numbers:
            contexts.accounts.create_account_reference(
                accounts_commands.CreateAccountReference(account_number=number, namespace="crm", value=number)
            )
            contexts.accounts.update_metadata(
                accounts_commands.UpdateMetadata(
                    linked_object=LinkedObject.ACCOUNT, identifier=number, key="k", value="1", set_by="test"
                )
            )
        catch_up()
        token = token_for(contexts, email)
        statements.clear()
        body = gql(EXTRAS, token=token)
        assert "errors" not in body, body
        listed = body["data"]["viewer"]["accounts"]
        assert [a["references"][0]["account"]["number"] for a in listed] == [a["number"] for a in listed]
        assert all(a["metadata"] == [{"key": "k", "value": "1"}] for a in listed)
        costs.append(len(statements))
    assert costs[0] == costs[1], costs
