"""The FeedbackRequest aggregate: given past events, when the customer answers, then these events or this error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts.feedback import FEEDBACK_FORMS, FeedbackRequest
from tests.helpers import refused

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ACCOUNT = "A-ABCDEFGH"
NUMBER = 1_234_567


def requested(form_id: int = 1) -> FeedbackRequest:
    request = FeedbackRequest.request(NUMBER, ACCOUNT, form_id, requested_at=AT)
    request.collect_events()
    return request


def test_a_request_lives_at_an_id_derived_from_its_number() -> None:
    request = FeedbackRequest.request(NUMBER, ACCOUNT, 1, requested_at=AT)
    [event] = request.collect_events()
    assert type(event).__name__ == "Requested"
    assert (event.number, event.account_number, event.form_id, event.requested_at) == (NUMBER, ACCOUNT, 1, AT)
    assert request.id == FeedbackRequest.id_for(NUMBER) != FeedbackRequest.id_for(NUMBER + 1)


@pytest.mark.parametrize(("resolved", "score"), [(True, 5), (False, 1)])
def test_the_answer_records_the_form_s_raw_score_for_it(resolved: bool, score: int) -> None:
    # given
    request = requested()
    # when
    request.answer(ACCOUNT, 1, resolved, "Thanks", answered_by="user:ada", at=AT + timedelta(days=1))
    # then
    [answered] = request.collect_events()
    assert type(answered).__name__ == "Answered"
    assert (answered.issue_resolved, answered.answer, answered.raw_score, answered.answered_by, answered.at) == (
        resolved,
        "Thanks",
        score,
        "user:ada",
        AT + timedelta(days=1),
    )
    assert FEEDBACK_FORMS[1].raw_score(resolved) == score == request.raw_score


def test_another_account_is_kt_ct_5512() -> None:
    refused("KT-CT-5512", requested().answer, "A-ZZZZZZZZ", 1, True, None, answered_by="user:ada", at=AT)


def test_an_answered_request_is_kt_ct_5514() -> None:
    request = requested()
    request.answer(ACCOUNT, 1, True, None, answered_by="user:ada", at=AT)
    request.collect_events()
    refused("KT-CT-5514", request.answer, ACCOUNT, 1, False, None, answered_by="user:ada", at=AT)
    assert request.collect_events() == []


def test_another_form_is_kt_ct_5514() -> None:
    refused("KT-CT-5514", requested(form_id=1).answer, ACCOUNT, 2, True, None, answered_by="user:ada", at=AT)
