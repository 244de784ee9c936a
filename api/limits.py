"""Request limits checked at validation time, before anything runs (OWASP GraphQL DoS list).

Depth, aliases and complexity (the number of fields a request selects, fragments expanded) are
bounded per operation; introspection fields are left out so that GraphiQL and schema downloads
keep working. Mutations that test a secret (a login) may appear once per request, so aliases or
fragments cannot turn one request into many guesses.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

from domain.shared.catalogue import QueryTooComplex, QueryTooDeep, TooManyAliases, TooManyOperations
from domain.shared.errors import KrakenError

# Mutations that verify a guessable secret (the password ones also cost several argon2 hashes each).
ONCE_PER_REQUEST = frozenset(
    {"obtainKrakenToken", "masqueradeAuthentication", "validateMfaDevice", "verifyIdentity", "verifyIdentityFallback"}
    | {"requestPasswordReset", "resetUserPassword", "resetPassword", "updatePassword", "updateEmailAndPassword"}
)


class _Tally:
    def __init__(self) -> None:
        self.depth = 0
        self.aliases = 0
        self.fields = 0
        self.guarded: dict[str, int] = {}


def request_limits(max_depth: int, max_aliases: int, max_complexity: int) -> type[ValidationRule]:
    class RequestLimits(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            tally = _Tally()
            self._walk(node.selection_set, 1, tally, frozenset(), node.operation.value == "mutation")
            if tally.depth > max_depth:
                self._refuse(QueryTooDeep(f"Depth {tally.depth} exceeds the limit of {max_depth}."), node)
            if tally.aliases > max_aliases:
                self._refuse(TooManyAliases(f"{tally.aliases} aliases exceed the limit of {max_aliases}."), node)
            if tally.fields > max_complexity:
                self._refuse(QueryTooComplex(f"Complexity {tally.fields} exceeds the limit of {max_complexity}."), node)
            for name, count in tally.guarded.items():
                if count > 1:
                    self._refuse(
                        TooManyOperations(f"'{name}' may be requested once per request, not {count} times."), node
                    )

        def _walk(
            self, selections: SelectionSetNode, depth: int, tally: _Tally, seen: frozenset[str], root: bool
        ) -> None:
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    name = selection.name.value
                    if name.startswith("__"):
                        continue
                    tally.fields += 1
                    tally.aliases += selection.alias is not None
                    tally.depth = max(tally.depth, depth)
                    if root and name in ONCE_PER_REQUEST:
                        tally.guarded[name] = tally.guarded.get(name, 0) + 1
                    if selection.selection_set:
                        self._walk(selection.selection_set, depth + 1, tally, seen, False)
                elif isinstance(selection, InlineFragmentNode):
                    self._walk(selection.selection_set, depth, tally, seen, root)
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self.context.get_fragment(selection.name.value)
                    # A cycle is reported by graphql's own NoFragmentCycles rule; just stop here.
                    if fragment is not None and fragment.name.value not in seen:
                        self._walk(fragment.selection_set, depth, tally, seen | {fragment.name.value}, root)

        def _refuse(self, error: KrakenError, node: OperationDefinitionNode) -> None:
            self.report_error(GraphQLError(error.message, node, original_error=error))

    return RequestLimits
