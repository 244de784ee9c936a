"""Each account's feedback requests: which form, when asked, and whether answered with what score.

Answers `kraken feedback list` and lets a process find what is still unanswered. The customer's own
words stay in the (encrypted) events: only the form, the times and the score are copied here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.accounts.feedback import FeedbackRequest
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = ("number", "account_number", "form_id", "requested_at", "answered_at", "raw_score")
# Made by `@event("Answered")` on a method: mypy sees no attribute, so its topic is named.
_ANSWERED = "domain.accounts.feedback:FeedbackRequest.Answered"


class FeedbackRequestsProjection(Projection):
    name = "feedback_requests"
    upstream = "accounts"
    topics = (get_topic(FeedbackRequest.Requested), _ANSWERED)
    tables = ("feedback_requests",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS feedback_requests (request_id TEXT PRIMARY KEY, number BIGINT NOT NULL UNIQUE, "
            "account_number TEXT NOT NULL, form_id INTEGER NOT NULL, requested_at TEXT NOT NULL, answered_at TEXT, "
            "raw_score INTEGER)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS feedback_requests_by_account ON feedback_requests (account_number, number)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # A request asked and answered in the same batch is inserted answered.
        answered = {str(e.originator_id): e for e in events if get_topic(type(e)) == _ANSWERED}
        rows = []
        for e in events:
            if isinstance(e, FeedbackRequest.Requested):
                answer = answered.pop(str(e.originator_id), None)
                rows.append(
                    (
                        str(e.originator_id),
                        e.number,
                        e.account_number,
                        e.form_id,
                        e.requested_at.isoformat(),
                        None if answer is None else answer.at.isoformat(),
                        None if answer is None else answer.raw_score,
                    )
                )
        cursor.insert_rows("feedback_requests", ("request_id", *_COLUMNS), rows)
        cursor.executemany(
            "UPDATE feedback_requests SET answered_at = %s, raw_score = %s WHERE request_id = %s",
            [(e.at.isoformat(), e.raw_score, request_id) for request_id, e in answered.items()],
        )


class FeedbackRequestsView:
    projection: ClassVar[type[Projection]] = FeedbackRequestsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_accounts(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's feedback requests, in the order of their numbers, in one query."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM feedback_requests WHERE account_number IN ({marks(account_numbers)}) "
            "ORDER BY number",
            tuple(account_numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in rows:
            request = dict(zip(_COLUMNS, row, strict=True))
            found[request["account_number"]].append(request)
        return [found[number] for number in account_numbers]
