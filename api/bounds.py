"""How long each string input of a mutation may be, and the check of it that the gate runs.

Every String and ID input field (nested, in lists, or a bare argument) declares its bound as
metadata next to its type: `strawberry.field(..., metadata=EMAIL)`, or
`Annotated[str, strawberry.argument(metadata=TOKEN)]` for an argument. A list declares how many
items it may hold as well (`bounded(100, items=10)`). The numbers below fit what each value means
and leave room above the formats the domain accepts, so that the domain's own rules (with their
own messages) still decide everything a well-behaved client can send. Building the schema fails
for an implemented mutation with a string or a list that has no bound, so none can be forgotten.

The check walks the arguments once, visiting each value at most once, and does not descend into
a list that is too long: it takes time linear in the input, and `len` of a string is constant.
"""

from __future__ import annotations

import datetime
import decimal
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import strawberry
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.utils.str_converters import to_camel_case

from api.scalars import BigInt, GenericScalar, JSONString, MalformedJSON, NonEmptyID
from domain.shared.errors import FieldProblem

# Django's (and so Kraken's) code for a value longer than its field allows.
MAX_LENGTH = "max_length"
_KEY = "kraken.bound"


@dataclass(frozen=True, slots=True)
class Bound:
    """The longest string a field takes (each item's, for a list of strings) and, for a list, its most items."""

    chars: int | None = None
    items: int | None = None


def bounded(chars: int | None = None, *, items: int | None = None) -> Mapping[str, Bound]:
    """Field or argument metadata declaring its bound."""
    return MappingProxyType({_KEY: Bound(chars, items)})


# Kraken account numbers are "A-" and eight characters; other deployments use longer ones.
ACCOUNT_NUMBER = bounded(32)
# Ledger numbers are "L-" and eight characters.
LEDGER_NUMBER = bounded(32)
# Ledgers, payments, schedules, instructions, billing documents and repayment requests have
# integer ids below 2**31 (ten digits), sent as ID or String; room for a sign and spaces.
ENTITY_ID = bounded(32)
# A user id is a UUID (36 characters); in a reset link it is base64 of one (48), which the domain
# refuses beyond 64.
USER_ID = bounded(64)
# RFC 5321 §4.5.3.1.3: a path is at most 256 octets including its angle brackets.
EMAIL = bounded(254)
# NIST SP 800-63B asks verifiers to accept at least 64 characters; argon2 hashes a longer password
# at little extra cost, but a request must not make it hash megabytes.
PASSWORD = bounded(1024)
# Pre-signed keys, reset tokens and LINE link tokens are an id and a MAC (about 80 characters);
# the domain refuses them beyond 128. API keys, organisation keys and masquerade tokens are a
# prefix and 43 characters of base64.
TOKEN = bounded(128)
# Refresh tokens are signed JWTs of a handful of claims: about 400 characters.
REFRESH_TOKEN = bounded(1024)
# MFA codes are six digits; room for a space or a dash between the halves, as authenticator apps show them.
MFA_CODE = bounded(16)
# Relay's clientMutationId is echoed back, never interpreted: a UUID or a counter in practice.
CLIENT_MUTATION_ID = bounded(255)
# Given and family names: the domain accepts 1 to 150 printable characters.
NAME = bounded(150)
# A full name is a given name, a space and a family name.
FULL_NAME = bounded(301)
# The domain's limits for these details: a courtesy title ("Dr") and how to address the user.
TITLE = bounded(20)
PRONOUNS = bounded(50)
# E.164 numbers have at most 15 digits; the domain accepts them written with "+", spaces,
# brackets and dashes up to 24 characters.
PHONE = bounded(24)
# Address lines in GB are at most a few dozen characters; 255 leaves room for any country's.
ADDRESS_LINE = bounded(255)
# A free-text street address: a few lines of ADDRESS_LINE, newline-separated.
STREET_ADDRESS = bounded(1024)
# A structured street address: a handful of named parts, written as JSON.
STRUCTURED_ADDRESS = bounded(2048)
# Kraken takes billing emails of up to 512 characters; the domain refuses longer ones with its own code.
BILLING_EMAIL = bounded(1024)
# The longest postcodes (a US ZIP+4 is 10 characters) with room for stray spaces.
POSTCODE = bounded(16)
# What a customer or an agent writes about a payment or a repayment, for audit.
DESCRIPTION = bounded(500)
# Stripe and most payment APIs take idempotency keys of up to 255 characters.
IDEMPOTENCY_KEY = bounded(255)
# Where to send the customer back: 2048 characters is what browsers and CDNs reliably carry.
URL = bounded(2048)
# A payment provider's reference for a stored payment method (a card or mandate id).
VENDOR_REFERENCE = bounded(255)
# An IBAN has at most 34 characters, written in groups of four (seven spaces more); a domestic
# account number is shorter.
BANK_ACCOUNT = bounded(42)
# A sort code is six digits ("12-34-56"); a bank or branch code (a BIC has 11 characters) no longer than 16.
BANK_CODE = bounded(16)
# BankDetailsInput.accountType names who owns the account (PERSONAL, BUSINESS, ...).
BANK_ACCOUNT_TYPE = bounded(32)
# FCM registration tokens are about 160 characters and APNs device tokens 64 hex digits (Apple
# allows for longer ones): room for either, not for a request's worth.
PUSH_TOKEN = bounded(1024)
# Apple bundle IDs are at most 155 characters; Android package names are shorter in practice.
BUNDLE_ID = bounded(255)
# The internal codes of the Priority Services Register catalogue are short camelCase names.
PSR_CODE = bounded(64)

