"""insertUserPsrRecords: the whole active PSR set is replaced, and shows on `viewer { specialCircumstances }`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.accounts.conftest import PROFILE
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, refused_with

INSERT = """
mutation Insert($input: [SpecialCircumstanceRecordInput]!) {
  insertUserPsrRecords(input: $input) { records { id summary internalCode expiryDate } }
}
"""
SHARED_USERS = """
query Users($number: String!) {
  account(accountNumber: $number) { users { email specialCircumstances { records { __typename } } } }
}
"""


def insert(gql: GraphQL, token: str | None, *records: dict[str, Any]) -> dict[str, Any]:
    return gql(INSERT, {"input": list(records)}, token=token)


def circumstances(gql: GraphQL, token: str) -> dict[str, Any]:
    found: dict[str, Any] = gql(PROFILE, token=token)["data"]["viewer"]["specialCircumstances"]
    return found


def test_the_records_given_become_the_active_set(
    backend: str, gql: GraphQL, ada: str, catch_up: Callable[[], int]
) -> None:
    # when
    body = insert(
        gql,
        ada,
        {"internalCode": "blind"},
        {"internalCode": "temporaryPostHospitalRecovery", "expiryDate": "2026-03-01"},
    )
    # then
    records = body["data"]["insertUserPsrRecords"]["records"]
    assert [(r["internalCode"], r["summary"], r["expiryDate"]) for r in records] == [
        ("blind", "Blind", None),
        ("temporaryPostHospitalRecovery", "Temporary post-hospital recovery", "2026-03-01"),
    ]
    catch_up()
    assert circumstances(gql, ada) == {
        "isSharingConsentGiven": False,
        "records": [
            {
                "__typename": "SpecialCircumstanceRecordType",
                "id": records[0]["id"],
                "summary": "Blind",
                "internalCode": "blind",
            },
            {
                "__typename": "TemporarySpecialCircumstanceRecordType",
                "id": records[1]["id"],
                "summary": "Temporary post-hospital recovery",
                "internalCode": "temporaryPostHospitalRecovery",
                "expiryDate": "2026-03-01",
            },
        ],
    }


def test_a_replacement_deactivates_what_it_leaves_out_and_keeps_the_ids_of_what_stays(
    gql: GraphQL, ada: str, catch_up: Callable[[], int]
) -> None:
    # given
    first = insert(gql, ada, {"internalCode": "blind"}, {"internalCode": "dementia"})
    blind = first["data"]["insertUserPsrRecords"]["records"][0]["id"]
    # when
    body = insert(gql, ada, {"internalCode": "blind"}, {"internalCode": "oxygenUse"})
    # then
    records = body["data"]["insertUserPsrRecords"]["records"]
    assert [r["internalCode"] for r in records] == ["blind", "oxygenUse"] and records[0]["id"] == blind
    catch_up()
    assert [r["internalCode"] for r in circumstances(gql, ada)["records"]] == ["blind", "oxygenUse"]
    # and an empty list deactivates every record
    assert insert(gql, ada)["data"]["insertUserPsrRecords"]["records"] == []
    catch_up()
    assert circumstances(gql, ada)["records"] == []


def test_a_temporary_record_stops_being_active_after_its_expiry_date(
    gql: GraphQL, ada: str, contexts: Contexts, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    # given a need that applies up to and including 2026-01-20
    insert(gql, ada, {"internalCode": "temporaryLifeChanges", "expiryDate": "2026-01-20"})
    catch_up()
    clock.advance(timedelta(days=5))
    on_the_day = token_for(contexts, "ada@example.com")
    assert [r["internalCode"] for r in circumstances(gql, on_the_day)["records"]] == ["temporaryLifeChanges"]
    # when the day after comes
    clock.advance(timedelta(days=1))
    # then
    assert circumstances(gql, token_for(contexts, "ada@example.com"))["records"] == []


def test_another_user_of_the_account_does_not_see_the_records(
    gql: GraphQL, ada: str, grace_token: str, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    insert(gql, ada, {"internalCode": "blind"})
    catch_up()
    users = gql(SHARED_USERS, {"number": customer["account_number"]}, token=grace_token)["data"]["account"]["users"]
    assert {u["email"]: u["specialCircumstances"] for u in users} == {
        "ada@example.com": None,
        "grace@example.com": {"records": []},
    }


def test_an_unknown_internal_code_is_kt_gb_5415(gql: GraphQL, ada: str) -> None:
    refused_with(insert(gql, ada, {"internalCode": "blind"}, {"internalCode": "unicorn"}), "KT-GB-5415")


@pytest.mark.parametrize(
    "records",
    [
        pytest.param([{"internalCode": "temporaryLifeChanges"}], id="temporary without expiry"),
        pytest.param([{"internalCode": "temporaryLifeChanges", "expiryDate": "2026-01-14"}], id="expiry in the past"),
        pytest.param([{"internalCode": "blind", "expiryDate": "2026-06-01"}], id="permanent with expiry"),
        pytest.param([{"internalCode": "blind"}, {"internalCode": "blind"}], id="duplicate"),
        pytest.param([{"internalCode": "blind"}, None], id="null record"),
    ],
)
def test_a_set_that_cannot_be_saved_is_kt_gb_5411(
    gql: GraphQL, ada: str, catch_up: Callable[[], int], records: list[dict[str, Any] | None]
) -> None:
    # given
    insert(gql, ada, {"internalCode": "dementia"})
    # when / then
    refused_with(gql(INSERT, {"input": records}, token=ada), "KT-GB-5411")
    catch_up()
    assert [r["internalCode"] for r in circumstances(gql, ada)["records"]] == ["dementia"]


def test_too_many_records_or_an_over_long_code_is_kt_ct_4321(gql: GraphQL, ada: str) -> None:
    refused_with(insert(gql, ada, *[{"internalCode": "blind"}] * 33), "KT-CT-4321")
    refused_with(insert(gql, ada, {"internalCode": "x" * 65}), "KT-CT-4321")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL) -> None:
    refused_with(insert(gql, None, {"internalCode": "blind"}), "KT-CT-1112")
