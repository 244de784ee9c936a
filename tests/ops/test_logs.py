"""Logs: one line per GraphQL request with its correlation id, in JSON or in the text form as before."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from api.app import API_PATH, AUTH_PATH
from ops import logs, runtime
from settings import Settings
from tests.conftest import PASSWORD
from tests.live import kraken_serve

LOGIN = "mutation Login($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
VIEWER = "query Who { viewer { id } }"


@pytest.fixture
def lines() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The JSON lines the request log writes meanwhile, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter("serve"))
    logger = logging.getLogger("kraken.requests")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(previous)


def post(client: TestClient, query: str, variables: dict[str, Any] | None = None, **headers: str) -> Any:
    return client.post(API_PATH, json={"query": query, "variables": variables or {}}, headers=headers)


def test_each_request_writes_one_json_line_with_its_fields(
    client: TestClient,
    customer: dict[str, str],
    catch_up: Callable[[], int],
    lines: Callable[[], list[dict[str, Any]]],
) -> None:
    # given
    catch_up()
    # when a client logs in with its own request id, then asks who it is
    login = post(
        client, LOGIN, {"input": {"email": customer["email"], "password": PASSWORD}}, **{"X-Request-ID": "abc-123"}
    )
    token = login.json()["data"]["obtainKrakenToken"]["token"]
    viewer = post(client, VIEWER, Authorization=token)
    # then each request wrote one line, carrying the id it was answered with
    first, second = lines()
    assert login.headers["x-request-id"] == "abc-123"
    assert first["request_id"] == "abc-123"
    assert second["request_id"] == viewer.headers["x-request-id"]
    assert re.fullmatch("[0-9a-f]{16}", second["request_id"])
    assert first["logger"] == "kraken.requests" and first["level"] == "INFO" and first["process"] == "serve"
    assert {k: first[k] for k in ("server", "operation", "operation_name", "operation_type", "status", "codes")} == {
        "server": "api",
        "operation": "obtainKrakenToken",
        "operation_name": "Login",
        "operation_type": "mutation",
        "status": 200,
        "codes": [],
    }
    assert first["viewer"] is None
    assert second["operation"] == "viewer" and second["operation_type"] == "query"
    assert second["viewer"] == f"user:{customer['user_id']}"
    assert isinstance(second["duration_ms"], float) and second["duration_ms"] >= 0
    # and nothing secret: no password, no token, no variables
    written = json.dumps([first, second])
    assert PASSWORD not in written and token not in written and customer["email"] not in written


def test_errors_and_refusals_are_logged_with_their_codes(
    client: TestClient, lines: Callable[[], list[dict[str, Any]]]
) -> None:
    # when an anonymous client asks for its viewer, then sends a body that is not JSON
    post(client, VIEWER)
    refused = client.post(API_PATH, content=b"{nope", headers={"Content-Type": "application/json"})
    # then
    asked, malformed = lines()
    assert asked["codes"] == ["KT-CT-1112"] and asked["status"] == 200
    assert malformed["status"] == 400 and malformed["codes"] == ["VALIDATION"] and malformed["operation"] == "other"
    assert refused.headers["x-request-id"] == malformed["request_id"]


def test_an_insane_request_id_is_replaced(client: TestClient, lines: Callable[[], list[dict[str, Any]]]) -> None:
    # when the header is too long, or holds what a log line should not
    for sent in ("x" * 65, "a b", "id\u00e9", "new\nline"):
        response = client.post(API_PATH, json={"query": "{ __typename }"}, headers={"X-Request-ID": sent.encode()})
        # then a new one is used
        assert re.fullmatch("[0-9a-f]{16}", response.headers["x-request-id"])
    assert [line["operation"] for line in lines()] == ["introspection"] * 4


def test_the_auth_server_is_named(client: TestClient, lines: Callable[[], list[dict[str, Any]]]) -> None:
    client.post(AUTH_PATH, json={"query": "{ __typename }"})
    assert lines()[0]["server"] == "auth"


def test_an_unexpected_error_is_answered_and_logged_under_the_request_id(
    client: TestClient,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    lines: Callable[[], list[dict[str, Any]]],
) -> None:
    # given a bug behind the login
    def explode(*_: Any) -> None:
        raise RuntimeError("internals")

    monkeypatch.setattr(contexts.identity, "obtain_kraken_token", explode)
    caplog.set_level(logging.ERROR, logger="kraken.api")
    # when
    response = post(
        client, LOGIN, {"input": {"email": customer["email"], "password": PASSWORD}}, **{"X-Request-ID": "req-42"}
    )
    # then the client, the error's log record and the request's line share the one id
    assert response.json()["errors"][0]["extensions"]["correlationId"] == "req-42"
    assert any("req-42" in record.getMessage() for record in caplog.records if record.name == "kraken.api")
    [line] = lines()
    assert line["request_id"] == "req-42" and line["codes"] == ["APPLICATION"]


def test_probes_write_no_request_line(client: TestClient, lines: Callable[[], list[dict[str, Any]]]) -> None:
    client.get("/healthz")
    client.get("/metrics")
    assert lines() == []


LOG_A_LINE = """
import logging
from ops import logs
from settings import load
logs.configure(load(), "project")
logging.getLogger("kraken.example").info("hello %s", "there", extra={"fields": {"answer": 42}})
try:
    raise ValueError("boom")
