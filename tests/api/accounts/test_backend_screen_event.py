"""backendScreenEvent: a registered event runs its command and answers the next action."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.accounts import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import served
from tests.helpers import GraphQL, refused_with

EVENT = """
mutation BackendScreenEvent($input: BackendScreenEventInput!) {
  backendScreenEvent(input: $input) {
    action { __typename ... on ScreenActionType { screenId allowBack } }
  }
}
"""
ROLES = """
query Roles($number: String!) { viewer { accountUserRoles(accountNumber: $number) { role } } }
"""


def trigger(gql: GraphQL, token: str | None, event_id: str, **params: str) -> dict[str, Any]:
    pairs = [{"key": key, "value": value} for key, value in params.items()]
    return gql(EVENT, {"input": {"eventId": event_id, "params": pairs}}, token=token)


def test_joining_octoplus_enrols_the_account_and_shows_the_welcome_screen(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    catch_up: Any,
) -> None:
    # when
    body = trigger(gql, token, "JOIN_OCTOPLUS", accountNumber=customer["account_number"])
    # then
    assert body == {
        "data": {
            "backendScreenEvent": {
                "action": {"__typename": "ScreenActionType", "screenId": "octoplus-welcome", "allowBack": False}
            }
        }
    }
    # and the viewer is the account's loyalty points user, as the loyalty read side shows
    catch_up()
    roles = gql(ROLES, {"number": customer["account_number"]}, token=token)
    assert roles == {"data": {"viewer": {"accountUserRoles": [{"role": "LOYALTY_POINT_USER"}]}}}
    enrolled = contexts.loyalty.account(customer["account_number"])
    assert enrolled is not None and enrolled.points_user_id == UUID(customer["user_id"])


def test_the_registered_event_ids_are_listed(gql: GraphQL) -> None:
    body = gql("{ backendScreenEventIds }")
    assert body == {"data": {"backendScreenEventIds": ["JOIN_OCTOPLUS", "ANSWER_FEEDBACK", "BOOK_METER_INSTALLATION"]}}


def test_an_account_already_in_octoplus_is_kt_gb_9310(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    assert "errors" not in trigger(gql, token, "JOIN_OCTOPLUS", accountNumber=customer["account_number"])
    refused_with(trigger(gql, token, "JOIN_OCTOPLUS", accountNumber=customer["account_number"]), "KT-GB-9310")


def test_an_unknown_event_is_kt_ct_8002(gql: GraphQL, token: str) -> None:
    refused_with(trigger(gql, token, "LAUNCH_ROCKET"), "KT-CT-8002")


def test_an_event_the_backend_does_not_run_yet_is_kt_ct_8003(
    gql: GraphQL, customer: dict[str, str], token: str
) -> None:
    refused_with(trigger(gql, token, "BOOK_METER_INSTALLATION", accountNumber=customer["account_number"]), "KT-CT-8003")


@pytest.mark.parametrize("where", ["loyalty event store", "loyalty application"])
def test_a_failing_handler_is_kt_ct_8004(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    # given a store failing inside the loyalty command's own guard, or the application failing outside it
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError(f"the {where} went away")

    if where == "loyalty event store":
        monkeypatch.setattr(contexts.loyalty.repository, "get", broken)
    else:
        monkeypatch.setattr(contexts.loyalty, "enroll_account_in_loyalty_program", broken)
    # when / then
    refused_with(trigger(gql, token, "JOIN_OCTOPLUS", accountNumber=customer["account_number"]), "KT-CT-8004")


@pytest.mark.parametrize(
    "params",
    [{}, {"accountNumber": "A-1", "colour": "red"}, {"number": "A-1"}],
    ids=["missing", "unexpected", "misnamed"],
)
def test_missing_or_unexpected_params_are_kt_ct_8007(gql: GraphQL, token: str, params: dict[str, str]) -> None:
    refused_with(trigger(gql, token, "JOIN_OCTOPLUS", **params), "KT-CT-8007")


def test_a_param_given_twice_is_kt_ct_8007(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    number = {"key": "accountNumber", "value": customer["account_number"]}
    body = gql(EVENT, {"input": {"eventId": "JOIN_OCTOPLUS", "params": [number, number]}}, token=token)
    refused_with(body, "KT-CT-8007")


def test_an_over_long_param_is_kt_ct_8007(gql: GraphQL, token: str) -> None:
    refused_with(trigger(gql, token, "JOIN_OCTOPLUS", accountNumber="A" * 1001), "KT-CT-8007")


def test_another_customer_s_account_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, stranger: dict[str, str], token: str
) -> None:
    refused_with(trigger(gql, token, "JOIN_OCTOPLUS", accountNumber=stranger["account_number"]), "KT-CT-1111")
    assert contexts.loyalty.account(stranger["account_number"]) is None


def test_an_organisation_cannot_join_for_a_customer(gql: GraphQL, contexts: Contexts, customer: dict[str, str]) -> None:
    # Joining makes the viewer the points user: only an account user can.
    _, key = organisation(contexts)
    body = trigger(gql, organisation_token(gql, key), "JOIN_OCTOPLUS", accountNumber=customer["account_number"])
    refused_with(body, "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL) -> None:
    refused_with(trigger(gql, None, "JOIN_OCTOPLUS", accountNumber="A-1"), "KT-CT-1112")


def test_disabled_by_configuration_it_is_kt_ct_1113(settings: Settings, clock: FrozenClock, token: str) -> None:
    with served(settings, clock, disabled_mutations="backendScreenEvent") as gql:
        refused_with(trigger(gql, token, "JOIN_OCTOPLUS", accountNumber="A-1"), "KT-CT-1113")


# The feedback screen's buttons ------------------------------------------------------------------


def answer_feedback(gql: GraphQL, token: str, number: str, feedback_id: object, resolved: str = "true") -> dict:
    params = {"accountNumber": number, "feedbackId": str(feedback_id), "formId": "1", "issueResolved": resolved}
    return trigger(gql, token, "ANSWER_FEEDBACK", **params)


@pytest.fixture
def feedback_id(contexts: Contexts, customer: dict[str, str]) -> int:
    command = commands.RequestFeedback(account_number=customer["account_number"], form_id=1)
    return contexts.accounts.request_feedback(command).number


def test_answering_feedback_from_its_screen_answers_the_request_and_closes_the_screen(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, feedback_id: int
) -> None:
    body = answer_feedback(gql, token, customer["account_number"], feedback_id, resolved="false")
    assert body == {"data": {"backendScreenEvent": {"action": {"__typename": "CloseActionType"}}}}
    request = contexts.accounts.feedback_request(feedback_id)
    assert request is not None and request.answered_at is not None and request.raw_score == 1


@pytest.mark.parametrize(("feedback", "resolved"), [("twelve", "true"), ("1", "maybe")])
def test_feedback_params_that_are_not_numbers_or_booleans_are_kt_ct_8007(
    gql: GraphQL, customer: dict[str, str], token: str, feedback: str, resolved: str
) -> None:
    refused_with(answer_feedback(gql, token, customer["account_number"], feedback, resolved), "KT-CT-8007")


def test_feedback_already_answered_makes_the_event_fail_kt_ct_8004(
    gql: GraphQL, customer: dict[str, str], token: str, feedback_id: int
) -> None:
    assert "errors" not in answer_feedback(gql, token, customer["account_number"], feedback_id)
    body = answer_feedback(gql, token, customer["account_number"], feedback_id)
    refused_with(body, "KT-CT-8004")
    assert "KT-CT-5514" in body["errors"][0]["extensions"]["errorDescription"]
