"""getEmbeddedSecretForNewPaymentInstructionWithoutAccount: a secret tied to no customer, anonymous on purpose."""

from __future__ import annotations

from projections.contexts import Contexts
from tests.helpers import GraphQL

SECRET = """
mutation Secret($input: GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput!) {
  getEmbeddedSecretForNewPaymentInstructionWithoutAccount(input: $input) { secretKey }
}
"""


def secret_of(body: dict[str, dict[str, dict[str, str]]]) -> str:
    assert "errors" not in body, body
    return body["data"]["getEmbeddedSecretForNewPaymentInstructionWithoutAccount"]["secretKey"]


def test_an_anonymous_checkout_gets_a_fresh_secret_and_nothing_is_recorded(
    backend: str, gql: GraphQL, contexts: Contexts
) -> None:
    # given
    before = contexts.payments.recorder.max_notification_id()
    # when: no Authorization header (a checkout before the customer has an account)
    secrets = {secret_of(gql(SECRET, {"input": {"instructionType": "CARD"}})) for _ in range(2)}
    # then
    assert len(secrets) == 2 and all(len(s) > 40 for s in secrets)
    assert contexts.payments.recorder.max_notification_id() == before


def test_a_logged_in_viewer_may_ask_too(gql: GraphQL, token: str) -> None:
    assert secret_of(gql(SECRET, {"input": {"instructionType": "DIRECT_DEBIT"}}, token=token)).startswith("seti_")