# Metadata: a key names one setting, its value a small JSON document (the domain keeps it to 4096
# characters of compact JSON; room here for the same document written out with indentation).
METADATA_KEY = bounded(255)
METADATA_VALUE = bounded(8192)
# What an account or a user is called by an integration: an account number or a user id.
METADATA_IDENTIFIER = bounded(64)
# An account reference's namespace and value; the domain's own limits are 64 and 128.
REFERENCE_NAMESPACE = bounded(255)
REFERENCE_VALUE = bounded(255)

# What a customer writes in answer to a survey question.
FEEDBACK_ANSWER = bounded(2000)
# A form's JSON content, as a safety net: each form type's own rules (domain/accounts/forms.py)
# answer far smaller contents in the payload's errors, as a form expects.
FORM_CONTENT = bounded(64_000)
# A backend screen event's id and its parameters: names and short values, a handful of them.
SCREEN_EVENT_ID = bounded(100)
SCREEN_PARAMS = bounded(items=20)
SCREEN_PARAM_KEY = bounded(100)
SCREEN_PARAM_VALUE = bounded(1000)

_TEXT = (str, strawberry.ID, NonEmptyID)
# Scalars carrying any JSON: bounded by the length of their JSON text.
_JSON = (JSONString, GenericScalar)
# Scalars whose values are bounded by their type: nothing to declare.
_FIXED_SIZE = (int, float, bool, decimal.Decimal, datetime.date, datetime.datetime, datetime.time, BigInt)


@dataclass(frozen=True, slots=True)
class _Text:
    limit: int


@dataclass(frozen=True, slots=True)
class _Json:
    limit: int


@dataclass(frozen=True, slots=True)
class _List:
    limit: int
    item: _Node | None


@dataclass(slots=True)
class _Input:
    # Filled after the node is memoised, so that an input type that holds itself is walked, not expanded.
    fields: list[tuple[str, str, _Node]] = field(default_factory=list)


_Node = _Text | _Json | _List | _Input


class InputBounds:
    """The bounds of one mutation's arguments, and the check of a call's values against them."""

    def __init__(self, arguments: list[tuple[str, str, _Node]]) -> None:
        self._arguments = arguments

    @classmethod
    def of(cls, mutation: str, arguments: list[StrawberryArgument]) -> InputBounds:
        """The bounds the arguments declare; TypeError for a string or list that declares none."""
        inputs: dict[Any, _Input] = {}
        planned = []
        for argument in arguments:
            name = argument.graphql_name or to_camel_case(argument.python_name)
            node = _node(argument.type, _declared(argument.metadata), f"{mutation}({name})", inputs)
            if node is not None:
                planned.append((argument.python_name, name, node))
        return cls(planned)

    def __bool__(self) -> bool:
        return bool(self._arguments)

    def limits(self) -> dict[tuple[str, ...], Bound]:
        """Every bounded path (GraphQL names; a list's items under "[]"): for tests and documentation."""
        found: dict[tuple[str, ...], Bound] = {}
        for _, name, node in self._arguments:
            _limits(node, (name,), found, set())
        return found

    def problems(self, values: Mapping[str, Any]) -> list[FieldProblem]:
        """One problem per value over its bound, naming its input path (e.g. input.email) and the bound."""
        found: list[FieldProblem] = []
        for python_name, name, node in self._arguments:
            _check(values.get(python_name), node, (name,), found)
        return found


