"""Request limits checked before anything runs (OWASP GraphQL DoS list).

Depth is bounded per operation; aliases and complexity (the number of fields a document selects,
fragments expanded) per document. What the introspection fields `__schema` and `__type` select is
counted apart, with a bound of its own, so that GraphiQL and schema downloads keep working.
Mutations that test a secret (a login) may appear once per request, so aliases or fragments cannot
turn one request into many guesses.

Each fragment's cost is computed once and reused wherever it is spread, so the check takes time
linear in the document even when fragments spread each other many times over (a document of a
few hundred bytes can expand to billions of fields: the expanded count is what is refused).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
)

from domain.shared.catalogue import QueryTooComplex, QueryTooDeep, TooManyAliases, TooManyOperations
from domain.shared.errors import KrakenError

# Mutations that verify a guessable secret (the password ones also cost several argon2 hashes each).
ONCE_PER_REQUEST = frozenset(
    {"obtainKrakenToken", "masqueradeAuthentication", "validateMfaDevice", "verifyIdentity", "verifyIdentityFallback"}
    | {"requestPasswordReset", "resetUserPassword", "resetPassword", "updatePassword", "updateEmailAndPassword"}
)


# Schema downloads (GraphiQL's among them) select deeply into these: what they select is counted
# apart, with a bound of its own. `__typename` is a field like any other.
_INTROSPECTION = frozenset({"__schema", "__type"})
# GraphiQL's own introspection query selects about 250 fields once its fragments are expanded.
MAX_INTROSPECTION_FIELDS = 1000


@dataclass
class Cost:
    """What a selection set costs once expanded: its depth below where it is selected, its fields
    (and, apart, its introspection fields) and aliases, and how often each once-per-request
    mutation is selected at its own level."""

    depth: int = 0
    fields: int = 0
    introspection: int = 0
    aliases: int = 0
    guarded: dict[str, int] = field(default_factory=dict)

    def add(self, other: Cost, deeper: int = 0, guarded: bool = True) -> None:
        self.depth = max(self.depth, other.depth + deeper)
        self.fields += other.fields
        self.introspection += other.introspection
        self.aliases += other.aliases
        if guarded:
            for name, count in other.guarded.items():
                self.guarded[name] = self.guarded.get(name, 0) + count


class _Costs:
    """Memoised costs of one document's selection sets; each fragment is walked once (per kind)."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.known: dict[tuple[str, bool], Cost] = {}
        self.walking: set[tuple[str, bool]] = set()

    def of(self, selections: SelectionSetNode, meta: bool = False) -> Cost:
        cost = Cost()
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                inside = meta or name in _INTROSPECTION
                here = Cost(aliases=int(selection.alias is not None))
                if inside:
                    here.introspection = 1
                else:
                    here.depth, here.fields = 1, 1
                    if name in ONCE_PER_REQUEST:
                        here.guarded[name] = 1
                if selection.selection_set:
                    # What a field selects below it is not at the root: only its own name is guarded.
                    here.add(self.of(selection.selection_set, inside), deeper=0 if inside else 1, guarded=False)
                cost.add(here)
            elif isinstance(selection, InlineFragmentNode):
                cost.add(self.of(selection.selection_set, meta))
            elif isinstance(selection, FragmentSpreadNode):
                cost.add(self.fragment(selection.name.value, meta))
        return cost

    def fragment(self, name: str, meta: bool) -> Cost:
        key = (name, meta)
        known = self.known.get(key)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        # An unknown fragment or a cycle is reported by graphql's own rules; it costs nothing here.
        if definition is None or key in self.walking:
            return Cost()
        self.walking.add(key)
        cost = self.of(definition.selection_set, meta)
        self.walking.discard(key)
        self.known[key] = cost
        return cost

    def reached(self) -> set[str]:
        return {name for name, _ in self.known} | {name for name, _ in self.walking}


class RequestLimits:
    """Checks a parsed document against the limits, in time linear in the document.

    It runs before graphql's own validation, and a document it refuses goes no further: some of
    those rules (overlapping fields above all) take time quadratic in the fields they compare, so
    they only ever see documents whose expanded size is already bounded. For the same reason every
    fragment must be reached from an operation: an unused one would be validated all the same.
    """

    def __init__(self, max_depth: int, max_aliases: int, max_complexity: int) -> None:
        self.max_depth, self.max_aliases, self.max_complexity = max_depth, max_aliases, max_complexity

    def check(self, document: DocumentNode) -> list[GraphQLError]:
        return self.measure(document)[0]

    def measure(self, document: DocumentNode) -> tuple[list[GraphQLError], int]:
        """The refusals, and the document's complexity: the fields it selects once expanded (what
        `__schema`/`__type` select aside), which is also what a request costs from its allowance."""
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        costs = _Costs(fragments)
        errors: list[GraphQLError] = []
        # The whole document counts, whichever operation the request names: all of it is validated.
        total = Cost()
        for operation in operations:
            cost = costs.of(operation.selection_set)
            total.add(cost, guarded=False)
            if cost.depth > self.max_depth:
                errors.append(
                    _refusal(QueryTooDeep(f"Depth {cost.depth} exceeds the limit of {self.max_depth}."), operation)
                )
            if operation.operation.value == "mutation":
                for name, count in cost.guarded.items():
                    if count > 1:
                        message = f"'{name}' may be requested once per request, not {count} times."
                        errors.append(_refusal(TooManyOperations(message), operation))
        first = operations[0] if operations else document
        if total.aliases > self.max_aliases:
            message = f"{total.aliases} aliases exceed the limit of {self.max_aliases}."
            errors.append(_refusal(TooManyAliases(message), first))
        if total.fields > self.max_complexity:
            message = f"Complexity {total.fields} exceeds the limit of {self.max_complexity}."
            errors.append(_refusal(QueryTooComplex(message), first))
        if total.introspection > MAX_INTROSPECTION_FIELDS:
            message = f"{total.introspection} introspection fields exceed the limit of {MAX_INTROSPECTION_FIELDS}."
            errors.append(_refusal(QueryTooComplex(message), first))
        reached = costs.reached()
        errors.extend(
            GraphQLError(f"Fragment '{name}' is never used.", definition)
            for name, definition in fragments.items()
            if name not in reached
        )
        return errors, total.fields


def _refusal(error: KrakenError, node: Node) -> GraphQLError:
    return GraphQLError(error.message, node, original_error=error)
