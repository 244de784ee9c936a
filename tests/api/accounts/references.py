"""Documents and helpers of the account reference API tests."""

from __future__ import annotations

from tests.helpers import GraphQL

CREATE = """
mutation Create($input: AccountReferenceInput!) {
  createAccountReference(input: $input) { accountReference { namespace value createdAt updatedAt } }
}
"""
UPDATE = """
mutation Update($input: AccountReferenceInput!) {
  updateAccountReference(input: $input) { accountReference { namespace value createdAt updatedAt } }
}
"""
REFERENCES = """
query References($number: String!) {
  account(accountNumber: $number) { number references { namespace value createdAt updatedAt } }
}
"""
BY_VALUE = """
query ByValue($value: String) { accountReference(value: $value) { namespace value account { number } } }
"""


def reference_input(number: str, value: str, namespace: str = "crm") -> dict:
    return {"input": {"accountNumber": number, "namespace": namespace, "value": value}}


def references(gql: GraphQL, token: str, number: str) -> list[dict]:
    body = gql(REFERENCES, {"number": number}, token=token)
    assert "errors" not in body, body["errors"]
    found: list[dict] = body["data"]["account"]["references"]
    return found
