"""The fuzzer: generated requests against the API and the auth server, every answer classified.

Requests are GraphQL documents generated from both schemas by hypothesis-graphql (valid ones and
ones with one schema violation each), operations on every mutation with generated variables,
and malformed bodies; each is sent with or without the viewer's token (or a forged one) and now
and then with `X-Possible-Errors`. An answer is sound when it is JSON, not a 5xx, leaks no
exception text, came within 5 s, and every error in it carries a Kraken code or is a GraphQL
parse or validation error (errorType VALIDATION, raised before execution so without a path).

The test suite runs it in-process, derandomised; `kraken fuzz` runs the long hunt against a server.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from functools import partial
from typing import Any

import hypothesis
import hypothesis_graphql
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
)
from hypothesis import strategies as st
from hypothesis_graphql import nodes

SLOW_SECONDS = 5.0
CLASSES = ("sound", "http_5xx", "not_json", "leak", "uncoded_error", "slow")
KRAKEN_CODE = re.compile(r"^KT-[A-Z]{2}-\d{4,5}$")
# Python's own words in an answer: a traceback, a source file, an exception's class, a driver.
_LEAK = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\.py\"|\b[A-Z][A-Za-z]+(?:Error|Exception)\b|psycopg|sqlite3"
    r"|eventsourcing|dramatiq|msgspec|strawberry\."
)


@dataclass(frozen=True)
class Request:
    path: str
    body: bytes
    content_type: str = "application/json"
    token: str = "none"  # none | valid | jwt-scheme | garbage | forged
    possible_errors: bool = False

    def describe(self) -> str:
        extra = " X-Possible-Errors" if self.possible_errors else ""
        return f"POST {self.path} token={self.token}{extra} {self.body[:300]!r}"


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    text: str
    seconds: float


@dataclass
class Tally:
    requests: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    slowest: float = 0.0

    def add(self, request: Request, answer: Answer, allowed_names: frozenset[str]) -> None:
        self.requests += 1
        self.slowest = max(self.slowest, answer.seconds)
        found = classify(answer, allowed_names)
        for kind, evidence in found or [("sound", "")]:
            self.counts[kind] += 1
            if kind != "sound" and len(self.examples.setdefault(kind, [])) < 5:
                self.examples[kind].append(f"{request.describe()}\n  -> {answer.status} {evidence[:600]}")

    @property
    def faults(self) -> int:
        return sum(count for kind, count in self.counts.items() if kind != "sound")

    def render(self) -> str:
        lines = [f"{self.requests} requests, slowest answer {self.slowest:.2f} s"]
        lines += [f"  {kind:14s} {self.counts.get(kind, 0)}" for kind in CLASSES]
        for kind, examples in self.examples.items():
            lines.append(f"{kind}, first examples:")
            lines += [f"  {example}" for example in examples]
        return "\n".join(lines)


def classify(answer: Answer, allowed_names: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """What is wrong with an answer, each with the part of it that shows it; empty when it is sound."""
    found = []
    if answer.status >= 500:
        found.append(("http_5xx", answer.text))
    if answer.seconds > SLOW_SECONDS:
        found.append(("slow", f"{answer.seconds:.1f} s"))
    leaks = {word for word in _LEAK.findall(answer.text) if word not in allowed_names}
    if leaks:
        found.append(("leak", f"{sorted(leaks)} in {answer.text}"))
    try:
        body = json.loads(answer.text)
    except ValueError:
        body = None
    if not answer.content_type.startswith("application/json") or not isinstance(body, dict):
        return [*found, ("not_json", f"{answer.content_type}: {answer.text}")]
    for error in body.get("errors") or []:
        extensions = (error.get("extensions") or {}) if isinstance(error, dict) else {}
        code = extensions.get("errorCode")
        coded = isinstance(code, str) and KRAKEN_CODE.match(code)
        graphql_own = extensions.get("errorType") == "VALIDATION" and "path" not in error
        if not (coded or graphql_own):
            found.append(("uncoded_error", json.dumps(error)))
            break
    return found


# What to send -----------------------------------------------------------------------------------


_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.sampled_from([0, 1, -1, 2**31 - 1, 2**31, -(2**31) - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["", " ", "A-00000001", "L-00000001", "2026-01-15", "\x00", "😀", "x" * 300]),
)

CUSTOM_SCALARS = {
    "BigInt": st.integers(min_value=-(2**70), max_value=2**70).map(nodes.Int),
    "Date": st.one_of(st.dates().map(nodes.String), st.text(max_size=12).map(nodes.String)),
    "DateTime": st.one_of(
        st.datetimes(timezones=st.just(UTC)).map(lambda moment: nodes.String(moment.isoformat())),
        st.text(max_size=30).map(nodes.String),
    ),
    "GenericScalar": st.one_of(st.integers().map(nodes.Int), st.text(max_size=20).map(nodes.String)),
    "JSONString": st.one_of(
        st.dictionaries(st.text(max_size=8), st.integers(), max_size=3).map(lambda d: nodes.String(json.dumps(d))),
        st.text(max_size=20).map(nodes.String),
    ),
    "NonEmptyID": st.text(max_size=20).map(nodes.String),
}


def _value(kind: GraphQLInputType, depth: int = 0) -> st.SearchStrategy[Any]:
    """A JSON value for an input type: often of the right shape, sometimes of any other."""
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type, depth)
    anything = _JSON_SCALARS
    if depth > 4:
        return anything
    if isinstance(kind, GraphQLList):
        return st.one_of(st.lists(_value(kind.of_type, depth + 1), max_size=3), anything)
    if isinstance(kind, GraphQLEnumType):
        return st.one_of(st.sampled_from(list(kind.values)), anything)
    if isinstance(kind, GraphQLInputObjectType):
        fields = {name: _value(f.type, depth + 1) for name, f in kind.fields.items()}
        shaped = st.fixed_dictionaries({}, optional=fields)
        return st.one_of(shaped, shaped, anything)
    if isinstance(kind, GraphQLScalarType) and kind.name in ("Int", "BigInt"):
        return st.one_of(st.integers(min_value=-(2**40), max_value=2**40), anything)
    return anything


def _with_variables(schema: GraphQLSchema) -> st.SearchStrategy[bytes]:
    """Every mutation (and query) with arguments, its arguments sent as generated variables."""
    operations = []
    for root, keyword in ((schema.mutation_type, "mutation"), (schema.query_type, "query")):
        for name, definition in (root.fields if root else {}).items():
            if not definition.args:
                continue
            declared = ", ".join(f"${arg}: {kind.type}" for arg, kind in definition.args.items())
            passed = ", ".join(f"{arg}: ${arg}" for arg in definition.args)
            document = f"{keyword}({declared}) {{ {name}({passed}) {{ __typename }} }}"
            variables = st.fixed_dictionaries({arg: _value(kind.type) for arg, kind in definition.args.items()})
            operations.append(variables.map(partial(_encoded, document)))
    return st.one_of(operations)


def _encoded(document: str, variables: dict[str, Any]) -> bytes:
    return json.dumps({"query": document, "variables": variables}).encode()


def _documents(schema: GraphQLSchema) -> st.SearchStrategy[bytes]:
    generated: st.SearchStrategy[Any] = st.one_of(
        *(
            hypothesis_graphql.from_schema(schema, custom_scalars=CUSTOM_SCALARS, mode=mode)
            for mode in (hypothesis_graphql.Mode.POSITIVE, hypothesis_graphql.Mode.NEGATIVE)
        )
    )
    return generated.map(lambda document: json.dumps({"query": str(document)}).encode())


_MALFORMED = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(
        [
            b'{"query":"{__typename}\xfa"}',
            b'{"query":"{__typename}","variables":{"a":' + b"[" * 1200 + b"]" * 1200 + b"}}",
            b'{"query":"{__typename}","variables":{"a":"\\ud800"}}',
            b'[{"query":"{__typename}"},{"query":"{__typename}"}]',
            b'{"query":"{__typename}","variables":[]}',
            b'{"query":12}',
            b"null",
            b'{"query":"' + b"{" * 3000 + b'"}',
            b'{"query":"{__typename}","operationName":{"a":1}}',
        ]
    ),
    st.recursive(_JSON_SCALARS, lambda inner: st.lists(inner) | st.dictionaries(st.text(max_size=8), inner)).map(
        lambda value: json.dumps({"query": value}).encode()
    ),
)


def requests(api: GraphQLSchema, auth: GraphQLSchema) -> st.SearchStrategy[Request]:
    bodies = st.one_of(
        st.tuples(st.just("/v1/graphql/"), st.one_of(_documents(api), _with_variables(api))),
        st.tuples(st.just("/graphql/"), st.one_of(_documents(auth), _with_variables(auth))),
        st.tuples(st.sampled_from(["/v1/graphql/", "/graphql/"]), _MALFORMED),
    )
    return st.builds(
        lambda chosen, content_type, token, header: Request(chosen[0], chosen[1], content_type, token, header),
        bodies,
        st.sampled_from(["application/json"] * 8 + ["text/plain", "application/json; charset=latin-1"]),
        st.sampled_from(["none", "valid", "valid", "jwt-scheme", "garbage", "forged"]),
        st.sampled_from([False] * 9 + [True]),
    )


def forged(token: str) -> str:
    """The same claims under `alg: none`: a server that took it would let anyone be anyone."""
    _, claims, _ = token.split(".")
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    return f"{header}.{claims}."


def authorization(kind: str, token: str) -> str | None:
    return {
        "none": None,
        "valid": token,
        "jwt-scheme": f"JWT {token}",
        "garbage": "JWT not.a.token",
        "forged": forged(token) if token.count(".") == 2 else "x",
    }[kind]


def allowed_names(*schemas: GraphQLSchema) -> frozenset[str]:
    """Type names of the schemas: validation messages may name them, and some end in "Error"."""
    return frozenset(name for schema in schemas for name in schema.type_map)


def run(
    send: Callable[[Request], Answer],
    api: GraphQLSchema,
    auth: GraphQLSchema,
    count: int,
    derandomize: bool,
    progress: Callable[[Tally], None] | None = None,
    seconds: float | None = None,
) -> Tally:
    """Sends `count` generated requests through `send` and classifies every answer.

    With `seconds`, it goes on in rounds of `count` (each freshly random) until that time is up.
    """
    tally = Tally()
    names = allowed_names(api, auth)
    strategy = requests(api, auth)

    @hypothesis.settings(
        max_examples=count,
        database=None,
        derandomize=derandomize,
        deadline=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(strategy)
    def one(request: Request) -> None:
        tally.add(request, send(request), names)
        if progress is not None and tally.requests % 500 == 0:
            progress(tally)

    until = None if seconds is None else time.monotonic() + seconds
    one()
    while until is not None and time.monotonic() < until:
        one()
    return tally


def sender(
    post: Callable[[str, bytes, dict[str, str]], tuple[int, str, str]], login: Callable[[], str]
) -> Callable[[Request], Answer]:
    """Sends a request through `post(path, body, headers)` with the headers it asks for, timing the
    answer; the viewer's token comes from `login`, again whenever a generated mutation revoked it."""
    token = [login()]

    def send(request: Request) -> Answer:
        headers = {"content-type": request.content_type}
        if (value := authorization(request.token, token[0])) is not None:
            headers["Authorization"] = value
        if request.possible_errors:
            headers["X-Possible-Errors"] = "true"
        started = time.perf_counter()
        status, content_type, text = post(request.path, request.body, headers)
        answer = Answer(status, content_type, text, time.perf_counter() - started)
        if request.token == "valid" and ("KT-CT-1124" in text or "KT-CT-1111" in text):
            token[0] = login()
        return answer

    return send
