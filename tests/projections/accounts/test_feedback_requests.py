"""The feedback requests read model: each account's requests, answered or not, without the customer's words."""

from __future__ import annotations

from collections.abc import Callable

from domain.accounts import commands
from projections.contexts import Contexts


def ask(contexts: Contexts, number: str, form_id: int = 1) -> int:
    return contexts.accounts.request_feedback(commands.RequestFeedback(account_number=number, form_id=form_id)).number


def answer(contexts: Contexts, number: str, feedback_id: int) -> None:
    contexts.accounts.submit_customer_feedback(
        commands.SubmitCustomerFeedback(
            account_number=number,
            form_id=1,
            feedback_id=feedback_id,
            issue_resolved=True,
            answer="A private remark",
            answered_by="test",
        )
    )


def test_a_request_asked_and_answered_in_one_batch_is_shown_answered(
    backend: str, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given a request asked and answered before the read model catches up
    number = customer["account_number"]
    feedback_id = ask(contexts, number)
    answer(contexts, number, feedback_id)
    # when
    catch_up()
    # then
    [[request]] = contexts.read.feedback_requests.of_accounts([number])
    assert (request["number"], request["form_id"], request["raw_score"]) == (feedback_id, 1, 5)
    assert request["answered_at"] is not None and request["requested_at"]
    # and the customer's words stay in the events
    row = contexts.read.store.rows("SELECT * FROM feedback_requests")
    assert "A private remark" not in repr(row)


def test_an_answer_to_a_request_seen_earlier_updates_it(
    contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given requests the read model has seen
    number = customer["account_number"]
    first, second = ask(contexts, number), ask(contexts, number, form_id=2)
    catch_up()
    assert [r["answered_at"] for r in contexts.read.feedback_requests.of_accounts([number])[0]] == [None, None]
    # when the first is answered
    answer(contexts, number, first)
    catch_up()
    # then only it is shown answered; requests come in the order of their numbers
    requests = contexts.read.feedback_requests.of_accounts([number, "A-NOSUCH00"])
    assert [(r["number"], r["raw_score"]) for r in requests[0]] == sorted([(first, 5), (second, None)])
    assert requests[1] == []
    assert contexts.read.feedback_requests.of_accounts([]) == []
