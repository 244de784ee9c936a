"""createFormSubmission: a form's JSON content is checked against its form type and kept encrypted."""

from __future__ import annotations

import json
from typing import Any

import pytest

from domain.accounts.forms import MAX_CONTENT_CHARS
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import served
from tests.helpers import GraphQL, raw_states, refused_with

CREATE = """
mutation CreateFormSubmission($input: FormSubmissionInput!) {
  createFormSubmission(input: $input) {
    id content errors { field errors { ... on SerializerErrorType { code message } } }
  }
}
"""
ASSESSMENT = "COVID_19_FINANCIAL_ENERGY_ASSESSMENT"
ANSWERS = {"monthlyIncome": 1850.5, "monthlyOutgoings": 1720, "householdSize": 3, "notes": "Reduced hours at work"}


def create(
    gql: GraphQL, token: str | None, account_number: str, content: Any, form_type: str | None = ASSESSMENT
) -> dict[str, Any]:
    fields = {"accountNumber": account_number, "formType": form_type, "content": content}
    return gql(CREATE, {"input": fields}, token=token)


def test_a_valid_form_is_kept_encrypted_and_answered_with_its_id(
    backend: str, settings: Settings, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    # when
    body = create(gql, token, customer["account_number"], json.dumps(ANSWERS))
    # then
    answer = body["data"]["createFormSubmission"]
    assert answer["errors"] == [] and json.loads(answer["content"]) == ANSWERS
    submission = contexts.accounts.form_submission(answer["id"])
    assert submission is not None and submission.content == ANSWERS
    assert submission.account_number == customer["account_number"] and submission.form_type == ASSESSMENT
    # and nothing of it can be read from the raw event table
    assert not any(b"Reduced hours" in state or b"monthlyIncome" in state for state in raw_states(settings, "accounts"))


@pytest.mark.parametrize(
    ("content", "form_type", "expected"),
    [
        ("[1, 2]", ASSESSMENT, {"content": ["invalid"]}),
        ('"just text"', ASSESSMENT, {"content": ["invalid"]}),
        (
            json.dumps({"monthlyIncome": 100}),
            ASSESSMENT,
            {"monthlyOutgoings": ["required"], "householdSize": ["required"]},
        ),
        (
            json.dumps({**ANSWERS, "householdSize": 2.5, "monthlyIncome": -1, "notes": 7}),
            ASSESSMENT,
            {"householdSize": ["invalid"], "monthlyIncome": ["min_value"], "notes": ["invalid"]},
        ),
        (json.dumps({**ANSWERS, "monthlyIncome": True}), ASSESSMENT, {"monthlyIncome": ["invalid"]}),
        (json.dumps({**ANSWERS, "password": "x"}), ASSESSMENT, {"non_field_errors": ["invalid"]}),
        (json.dumps(ANSWERS), "COVID_19_GAS_PRICES_FINANCIAL_ENERGY_ASSESSMENT", {"monthlyGasCost": ["required"]}),
        (json.dumps(ANSWERS), None, {"formType": ["required"]}),
        (json.dumps({**ANSWERS, "notes": {"a": {"b": {"c": {"d": 1}}}}}), ASSESSMENT, {"content": ["max_depth"]}),
        (json.dumps({**ANSWERS, "notes": "x" * MAX_CONTENT_CHARS}), ASSESSMENT, {"content": ["max_length"]}),
        (json.dumps({**ANSWERS, "notes": list(range(600))}), ASSESSMENT, {"content": ["max_length"]}),
    ],
)
def test_what_is_wrong_with_the_content_is_answered_in_the_payload_and_nothing_is_kept(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    content: str,
    form_type: str | None,
    expected: dict[str, list[str]],
) -> None:
    # given
    before = contexts.accounts.recorder.max_notification_id()
    # when
    body = create(gql, token, customer["account_number"], content, form_type)
    # then
    answer = body["data"]["createFormSubmission"]
    assert answer["id"] is None and answer["content"] is None
    assert {e["field"]: [m["code"] for m in e["errors"]] for e in answer["errors"]} == expected
    assert all(m["message"] for e in answer["errors"] for m in e["errors"])
    assert contexts.accounts.recorder.max_notification_id() == before


@pytest.mark.parametrize("content", ["{not json", "[" * 5000])
def test_content_that_is_not_json_is_answered_in_the_payload_too(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, content: str
) -> None:
    before = contexts.accounts.recorder.max_notification_id()
    answer = create(gql, token, customer["account_number"], content)["data"]["createFormSubmission"]
    assert answer["id"] is None and [(e["field"], [m["code"] for m in e["errors"]]) for e in answer["errors"]] == [
        ("content", ["invalid"])
    ]
    assert "not valid JSON" in answer["errors"][0]["errors"][0]["message"]
    assert contexts.accounts.recorder.max_notification_id() == before


def test_content_far_beyond_any_form_is_kt_ct_4321(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    # Sent as an object, whose strings the request body bounds one by one, not as one string.
    content = {f"note{index}": "x" * 9_000 for index in range(8)}
    refused_with(create(gql, token, customer["account_number"], content), "KT-CT-4321")


def test_an_organisation_may_submit_for_an_existing_account_only(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str]
) -> None:
    _, key = organisation(contexts)
    partner = organisation_token(gql, key)
    assert create(gql, partner, customer["account_number"], json.dumps(ANSWERS))["data"]["createFormSubmission"]["id"]
    refused_with(create(gql, partner, "A-NOSUCH00", json.dumps(ANSWERS)), "KT-CT-1111")
    refused_with(create(gql, partner, "A-NOSUCH00", "{not json"), "KT-CT-1111")


def test_a_viewer_not_on_the_account_is_kt_ct_1111(gql: GraphQL, stranger: dict[str, str], token: str) -> None:
    refused_with(create(gql, token, stranger["account_number"], json.dumps(ANSWERS)), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(create(gql, None, customer["account_number"], json.dumps(ANSWERS)), "KT-CT-1112")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, customer: dict[str, str], token: str
) -> None:
    with served(settings, clock, disabled_mutations="createFormSubmission") as gql:
        refused_with(create(gql, token, customer["account_number"], json.dumps(ANSWERS)), "KT-CT-1113")
