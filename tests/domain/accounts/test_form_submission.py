"""Form submissions: the content rules of each form type, and the FormSubmission aggregate's one event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.accounts.forms import MAX_DEPTH, MAX_VALUES, FormSubmission, content_errors

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ASSESSMENT = "COVID_19_FINANCIAL_ENERGY_ASSESSMENT"
ANSWERS = {"monthlyIncome": 1850, "monthlyOutgoings": 1720.5, "householdSize": 3}


def codes(form_type: str | None, content: Any) -> dict[str, list[str]]:
    return {field: [code for code, _ in problems] for field, problems in content_errors(form_type, content).items()}


def test_a_complete_assessment_has_no_errors() -> None:
    assert codes(ASSESSMENT, {**ANSWERS, "dependants": 0, "notes": "", "affordableMonthlyPayment": 25}) == {}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({}, {"monthlyIncome": ["required"], "monthlyOutgoings": ["required"], "householdSize": ["required"]}),
        ({**ANSWERS, "householdSize": "3"}, {"householdSize": ["invalid"]}),
        ({**ANSWERS, "monthlyOutgoings": False}, {"monthlyOutgoings": ["invalid"]}),
        ({**ANSWERS, "dependants": -1}, {"dependants": ["min_value"]}),
        ({**ANSWERS, "extra": 1}, {"non_field_errors": ["invalid"]}),
        ({**ANSWERS, "notes": {"a": {"b": {"c": 1}}}}, {"content": ["max_depth"]}),
        ({**ANSWERS, "notes": [0] * MAX_VALUES}, {"content": ["max_length"]}),
        (None, {"content": ["invalid"]}),
    ],
)
def test_what_is_wrong_is_named_field_by_field(content: Any, expected: dict[str, list[str]]) -> None:
    assert codes(ASSESSMENT, content) == expected


def test_nesting_is_bounded_without_walking_all_of_it() -> None:
    deep: Any = 1
    for _ in range(200):
        deep = {"level": deep}
    assert codes(ASSESSMENT, {**ANSWERS, "notes": deep}) == {"content": ["max_depth"]}
    assert MAX_DEPTH < 200


def test_a_form_type_is_required_and_each_asks_its_own_fields() -> None:
    assert codes(None, ANSWERS) == {"formType": ["required"]}
    assert codes("COVID_19_GAS_PRICES_FINANCIAL_ENERGY_ASSESSMENT", ANSWERS) == {"monthlyGasCost": ["required"]}


def test_a_submission_records_its_content_once_under_its_number() -> None:
    submission = FormSubmission.submit(1_000_001, "A-ABCDEFGH", ASSESSMENT, ANSWERS, "user:ada", submitted_at=AT)
    [event] = submission.collect_events()
    assert type(event).__name__ == "Submitted"
    assert (event.number, event.form_type, event.content, event.submitted_by, event.submitted_at) == (
        1_000_001,
        ASSESSMENT,
        ANSWERS,
        "user:ada",
        AT,
    )
    assert submission.id == FormSubmission.id_for(1_000_001)
