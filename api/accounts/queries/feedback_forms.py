"""The feedback forms this deployment asks with: a form's question and its default raw score."""

from __future__ import annotations

from domain.accounts.feedback import FEEDBACK_FORMS


def question(form_id: int) -> str | None:
    form = FEEDBACK_FORMS.get(form_id)
    return None if form is None else form.question


def default_raw_score(form_id: int) -> int | None:
    form = FEEDBACK_FORMS.get(form_id)
    return None if form is None else form.default_raw_score
