"""Every string input of every mutation is bounded, and refused over its bound with the mutation's code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    is_non_null_type,
)
from litestar.testing import TestClient

from api.app import API_PATH, AUTH_PATH
from api.mutation import MUTATIONS
from api.request_body import MAX_STRING_LENGTH
from api.schema import api_schema, auth_schema
from domain.identity.indexes import normalise_email
from domain.payments.ledger import main_ledger_number
from ops import runtime
from settings import Settings
from tests.api.identity.erasing import staff_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.collecting import direct_debit
from tests.api.sample_operations import sample
from tests.helpers import GraphQL, error_codes

SCHEMAS: dict[str, GraphQLSchema] = {
    API_PATH: api_schema(Settings())._schema,
    AUTH_PATH: auth_schema(Settings())._schema,
}
# A JSONString is bounded by the length of its JSON text, like a string.
TEXT_SCALARS = {"String", "ID", "NonEmptyID", "JSONString"}
HUNDRED_KB = 100 * 1024

# Not-found codes that Kraken's error pages type APPLICATION: an id of any length that names nothing
# reaches the mutation and is answered with one of them.
NAMES_NOTHING = frozenset({"KT-CT-9603"})


def strings_in(kind: GraphQLInputType, path: tuple[str, ...], seen: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """The path of every String or ID an input type can hold, and of every list ("[]" for its items)."""
    if isinstance(kind, GraphQLNonNull):
        yield from strings_in(kind.of_type, path, seen)
    elif isinstance(kind, GraphQLList):
        yield path
        yield from strings_in(kind.of_type, (*path, "[]"), seen)
    elif isinstance(kind, GraphQLInputObjectType) and kind.name not in seen:
        for name, field in kind.fields.items():
            yield from strings_in(field.type, (*path, name), seen | {kind.name})
    elif isinstance(kind, GraphQLScalarType) and kind.name in TEXT_SCALARS:
        yield path


def string_inputs() -> dict[str, tuple[str, list[tuple[str, ...]]]]:
    """For each mutation that takes strings or lists: its server and their paths, from the schema."""
    found: dict[str, tuple[str, list[tuple[str, ...]]]] = {}
    for server, schema in SCHEMAS.items():
        assert schema.mutation_type is not None
        for name, field in schema.mutation_type.fields.items():
            paths = [
                path
                for argument, spec in field.args.items()
                for path in strings_in(spec.type, (argument,), frozenset())
            ]
            if name in MUTATIONS and paths:
                found[name] = (server, paths)
    return found


STRING_INPUTS = string_inputs()


def unwrapped(kind: Any) -> Any:
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    return kind


def kind_at(server: str, name: str, path: tuple[str, ...]) -> Any:
    """The GraphQL type of what `path` names in the arguments of `name`."""
    mutation = SCHEMAS[server].mutation_type
    assert mutation is not None
    kind: Any = mutation.fields[name].args[path[0]].type
    for step in path[1:]:
        kind = unwrapped(kind).fields[step].type if step != "[]" else unwrapped(kind)
    return kind


def call(server: str, name: str, path: tuple[str, ...], value: Any) -> tuple[str, dict[str, Any]]:
    """A document calling `name` with minimal arguments and `value` at `path` (with whatever holds it)."""
    mutation = SCHEMAS[server].mutation_type
    assert mutation is not None
    field = mutation.fields[name]
    variables = {argument: sample(spec.type) for argument, spec in field.args.items() if is_non_null_type(spec.type)}
    holder: Any = variables
    for depth, step in enumerate(path[:-1]):
        if step == "[]":
            holder = holder[0]
            continue
        if holder.get(step) is None:
            holder[step] = sample(kind_at(server, name, path[: depth + 1]))
        holder = holder[step]
    if path[-1] == "[]":
        holder[0] = value
    else:
        holder[path[-1]] = value
    declared = ", ".join(f"${argument}: {spec.type}" for argument, spec in field.args.items())
    passed = ", ".join(f"{argument}: ${argument}" for argument in field.args)
    return f"mutation Bounded({declared}) {{ {name}({passed}) {{ __typename }} }}", variables


def json_of_length(length: int) -> list[str]:
    """A list of strings whose compact JSON text is `length` characters, none of them a long string."""
    items: list[str] = []
    written = 2  # the brackets
    while True:
        comma = 1 if items else 0
        room = length - written - comma - 2  # what the next item's text may take, between its quotes
        if room < 1000:
            items.append("x" * room)
            return items
        items.append("x" * 999)
        written += comma + 1001


def length_refusals(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        problem
        for error in body.get("errors", [])
        for problem in error["extensions"].get("validationErrors", [])
        if problem["code"] == "max_length"
    ]


@pytest.mark.parametrize("name", sorted(STRING_INPUTS))
def test_each_string_one_over_its_bound_is_refused_with_the_mutation_s_code_and_one_at_it_is_not(
    client: TestClient, contexts: runtime.Contexts, customer: dict[str, str], name: str
) -> None:
    # given the bound each field declares (a field with none fails here, or already when the schema is built)
    spec = MUTATIONS[name]
    assert spec.bounds is not None and spec.invalid is not None
    server, paths = STRING_INPUTS[name]
    limits = spec.bounds.limits()
    gql = GraphQL(client, server)
    token = token_for(contexts, customer["email"]) if spec.auth else None
    if spec.staff:
        token = staff_token(contexts)
    wrong: list[str] = []

    for path in paths:
        field = f"{name} {'.'.join(path)}"
        limit = limits.get(path)
        if limit is None:
            wrong.append(f"{field}: no bound")
            continue
        if limit.chars is not None and limit.chars >= MAX_STRING_LENGTH:
            # Only JSON may be bounded beyond what one string of a request may hold: sent as a list.
            assert unwrapped(kind_at(server, name, path)).name == "JSONString", field
            over, at, bound = json_of_length(limit.chars + 1), json_of_length(limit.chars), limit.chars
        elif limit.chars is not None:
            over, at, bound = "x" * (limit.chars + 1), "x" * limit.chars, limit.chars
        else:
            assert limit.items is not None
            item = sample(unwrapped(kind_at(server, name, path)))
            over, at, bound = [item] * (limit.items + 1), [item] * limit.items, limit.items

        # when a string is one character too long (or a list one item too long)
        body = gql(*call(server, name, path, over), token=token)

        # then the gate refuses it with the mutation's code, naming the field (the first item of a list) and its bound
        refusals = length_refusals(body)
        named = ["0" if step == "[]" else step for step in path]
        if (
            (body["data"] or {}).get(name) is not None
            or error_codes(body) != [spec.invalid.code]
            or [refusal["inputPath"] for refusal in refusals] != [named]
            or str(bound) not in refusals[0]["message"]
            or ".".join(named) not in body["errors"][0]["extensions"]["errorDescription"]
        ):
            wrong.append(f"{field}: {bound + 1} is not refused as too long: {body}")

        # when it is exactly as long as the bound
        body = gql(*call(server, name, path, at), token=token)

        # then it reaches the mutation: whatever it answers, it is not a length refusal or a crash
        if length_refusals(body) or any(
            e["extensions"]["errorType"] == "APPLICATION" and e["extensions"]["errorCode"] not in NAMES_NOTHING
            for e in body.get("errors", [])
        ):
            wrong.append(f"{field}: {bound} is refused: {body}")

    assert wrong == []


def test_every_mutation_that_takes_strings_names_the_code_that_refuses_them() -> None:
    assert STRING_INPUTS
    for name, spec in MUTATIONS.items():
        assert (spec.invalid is not None) == (name in STRING_INPUTS), name
        if spec.invalid is not None:
            assert spec.invalid in spec.errors, name


COLLECT = """
mutation {
  collectPayment(input: {
    accountNumber: "%(account)s", amount: 2500, paymentDate: "2026-01-15", collectionMethod: DIRECT_DEBIT,
    ledgerNumber: "%(ledger)s", description: "%(description)s", idempotencyKey: "%(key)s"
  }) { payment { id } }
}
"""


def test_a_100_kb_collect_payment_description_and_idempotency_key_are_refused_and_nothing_is_stored(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given a ledger with a direct debit, so that an ordinary request would be stored and collected
    catch_up()
    ledger = main_ledger_number(customer["account_number"])
    direct_debit(contexts, customer, ledger)
    token = token_for(contexts, customer["email"])
    before = {name: app.recorder.max_notification_id() for name, app in vars(contexts).items() if name != "read"}
    # The values are written into the document: the HTTP layer's own cap on variables does not reach there.
    huge = {"account": customer["account_number"], "ledger": ledger, "description": "d" * HUNDRED_KB}

    # when
    body = gql(COLLECT % (huge | {"key": "k" * HUNDRED_KB}), token=token)

    # then
    assert body["data"] == {"collectPayment": None}, body
    assert error_codes(body) == ["KT-CT-3932"]
    assert [refusal["inputPath"] for refusal in length_refusals(body)] == [
        ["input", "description"],
        ["input", "idempotencyKey"],
    ]
    catch_up()
    assert {name: app.recorder.max_notification_id() for name, app in vars(contexts).items() if name != "read"} == (
        before
    )
    # and the same request with ordinary values is stored
    ordinary = gql(COLLECT % (huge | {"description": "Top up", "key": "top-up-1"}), token=token)
    assert ordinary["data"]["collectPayment"]["payment"]["id"], ordinary


LOGIN = """
mutation { obtainKrakenToken(input: {email: "%(email)s", password: "%(password)s"}) { token } }
"""


def test_a_100_kb_email_is_refused_at_login_without_counting_a_failed_login(
    gql: GraphQL, settings: Settings, contexts: runtime.Contexts, customer: dict[str, str]
) -> None:
    # given an email of 100 KB, sent more often than the throttle allows failed logins from one client
    email = "a" * HUNDRED_KB + "@example.com"
    for _ in range(settings.client_login_attempts + 1):
        # when
        body = gql(LOGIN % {"email": email, "password": "not the password"})

        # then
        assert body["data"] == {"obtainKrakenToken": None}, body
        assert error_codes(body) == ["KT-CT-1138"]
        assert [refusal["inputPath"] for refusal in length_refusals(body)] == [["input", "email"]]

    # then no failure was counted, for that email or for the client, and the customer still logs in
    counted = contexts.identity.throttle.failures(
        [f"email:{normalise_email(email)}", "client:testclient"], settings.login_window_seconds
    )
    assert not any(counted.values())
    body = gql(LOGIN % {"email": customer["email"], "password": customer["password"]})
    assert body["data"]["obtainKrakenToken"]["token"], body
