"""Form submissions: what each form type's content must hold, and the FormSubmission aggregate.

A form's content is JSON a client composes (Kraken: "a quick way of putting together a form"). It
is checked here against its form type's small schema and answered field by field, the way a Django
serializer reports its errors, so a client can show them next to its inputs. The content holds a
household's finances: it is kept only in the events (the accounts store is encrypted at rest) and
is never copied into a read model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.accounts.numbers import numbered_id

# The content as a whole: a form is a few dozen answers, never a document store.
MAX_CONTENT_CHARS = 8_000
MAX_DEPTH = 4
MAX_VALUES = 500
MAX_TEXT = 2_000

# Django REST framework's codes and messages, which Kraken's serializers answer with.
REQUIRED = ("required", "This field is required.")
NOT_A_NUMBER = ("invalid", "A valid number is required.")
NOT_A_WHOLE_NUMBER = ("invalid", "A valid integer is required.")
NEGATIVE = ("min_value", "Ensure this value is greater than or equal to 0.")
NOT_TEXT = ("invalid", "Not a valid string.")
# Where an error is about the content as a whole, Django REST framework names it so.
WHOLE = "non_field_errors"


@dataclass(frozen=True, slots=True)
class Answer:
    """One field a form type asks for: what kind of value it takes and whether it must be given."""

    kind: str  # "amount" (a number from 0), "count" (a whole number from 0) or "text"
    required: bool = True


# What each FormType asks: a COVID-19 financial assessment of how a household can pay its bills.
_ASSESSMENT = {
    "monthlyIncome": Answer("amount"),
    "monthlyOutgoings": Answer("amount"),
    "householdSize": Answer("count"),
    "dependants": Answer("count", required=False),
    "affordableMonthlyPayment": Answer("amount", required=False),
    "notes": Answer("text", required=False),
}
FORM_SCHEMAS: dict[str, dict[str, Answer]] = {
    "COVID_19_FINANCIAL_ENERGY_ASSESSMENT": _ASSESSMENT,
    "COVID_19_GAS_PRICES_FINANCIAL_ENERGY_ASSESSMENT": {**_ASSESSMENT, "monthlyGasCost": Answer("amount")},
}

Problem = tuple[str, str]  # Django's code for it, and its message
FieldErrors = dict[str, list[Problem]]


def content_errors(form_type: str | None, content: Any) -> FieldErrors:
    """Everything wrong with `content` for `form_type`, by field; empty when it can be submitted."""
    if form_type is None:
        return {"formType": [REQUIRED]}
    if not isinstance(content, dict):
        return {"content": [("invalid", "The form content must be a JSON object.")]}
    size = _size_error(content)
    if size:
        return {"content": [size]}
    schema = FORM_SCHEMAS[form_type]
    errors: FieldErrors = {}
    for name, answer in schema.items():
        problem = _answer_error(answer, content.get(name))
        if problem:
            errors[name] = [problem]
    unexpected = sorted(set(content) - set(schema))
    if unexpected:
        errors[WHOLE] = [("invalid", f"Unexpected fields for {form_type}: {', '.join(unexpected)}.")]
    return errors


def _size_error(content: dict[str, Any]) -> Problem | None:
    if len(json.dumps(content)) > MAX_CONTENT_CHARS:
        return ("max_length", f"Ensure the form content has at most {MAX_CONTENT_CHARS} characters.")
    for count, (depth, value) in enumerate(_values(content, 1), start=1):
        if depth > MAX_DEPTH:
            return ("max_depth", f"Ensure the form content is nested at most {MAX_DEPTH} levels deep.")
        if count > MAX_VALUES:
            return ("max_length", f"Ensure the form content has at most {MAX_VALUES} values.")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            return ("max_length", f"Ensure each text has at most {MAX_TEXT} characters.")
    return None


def _values(value: Any, depth: int) -> Iterator[tuple[int, Any]]:
    # Walked lazily, so the caller stops at the first value over a bound: never deeper than MAX_DEPTH + 1.
    yield depth, value
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        yield from _values(child, depth + 1)


def _answer_error(answer: Answer, value: Any) -> Problem | None:
    if value is None:
        return REQUIRED if answer.required else None
    if answer.kind == "text":
        return None if isinstance(value, str) else NOT_TEXT
    # JSON's true and false are not amounts, although Python counts bool as int.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return NOT_A_NUMBER if answer.kind == "amount" else NOT_A_WHOLE_NUMBER
    if answer.kind == "count" and not isinstance(value, int):
        return NOT_A_WHOLE_NUMBER
    return NEGATIVE if value < 0 else None


class FormSubmission(Aggregate):
    """One form as the customer submitted it, under an integer id (domain/accounts/numbers.py)."""

    @staticmethod
    def id_for(number: int) -> UUID:
        return numbered_id("form-submission", number)

    @classmethod
    def submit(
        cls,
        number: int,
        account_number: str,
        form_type: str,
        content: dict[str, Any],
        submitted_by: str,
        submitted_at: datetime,
    ) -> FormSubmission:
        return cls._create(
            cls.Submitted,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            form_type=form_type,
            content=content,
            submitted_by=submitted_by,
            submitted_at=submitted_at,
        )

    class Submitted(Aggregate.Created):
        number: int
        account_number: str
        form_type: str
        content: dict[str, Any]
        submitted_by: str
        submitted_at: datetime

    @event(Submitted)
    def __init__(
        self,
        number: int,
        account_number: str,
        form_type: str,
        content: dict[str, Any],
        submitted_by: str,
        submitted_at: datetime,
    ) -> None:
        self.number = number
        self.account_number = account_number
        self.form_type = form_type
        self.content = content
        self.submitted_by = submitted_by
        self.submitted_at = submitted_at