except ValueError:
    logging.getLogger("kraken.example").exception("failed")
"""


def run_logging(log_format: str | None) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "KRAKEN_LOG_FORMAT"}
    if log_format is not None:
        environment["KRAKEN_LOG_FORMAT"] = log_format
    done = subprocess.run(
        [sys.executable, "-c", LOG_A_LINE], env=environment, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stderr.splitlines()


def test_the_text_form_is_the_default_and_unchanged() -> None:
    # when a process logs without KRAKEN_LOG_FORMAT
    written = run_logging(None)
    # then its lines are "<time> <LEVEL> <logger> <message>", as before
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO kraken\.example hello there", written[0])
    assert re.fullmatch(r"\S+ \S+ ERROR kraken\.example failed", written[1])
    assert written[-1] == "ValueError: boom"


def test_the_json_form_writes_one_object_a_line() -> None:
    # when
    hello, failed = (json.loads(line) for line in run_logging("json"))
    # then
    assert hello["message"] == "hello there" and hello["level"] == "INFO" and hello["logger"] == "kraken.example"
    assert hello["process"] == "project" and hello["answer"] == 42 and isinstance(hello["pid"], int)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", hello["time"])
    assert failed["level"] == "ERROR" and failed["exception"].endswith("ValueError: boom")


def test_a_bad_log_format_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from settings import SettingsError, load

    with pytest.raises(SettingsError, match="KRAKEN_LOG_FORMAT"):
        load({"KRAKEN_LOG_FORMAT": "xml"})


def test_uvicorn_keeps_its_own_lines_in_text_and_writes_json_otherwise(settings: Settings) -> None:
    import msgspec

    text = logs.config(settings, "serve")
    assert text["formatters"]["default"]["()"] == "uvicorn.logging.DefaultFormatter"
    assert text["root"]["handlers"] == ["kraken"]
    as_json = logs.config(msgspec.structs.replace(settings, log_format="json"), "serve")
    assert as_json["formatters"]["access"]["()"] == "ops.logs.JsonFormatter"
    assert as_json["loggers"]["uvicorn.access"]["handlers"] == ["stderr"]


def test_a_graphql_request_writes_its_own_line_instead_of_uvicorns_access_line(
    settings: Settings, tmp_path: Path
) -> None:
    # given a real server, asked a GraphQL question and then probed
    log = tmp_path / "serve.log"
    with kraken_serve(settings, log) as url:
        before = len(log.read_text().splitlines())
        answer = httpx.post(f"{url}{API_PATH}", json={"query": "{ __typename }"}, headers={"X-Request-ID": "one-line"})
        assert answer.json() == {"data": {"__typename": "Query"}}
        assert httpx.get(f"{url}/healthz").status_code == 200
    written = log.read_text().splitlines()[before:]
    # then the GraphQL request has one line, its own, naming the client as the access line did
    [line] = [line for line in written if "request_id=one-line" in line]
    assert "client=127.0.0.1 " in line and "status=200" in line
    assert not [line for line in written if f"POST {API_PATH}" in line]
    # and any other request keeps uvicorn's access line
    assert [line for line in written if '"GET /healthz HTTP/1.1" 200' in line]
