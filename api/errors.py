"""The one place where errors become Kraken's wire format.

A KrakenError becomes `{message, path, extensions: {errorType, errorCode, errorDescription}}`
(+ `validationErrors` for KT-CT-5450 style failures). GraphQL's own validation errors keep their
message and say VALIDATION. Anything else is a bug: it is logged with a correlation id and the
client sees only that id, never a stack trace; the HTTP status stays 200.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from graphql import GraphQLError

from domain.shared.errors import ErrorType, KrakenError

log = logging.getLogger("kraken.api")

UNEXPECTED = "An unexpected error occurred."


def is_unexpected(error: GraphQLError) -> bool:
    """A bug, as opposed to a Kraken error or a client's malformed request.

    Errors raised before execution (parsing, validation, variable coercion) have no path; graphql
    wraps some of them around another GraphQLError or a scalar's ValueError, but they are still the
    client's input, not ours.
    """
    original = error.original_error
    return not (original is None or isinstance(original, (KrakenError, GraphQLError)) or error.path is None)


def correlate(error: GraphQLError, correlation_id: str | None = None) -> None:
    """Log an unexpected error once, tagging it with the id the client will be given (the request's
    own id, api/observability.py, when there is one)."""
    if not is_unexpected(error):
        return
    original = error.original_error
    correlation_id = correlation_id or uuid.uuid4().hex[:16]
    error.extensions = {**(error.extensions or {}), "correlationId": correlation_id}
    log.error("unexpected error %s at %s", correlation_id, error.path, exc_info=original)


def code_of(error: GraphQLError) -> str:
    """The code an error is answered with: its Kraken code, else its errorType (VALIDATION for
    GraphQL's own errors, APPLICATION for an unexpected one), as `to_wire` writes it."""
    original = error.original_error
    if isinstance(original, KrakenError):
        return original.code
    if not is_unexpected(error):
        return str((error.extensions or {}).get("errorCode") or ErrorType.VALIDATION.value)
    return ErrorType.APPLICATION.value


def to_wire(error: GraphQLError) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    original = error.original_error
    if isinstance(original, KrakenError):
        answer["message"] = original.message
        extensions: dict[str, Any] = {
            "errorType": original.type.value,
            "errorCode": original.code,
            "errorDescription": original.detail,
        }
        if original.problems:
            extensions["validationErrors"] = [
                {"code": p.code, "message": p.message, "inputPath": list(p.path)} for p in original.problems
            ]
    elif not is_unexpected(error):
        answer["message"] = error.message
        extensions = {"errorType": ErrorType.VALIDATION.value, **(error.extensions or {})}
    else:
        correlation_id = (error.extensions or {}).get("correlationId", "unknown")
        answer["message"] = UNEXPECTED
        extensions = {
            "errorType": ErrorType.APPLICATION.value,
            "errorDescription": f"{UNEXPECTED} Quote correlation id {correlation_id} when reporting it.",
            "correlationId": correlation_id,
        }
    if error.locations:
        answer["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        answer["path"] = error.path
    answer["extensions"] = extensions
    return answer


Codes = Mapping[type[KrakenError], type[KrakenError]]


@contextmanager
def raised_as(codes: Codes) -> Iterator[None]:
    """Raise each error `codes` names as the code it maps to: how one mutation (or query) says
    which of the domain's errors it answers with one of its own codes."""
    try:
        yield
    except KrakenError as error:
        mapped = next((codes[kind] for kind in type(error).__mro__ if kind in codes), None)
        if mapped is None:
            raise
        # A detail the raiser gave says more than either description; otherwise the mapped code's own.
        detail = error.detail if error.detail != error.description else None
        raise mapped(detail, problems=error.problems) from error
