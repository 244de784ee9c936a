"""DateTime on the wire: the forms clients send are accepted, and every DateTime served carries an offset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.payments.ledger import main_ledger_number
from ops import runtime
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL

STORE = """
mutation Store($input: StorePaymentInstructionInput!) {
  storePaymentInstruction(input: $input) { paymentInstruction { validFrom } }
}
"""
ACCOUNT = "query($number: String!) { account(accountNumber: $number) { createdAt } }"


@pytest.fixture
def store(
    contexts: runtime.Contexts, customer: dict[str, str], catch_up: Callable[[], int], gql: GraphQL
) -> Callable[[Any], dict[str, Any]]:
    """Stores a card instruction valid from the given value, on Ada's main ledger."""
    catch_up()
    token = token_for(contexts, customer["email"])
    ledger = main_ledger_number(customer["account_number"])

    def valid_from(value: Any) -> dict[str, Any]:
        fields = {
            "accountNumber": customer["account_number"],
            "ledgerNumber": ledger,
            "instructionType": "CARD",
            "validFrom": value,
            "vendorReference": "pm_1QvX2",
        }
        return gql(STORE, {"input": fields}, token=token)

    return valid_from


@pytest.mark.parametrize(
    ("sent", "served"),
    [
        ("2026-01-16T00:00:00Z", "2026-01-16T00:00:00+00:00"),
        ("2026-01-16T00:00:00.123456Z", "2026-01-16T00:00:00.123456+00:00"),
        ("2026-01-16T00:00:00.5Z", "2026-01-16T00:00:00.500000+00:00"),
        ("2026-01-16T00:00:00+00:00", "2026-01-16T00:00:00+00:00"),
        ("2026-01-16T09:00:00+01:00", "2026-01-16T09:00:00+01:00"),
        # Without an offset, as Kraken GB reads it: the time in Europe/London (GMT in winter, BST in summer)
        ("2026-01-16T00:00:00", "2026-01-16T00:00:00+00:00"),
        ("2026-07-16T00:00:00", "2026-07-16T00:00:00+01:00"),
    ],
)
def test_a_datetime_input_takes_the_iso_8601_forms_clients_send(
    backend: str, store: Callable[[Any], dict[str, Any]], sent: str, served: str
) -> None:
    body = store(sent)
    assert body == {"data": {"storePaymentInstruction": {"paymentInstruction": {"validFrom": served}}}}


@pytest.mark.parametrize("sent", ["yesterday", "2026-02-30T00:00:00Z", "2026-01-16T25:00:00Z", 1768521600, ""])
def test_anything_else_is_refused_before_anything_runs(store: Callable[[Any], dict[str, Any]], sent: Any) -> None:
    body = store(sent)
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["errorType"] == "VALIDATION" and "DateTime" in error["message"]


def test_a_datetime_written_in_the_document_is_read_alike(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    catch_up()
    document = (
        "mutation { storePaymentInstruction(input: {"
        f'accountNumber: "{customer["account_number"]}", instructionType: CARD, '
        'validFrom: "2026-01-16T00:00:00.123Z", vendorReference: "pm_1QvX2"'
        "}) { paymentInstruction { validFrom } } }"
    )
    body = gql(document, token=token_for(contexts, customer["email"]))
    served = body["data"]["storePaymentInstruction"]["paymentInstruction"]["validFrom"]
    assert served == "2026-01-16T00:00:00.123000+00:00"


def test_a_datetime_served_carries_its_offset(
    backend: str, gql: GraphQL, contexts: runtime.Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    catch_up()
    body = gql(ACCOUNT, {"number": customer["account_number"]}, token=token_for(contexts, customer["email"]))
    assert body["data"]["account"]["createdAt"] == "2026-01-15T09:30:00+00:00"
