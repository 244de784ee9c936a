"""submitCustomerFeedback: a customer answers a feedback request about their account, once."""

from __future__ import annotations

from typing import Any

import pytest

from domain.accounts import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.identity.test_obtain_kraken_token_pre_signed import issue_key, obtain
from tests.api.loyalty.conftest import served
from tests.helpers import GraphQL, refused_with

SUBMIT = """
mutation SubmitCustomerFeedback($input: CustomerFeedbackInputType!) {
  submitCustomerFeedback(input: $input) { customerFeedback { id rawScore submittedAt } }
}
"""
FORM = """
query Form($formId: Int!) { question(formId: $formId) defaultRawScore(formId: $formId) }
"""


def requested(contexts: Contexts, account_number: str, form_id: int = 1) -> int:
    return contexts.accounts.request_feedback(
        commands.RequestFeedback(account_number=account_number, form_id=form_id)
    ).number


def submit(gql: GraphQL, token: str | None, account_number: str, feedback_id: int, **more: Any) -> dict[str, Any]:
    fields = {"accountNumber": account_number, "feedbackId": feedback_id, "formId": 1, "issueResolved": True, **more}
    return gql(SUBMIT, {"input": fields}, token=token)


@pytest.fixture
def feedback_id(contexts: Contexts, customer: dict[str, str]) -> int:
    return requested(contexts, customer["account_number"])


def test_the_customer_answers_and_gets_the_form_s_raw_score(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    clock: FrozenClock,
    customer: dict[str, str],
    token: str,
    feedback_id: int,
) -> None:
    # when
    body = submit(gql, token, customer["account_number"], feedback_id, answer="Quick and kind, thank you.")
    # then
    assert body == {
        "data": {
            "submitCustomerFeedback": {
                "customerFeedback": {"id": str(feedback_id), "rawScore": 5, "submittedAt": clock.now().isoformat()}
            }
        }
    }
    request = contexts.accounts.feedback_request(feedback_id)
    assert request is not None and request.answered_at == clock.now()


def test_an_unresolved_issue_scores_lower(gql: GraphQL, customer: dict[str, str], token: str, feedback_id: int) -> None:
    body = submit(gql, token, customer["account_number"], feedback_id, issueResolved=False)
    assert body["data"]["submitCustomerFeedback"]["customerFeedback"]["rawScore"] == 1


def test_the_form_s_question_and_default_raw_score_are_public(gql: GraphQL) -> None:
    assert gql(FORM, {"formId": 1}) == {"data": {"question": "Did we resolve your issue today?", "defaultRawScore": 3}}
    assert gql(FORM, {"formId": 99}) == {"data": {"question": None, "defaultRawScore": None}}


def test_a_feedback_email_s_pre_signed_key_may_answer(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], feedback_id: int
) -> None:
    key = issue_key(contexts, customer["email"], scope="SUBMIT_CUSTOMER_FEEDBACK")
    scoped = obtain(gql, preSignedKey=key)["data"]["obtainKrakenToken"]["token"]
    body = submit(gql, scoped, customer["account_number"], feedback_id)
    assert body["data"]["submitCustomerFeedback"]["customerFeedback"]["id"] == str(feedback_id)


def test_an_answered_request_cannot_be_answered_again_kt_ct_5514(
    gql: GraphQL, customer: dict[str, str], token: str, feedback_id: int
) -> None:
    # given
    assert "errors" not in submit(gql, token, customer["account_number"], feedback_id)
    # when / then
    refused_with(submit(gql, token, customer["account_number"], feedback_id, issueResolved=False), "KT-CT-5514")


def test_another_form_than_the_request_s_is_kt_ct_5514(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, feedback_id: int
) -> None:
    refused_with(submit(gql, token, customer["account_number"], feedback_id, formId=2), "KT-CT-5514")
    request = contexts.accounts.feedback_request(feedback_id)
    assert request is not None and request.answered_at is None


@pytest.mark.parametrize("unknown", [0, 12345678])
def test_a_feedback_id_naming_no_request_is_kt_ct_5511(
    gql: GraphQL, customer: dict[str, str], token: str, unknown: int
) -> None:
    refused_with(submit(gql, token, customer["account_number"], unknown), "KT-CT-5511")


def test_a_request_of_another_account_is_kt_ct_5512(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], stranger: dict[str, str], token: str
) -> None:
    theirs = requested(contexts, stranger["account_number"])
    refused_with(submit(gql, token, customer["account_number"], theirs), "KT-CT-5512")


def test_an_organisation_answering_for_the_wrong_account_is_kt_ct_5512(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], stranger: dict[str, str], feedback_id: int
) -> None:
    _, key = organisation(contexts)
    refused_with(submit(gql, organisation_token(gql, key), stranger["account_number"], feedback_id), "KT-CT-5512")


def test_a_viewer_not_on_the_account_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], stranger: dict[str, str], token: str
) -> None:
    theirs = requested(contexts, stranger["account_number"])
    refused_with(submit(gql, token, stranger["account_number"], theirs), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(
    gql: GraphQL, customer: dict[str, str], feedback_id: int
) -> None:
    refused_with(submit(gql, None, customer["account_number"], feedback_id), "KT-CT-1112")


def test_an_over_long_answer_is_kt_ct_5514(
    gql: GraphQL, customer: dict[str, str], token: str, feedback_id: int
) -> None:
    refused_with(submit(gql, token, customer["account_number"], feedback_id, answer="x" * 2001), "KT-CT-5514")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, customer: dict[str, str], token: str, feedback_id: int
) -> None:
    with served(settings, clock, disabled_mutations="submitCustomerFeedback") as gql:
        refused_with(submit(gql, token, customer["account_number"], feedback_id), "KT-CT-1113")
