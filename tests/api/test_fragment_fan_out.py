"""Documents a few hundred bytes long that expand to millions of fields are refused, cheaply,
and whatever a document costs to read, other requests go on being answered meanwhile."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import httpx
import pytest
from graphql import get_introspection_query, parse

from api import limits
from api.limits import RequestLimits
from settings import Settings
from tests.helpers import GraphQL, error_codes
from tests.live import kraken_serve


def fan_out(levels: int, leaf: str = "id") -> str:
    """`{viewer{...F<levels>}}` where each fragment spreads the one below it twice: 2**levels leaves."""
    fragments = [f"fragment F0 on AccountUserType{{{leaf}}}"]
    fragments += [f"fragment F{n} on AccountUserType{{...F{n - 1} ...F{n - 1}}}" for n in range(1, levels + 1)]
    return f"{{viewer{{...F{levels}}}}} " + " ".join(fragments)


def test_a_fragment_fan_out_is_refused_as_too_complex(gql: GraphQL) -> None:
    # given 39 levels of fragments spreading each other twice: under 2 KB, 2**39 fields once expanded
    document = fan_out(39)
    assert len(document) < 2000

    # when it is sent without a token
    body = gql(document)

    # then it is refused before anything runs, with its expanded size
    assert body["data"] is None
    assert error_codes(body) == ["KT-CT-1188"]
    assert str(2**39 + 1) in body["errors"][0]["extensions"]["errorDescription"]


def test_typename_leaves_count_as_fields(gql: GraphQL) -> None:
    # given a fan-out whose leaves are all `__typename`
    body = gql(fan_out(18, "__typename"))

    # then it is refused like any other (it used to run)
    assert error_codes(body) == ["KT-CT-1188"]


def test_each_fragment_is_walked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a count of the selection sets the limits look at
    walked: list[object] = []
    original = limits._Costs.of

    def counting(self: limits._Costs, selections: object, meta: bool = False) -> limits.Cost:
        walked.append(selections)
        return original(self, selections, meta)  # type: ignore[arg-type]

    monkeypatch.setattr(limits._Costs, "of", counting)

    # when a 60-level fan-out is checked
    errors = RequestLimits(max_depth=12, max_aliases=30, max_complexity=200).check(parse(fan_out(60)))

    # then each of its 63 selection sets (two in the operation, 61 fragments) was walked once, not 2**60 times
    assert [error.original_error.code for error in errors] == ["KT-CT-1188"]  # type: ignore[union-attr]
    assert len(walked) == 63


def test_an_unused_fragment_is_refused_before_it_is_validated(gql: GraphQL) -> None:
    # given an unused fragment that graphql's overlap rule would compare field by field with itself
    many = " ".join(["viewer{id}"] * 1000)
    body = gql(f"{{__typename}} fragment Unused on Query {{{many}}}")

    # then the document is refused for the unused fragment, whose fields were never compared
    assert body["data"] is None
    assert [error["message"] for error in body["errors"]] == ["Fragment 'Unused' is never used."]


def test_the_schema_download_still_works(gql: GraphQL) -> None:
    # GraphiQL's introspection query nests deeper than the depth limit and selects over 200 fields.
    body = gql(get_introspection_query(descriptions=True, input_value_deprecation=True))
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_probes_are_answered_while_costly_documents_are_read(settings: Settings, tmp_path: Path) -> None:
    # given a real server, and documents that each take long to parse or validate
    costly = [
        fan_out(39),
        fan_out(18, "__typename"),
        "{" + " ".join(["viewer{id}"] * 1200) + "}",  # 4,800 tokens of overlapping fields
        "{" + " ".join(["__typename"] * 4990) + "}",  # just under the token limit
    ]
    with kraken_serve(settings, tmp_path / "serve.log") as url, httpx.Client(timeout=60) as attacker:
        endpoint = f"{url}/v1/graphql/"
        stop = threading.Event()
        refused: list[int] = []

        def attack() -> None:
            # Every document is new to the server (a comment makes the text differ), so none is cached.
            n = 0
            while not stop.is_set():
                for document in costly:
                    n += 1
                    answer = attacker.post(endpoint, json={"query": f"# {n}\n{document}"})
                    refused.append(answer.status_code)

        attackers = [threading.Thread(target=attack) for _ in range(2)]
        for thread in attackers:
            thread.start()
        # The latencies are timed in this process, whose heap holds everything the test session has
        # built: one collection of it (0.6 s with a few million objects, measured) would be charged to
        # the server. Reference counting still frees what the probes leave behind.
        gc.disable()
        try:
            # when probes are sent meanwhile
            latencies = []
            with httpx.Client(timeout=10) as prober:
                time.sleep(0.5)
                deadline = time.monotonic() + 6
                while time.monotonic() < deadline:
                    started = time.perf_counter()
                    answer = prober.post(endpoint, json={"query": "{ __typename }"})
                    latencies.append(time.perf_counter() - started)
                    assert answer.json() == {"data": {"__typename": "Query"}}
                    time.sleep(0.02)
        finally:
            gc.enable()
            stop.set()
            for thread in attackers:
                thread.join()

    # then every probe was answered within 100 ms while the costly documents kept arriving
    assert len(refused) >= len(costly)
    assert set(refused) == {200}
    assert len(latencies) > 20
    assert max(latencies) < 0.1, sorted(latencies)[-10:]
