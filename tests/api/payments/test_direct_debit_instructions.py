"""`account { directDebitInstructions }`: the account's payment instructions, the latest stored first,
their bank details masked (the read model holds no full account number or IBAN)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.payments import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.payments.collecting import direct_debit
from tests.helpers import GraphQL, error_codes

INSTRUCTIONS = """
query($number: String!, $statuses: [DirectDebitInstructionStatus], $first: Int, $after: String, $last: Int,
      $before: String) {
  account(accountNumber: $number) {
    directDebitInstructions(statuses: $statuses, first: $first, after: $after, last: $last, before: $before) {
      totalCount edgeCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          id status sortCode iban accountHolder instructionType maskedAccountIdentifier maskedIban
          lastFourDigitsOfAccountNumber cardPaymentNetwork cardExpiryMonth cardExpiryYear
        }
      }
    }
  }
}
"""
IBAN = "GB29NWBK60161331926819"


@pytest.fixture
def instructions(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> list[str]:
    """A direct debit by account number, invalidated; then one by IBAN; then a card. Their ids, oldest first."""
    number = customer["account_number"]
    first = direct_debit(contexts, customer, ledger)
    contexts.payments.invalidate_payment_instruction(
        commands.InvalidatePaymentInstruction(account_number=number, instruction_id=str(first.number))
    )
    clock.advance(timedelta(minutes=1))
    second = contexts.payments.set_up_direct_debit_instruction(
        commands.SetUpDirectDebitInstruction(
            account_number=number,
            valid_from=clock.now(),
            bank_details=commands.BankDetails(account_holder="Ada Lovelace", iban=IBAN),
            account_user_id=customer["user_id"],
            ledger_number=ledger,
        )
    )
    clock.advance(timedelta(minutes=1))
    card = contexts.payments.store_payment_instruction(
        commands.StorePaymentInstruction(
            account_number=number, instruction_type="CARD", valid_from=clock.now(), vendor_reference="pm_card_4242"
        )
    )
    catch_up()
    return [str(first.number), str(second.number), str(card.number)]


def listed(gql: GraphQL, token: str, number: str, **arguments: Any) -> dict[str, Any]:
    body = gql(INSTRUCTIONS, {"number": number, **arguments}, token=token)
    assert "errors" not in body, body["errors"]
    connection: dict[str, Any] = body["data"]["account"]["directDebitInstructions"]
    return connection


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def test_an_account_lists_its_instructions_the_latest_first_with_bank_details_masked(
    backend: str, gql: GraphQL, token: str, customer: dict[str, str], instructions: list[str]
) -> None:
    # when
    found = listed(gql, token, customer["account_number"])
    # then
    assert found["totalCount"] == 3 and [n["id"] for n in nodes(found)] == list(reversed(instructions))
    card, by_iban, invalidated = nodes(found)
    assert by_iban == {
        "id": instructions[1],
        "status": "ACTIVE",
        "sortCode": "601613",
        "iban": "GB29**************6819",
        "accountHolder": "Ada Lovelace",
        "instructionType": "DIRECT_DEBIT",
        "maskedAccountIdentifier": "****6819",
        "maskedIban": "GB29**************6819",
        "lastFourDigitsOfAccountNumber": "6819",
        "cardPaymentNetwork": None,
        "cardExpiryMonth": None,
        "cardExpiryYear": None,
    }
    assert (invalidated["status"], invalidated["sortCode"], invalidated["iban"]) == ("INVALIDATED", "200000", "")
    assert (invalidated["maskedAccountIdentifier"], invalidated["maskedIban"]) == ("****9911", None)
    assert (card["instructionType"], card["status"], card["maskedAccountIdentifier"]) == ("CARD", "ACTIVE", None)


def test_the_read_model_keeps_no_full_account_number_or_iban(
    backend: str, contexts: Contexts, instructions: list[str]
) -> None:
    rows = contexts.read.store.rows("SELECT * FROM payment_instructions")
    held = " ".join(str(value) for row in rows for value in row)
    assert "55779911" not in held and "31926819" not in held and IBAN not in held


def test_a_status_filter_keeps_the_instructions_in_those_statuses(
    gql: GraphQL, token: str, customer: dict[str, str], instructions: list[str]
) -> None:
    number = customer["account_number"]
    active = listed(gql, token, number, statuses=["ACTIVE"])
    assert [n["id"] for n in nodes(active)] == [instructions[2], instructions[1]] and active["totalCount"] == 2
    assert listed(gql, token, number, statuses=["FAILED", "PROVISIONAL"])["totalCount"] == 0
    assert listed(gql, token, number, statuses=["ACTIVE", "ACCOUNT_CLOSED"])["totalCount"] == 2
    assert listed(gql, token, number, statuses=[])["totalCount"] == 3


def test_pages_forwards_and_backwards(
    gql: GraphQL, token: str, customer: dict[str, str], instructions: list[str]
) -> None:
    number = customer["account_number"]
    first = listed(gql, token, number, first=2)
    assert [n["id"] for n in nodes(first)] == [instructions[2], instructions[1]]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    rest = listed(gql, token, number, first=2, after=first["pageInfo"]["endCursor"])
    assert [n["id"] for n in nodes(rest)] == [instructions[0]] and rest["pageInfo"]["hasNextPage"] is False
    back = listed(gql, token, number, last=2, before=rest["pageInfo"]["startCursor"])
    assert back["edges"] == first["edges"] and back["pageInfo"]["hasPreviousPage"] is False
    assert listed(gql, token, number, first=0)["edges"] == []


def test_an_account_without_instructions_has_an_empty_list(
    gql: GraphQL, token: str, customer: dict[str, str], ledger: str
) -> None:
    found = listed(gql, token, customer["account_number"])
    assert found["edges"] == [] and found["totalCount"] == 0 and found["pageInfo"]["hasNextPage"] is False


def test_an_organisation_sees_any_account_s_instructions(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], instructions: list[str]
) -> None:
    _, key = organisation(contexts)
    assert listed(gql, organisation_token(gql, key), customer["account_number"])["totalCount"] == 3


def test_a_stranger_is_refused_at_the_account(
    gql: GraphQL, customer: dict[str, str], instructions: list[str], stranger: dict[str, str]
) -> None:
    body = gql(INSTRUCTIONS, {"number": customer["account_number"]}, token=stranger["token"])
    assert body["data"] == {"account": None} and error_codes(body) == ["KT-CT-1111"]


@pytest.mark.parametrize(
    ("page", "code"),
    [({"first": 101}, "KT-CT-1189"), ({"last": -1}, "KT-CT-1206"), ({"after": "bm90IGEgY3Vyc29y"}, "KT-CT-1208")],
)
def test_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    gql: GraphQL, token: str, customer: dict[str, str], instructions: list[str], page: dict, code: str
) -> None:
    body = gql(INSTRUCTIONS, {"number": customer["account_number"], **page}, token=token)
    assert error_codes(body) == [code]