def describe(problems: list[FieldProblem]) -> str:
    return "Too long: " + "; ".join(f"{'.'.join(p.path)}: {p.message}" for p in problems)


def _declared(metadata: Mapping[str, Any] | None) -> Bound | None:
    bound = (metadata or {}).get(_KEY)
    return bound if isinstance(bound, Bound) else None


def _node(kind: Any, bound: Bound | None, where: str, inputs: dict[Any, _Input]) -> _Node | None:
    if isinstance(kind, StrawberryOptional):
        return _node(kind.of_type, bound, where, inputs)
    if isinstance(kind, StrawberryList):
        if bound is None or bound.items is None:
            raise TypeError(f"{where} is a list without a bound on its items: declare bounded(..., items=N)")
        return _List(bound.items, _node(kind.of_type, Bound(bound.chars), f"{where}[]", inputs))
    if kind in _TEXT:
        if bound is None or bound.chars is None:
            raise TypeError(f"{where} is a string without a length bound: declare its metadata (api/bounds.py)")
        return _Text(bound.chars)
    if kind in _JSON:
        if bound is None or bound.chars is None:
            raise TypeError(f"{where} carries JSON without a length bound: declare its metadata (api/bounds.py)")
        return _Json(bound.chars)
    if kind in _FIXED_SIZE or isinstance(kind, StrawberryEnumDefinition):
        return None
    definition = get_object_definition(kind)
    if definition is None or not definition.is_input:
        raise TypeError(f"{where} has a type whose size api/bounds.py cannot bound: {kind!r}")
    known = inputs.get(kind)
    if known is not None:
        return known
    node = inputs[kind] = _Input()
    for child in definition.fields:
        name = child.graphql_name or to_camel_case(child.python_name)
        planned = _node(child.type, _declared(child.metadata), f"{where}.{name}", inputs)
        if planned is not None:
            node.fields.append((child.python_name, name, planned))
    return node if node.fields else None


def _limits(node: _Node, path: tuple[str, ...], found: dict[tuple[str, ...], Bound], walking: set[int]) -> None:
    if isinstance(node, _Text | _Json):
        found[path] = Bound(node.limit)
    elif isinstance(node, _List):
        found[path] = Bound(items=node.limit)
        if node.item is not None:
            _limits(node.item, (*path, "[]"), found, walking)
    elif id(node) not in walking:
        walking.add(id(node))
        for _, name, child in node.fields:
            _limits(child, (*path, name), found, walking)
        walking.discard(id(node))


def _check(value: Any, node: _Node, path: tuple[str, ...], found: list[FieldProblem]) -> None:
    if value is None or value is strawberry.UNSET:
        return
    if isinstance(node, _Text):
        if isinstance(value, str) and len(value) > node.limit:
            found.append(
                FieldProblem(
                    MAX_LENGTH, f"Ensure this value has at most {node.limit} characters (it has {len(value)}).", path
                )
            )
    elif isinstance(node, _Json):
        size = _json_size(value)
        if size > node.limit:
            found.append(
                FieldProblem(
                    MAX_LENGTH, f"Ensure this value has at most {node.limit} characters (it has {size}).", path
                )
            )
    elif isinstance(node, _List):
        if len(value) > node.limit:
            found.append(
                FieldProblem(
                    MAX_LENGTH, f"Ensure this list has at most {node.limit} items (it has {len(value)}).", path
                )
            )
        elif node.item is not None:
            for index, item in enumerate(value):
                _check(item, node.item, (*path, str(index)), found)
    else:
        for python_name, name, child in node.fields:
            _check(getattr(value, python_name, None), child, (*path, name), found)


def _json_size(value: Any) -> int:
    """The length of the value's JSON text (it arrives parsed); what cannot be written back counts as too long."""
    if isinstance(value, MalformedJSON):
        return len(value.text)
    try:
        return len(value if isinstance(value, str) else json.dumps(value, separators=(",", ":")))
    except (TypeError, ValueError, RecursionError):
        return sys.maxsize
