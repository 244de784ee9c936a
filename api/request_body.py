"""The HTTP body of a GraphQL request: decoded strictly, bounded, and refused in Kraken's shape.

A body is refused before any GraphQL work when it is not JSON in UTF-8 (a lone UTF-16 surrogate
is not UTF-8 either, so no such string ever reaches the domain), or when its variables nest too
deeply, hold an over-long string or an over-long list. Refusals are the client's error: HTTP 4xx
with Kraken's `errors[]` (errorType VALIDATION), logged at INFO, never a bare 500.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import msgspec
from cross_web import HTTPException
from litestar import Request, Response
from litestar.exceptions import HTTPException as LitestarHTTPException

from api import observability
from api.errors import UNEXPECTED
from domain.shared.errors import ErrorType, KrakenError

log = logging.getLogger("kraken.api")

# Inputs are at most a few levels deep (an input object holding a list of input objects); the
# bound keeps every later walk of the variables (graphql's coercion is recursive) shallow.
MAX_NESTING = 32
MAX_LIST_ITEMS = 1000
# Every stored string also has a bound of its own, checked with the mutation's code; this one is
# the backstop for all of them and for strings that are never stored.
MAX_STRING_LENGTH = 10_000


class RequestRefused(HTTPException):
    """An HTTP-level refusal, optionally carrying the Kraken error it stands for."""

    def __init__(self, status_code: int, reason: str, error: KrakenError | None = None) -> None:
        super().__init__(status_code, reason)
        self.error = error


def decode(body: bytes) -> Any:
    try:
        return msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        reason = f"The request body must be JSON in UTF-8, with no lone UTF-16 surrogate escapes ({exc})."
        raise RequestRefused(400, reason) from exc
    except RecursionError as exc:
        raise RequestRefused(400, "The request body nests too deeply.") from exc


def check_variables(variables: Any) -> None:
    """Refuses variables that nest, list or spell out more than any input needs; linear in their size."""
    pending: list[tuple[Any, int]] = [(variables, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if len(value) > MAX_STRING_LENGTH:
                raise RequestRefused(400, f"A string in the variables is longer than {MAX_STRING_LENGTH} characters.")
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_NESTING:
            raise RequestRefused(400, f"The variables nest more than {MAX_NESTING} levels deep.")
        if isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                raise RequestRefused(400, f"A list in the variables has more than {MAX_LIST_ITEMS} items.")
            pending.extend((item, depth + 1) for item in value)
        else:
            pending.extend((key, depth + 1) for key in value)
            pending.extend((item, depth + 1) for item in value.values())


def refusal(exc: HTTPException, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    return _answer(exc.status_code, exc.reason, getattr(exc, "error", None), request)


def http_refusal(request: Request[Any, Any, Any], exc: LitestarHTTPException) -> Response[dict[str, Any]]:
    """What Litestar itself refuses (a body over the size limit, an unknown path or method), in Kraken's shape."""
    return _answer(exc.status_code, exc.detail, None, request)


def unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """A bug outside GraphQL's execution: logged under a correlation id (the request's own id on the
    GraphQL routes), answered without its details."""
    record = observability.observed(request.scope)
    correlation_id = record.request_id if record is not None else uuid.uuid4().hex[:16]
    observability.refused(request.scope, ErrorType.APPLICATION.value)
    log.error("unexpected error %s in %s %s", correlation_id, request.method, request.url.path, exc_info=exc)
    extensions = {
        "errorType": ErrorType.APPLICATION.value,
        "errorDescription": f"{UNEXPECTED} Quote correlation id {correlation_id} when reporting it.",
        "correlationId": correlation_id,
    }
    return Response({"errors": [{"message": UNEXPECTED, "extensions": extensions}]}, status_code=500)


def _answer(
    status: int, reason: str, error: KrakenError | None, request: Request[Any, Any, Any]
) -> Response[dict[str, Any]]:
    client = request.client.host if request.client else "unknown"
    if error is not None:
        extensions: dict[str, Any] = {
            "errorType": error.type.value,
            "errorCode": error.code,
            "errorDescription": error.detail,
        }
        message = error.message
    else:
        extensions = {"errorType": ErrorType.VALIDATION.value}
        message = reason
    observability.refused(request.scope, extensions.get("errorCode") or extensions["errorType"])
    log.info("refused a request from %s with HTTP %s: %s", client, status, reason)
    return Response({"errors": [{"message": message, "extensions": extensions}]}, status_code=status)
