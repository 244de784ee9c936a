"""What the gate answers for the four consent mutations: no header (KT-CT-1112), a token that is not
one of ours (KT-CT-1111), and a mutation switched off (KT-CT-1113)."""

from __future__ import annotations

import pytest

from domain.shared.clock import FrozenClock
from settings import Settings
from tests.api.accounts import consents as shared
from tests.api.loyalty.conftest import served
from tests.helpers import GraphQL, refused_with

ada = shared.ada

CALLS = {
    "updateAccountConsents": (
        shared.UPDATE_ACCOUNT_CONSENTS,
        {"accountNumber": "A-2B3C4D5E", "consents": [{"code": "MARKETING_POST", "value": "ACCEPTED"}]},
    ),
    "updateAccountUserConsents": (
        shared.UPDATE_USER_CONSENTS,
        {"consents": [{"consentTypeCode": "MARKETING_POST", "value": "ACCEPTED"}]},
    ),
    "requestDoubleOptIn": (
        shared.REQUEST_DOUBLE_OPT_IN,
        {"input": {"consentTypeCode": "MARKETING_POST", "ipAddress": "192.0.2.1", "emailAddress": "a@example.com"}},
    ),
    "confirmDoubleOptIn": (shared.CONFIRM_DOUBLE_OPT_IN, {"input": {"token": "abc"}}),
}


@pytest.mark.parametrize("mutation", sorted(CALLS))
def test_the_gate_refuses_without_a_viewer(gql: GraphQL, mutation: str) -> None:
    document, variables = CALLS[mutation]
    refused_with(gql(document, variables), "KT-CT-1112")
    refused_with(gql(document, variables, token="not-a-kraken-token"), "KT-CT-1111")


@pytest.mark.parametrize("mutation", sorted(CALLS))
def test_a_disabled_mutation_answers_1113(settings: Settings, clock: FrozenClock, ada: str, mutation: str) -> None:
    document, variables = CALLS[mutation]
    with served(settings, clock, disabled_mutations=mutation) as disabled:
        refused_with(disabled(document, variables, token=ada), "KT-CT-1113")
