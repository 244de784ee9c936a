"""Parsing and validating documents: bounded, once per distinct text, and never on the event loop.

Every path that reads a document (execution, and the `X-Possible-Errors` answer) goes through one
`Preparer`, so the token limit and the request limits apply to all of them alike. A document seen
before is answered from the cache on the event loop (a dictionary lookup); a new one is parsed and
validated in a worker thread, a few at a time, so that however costly a stranger's document is,
other requests keep being served meanwhile. What running a document costs from its viewer's points
allowance is worked out with it, and charged once, before execution (api/rate_limits/gate.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import anyio.to_thread
from anyio import CapacityLimiter
from graphql import DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, parse, specified_rules
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from api.limits import RequestLimits
from api.rate_limits import gate
from api.rate_limits.gate import ONE_POINT, Price
from domain.shared import tracing
from domain.shared.errors import KrakenError

# graphql-core's parser stops at this many tokens; with the nesting limit it keeps its own recursion
# (and so every later walk of the document) bounded.
MAX_TOKENS = 5000
MAX_CACHED_LENGTH = 8192
# A client names its operations: a trace keeps this much of a name.
_SPAN_NAME_MAX = 100


@dataclass(frozen=True)
class Prepared:
    """A document, what validating it found, and what running it costs; `document` is None when it
    did not parse."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]
    price: Price = ONE_POINT


class Preparer:
    def __init__(self, schema: GraphQLSchema, limits: RequestLimits, cache_size: int = 512, threads: int = 1) -> None:
        self.schema, self.limits = schema, limits
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Prepared] = OrderedDict()
        # Parsing is CPU-bound: more threads would only contend for the GIL with the event loop
        # and the resolvers' threads, and hand a flood of new documents more of the process.
        self._limiter = CapacityLimiter(threads)

    def prepare_sync(self, query: str) -> Prepared:
        try:
            document = parse(query, max_tokens=MAX_TOKENS)
        except GraphQLError as error:
            return Prepared(None, (error,))
        refused, complexity = self.limits.measure(document)
        if refused:
            return Prepared(document, tuple(refused))
        errors = tuple(validate_document(self.schema, document, tuple(specified_rules)))
        return Prepared(document, errors, gate.price_of(document, complexity))

    async def prepare(self, query: str) -> Prepared:
        cached = self._cache.get(query)
        if cached is not None:
            self._cache.move_to_end(query)
            return cached
        prepared = await anyio.to_thread.run_sync(self.prepare_sync, query, limiter=self._limiter)
        # Only documents that will run are kept, and only small ones: what a client sends again and
        # again is small and valid, while every parsed document is thousands of objects that the
        # garbage collector must walk as long as they live (and refusals are mostly one-offs).
        if not prepared.errors and len(query) <= MAX_CACHED_LENGTH:
            # Only the event loop's thread touches the cache, so it needs no lock.
            self._cache[query] = prepared
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return prepared


class Preparation(SchemaExtension):
    """Hands strawberry the prepared document and its validation errors, and charges the request
    to its payer before execution (KT-CT-1199 instead when the payer's allowance is spent)."""

    def __init__(self, preparer: Preparer) -> None:
        super().__init__()
        self.preparer = preparer
        self.price = ONE_POINT

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        if context.query and context.graphql_document is None:
            prepared = await self.preparer.prepare(context.query)
            if prepared.document is None:
                # Strawberry answers an exception raised here as the request's only error.
                raise prepared.errors[0]
            context.graphql_document = prepared.document
            # Set (even when empty) so that strawberry does not validate the document again.
            context.pre_execution_errors = list(prepared.errors)
            self.price = prepared.price
        yield

    async def on_execute(self) -> AsyncIterator[None]:
        # Only a valid document reaches execution: what is refused before runs nothing and costs nothing.
        context = self.execution_context
        with tracing.span("operation") as span:
            if span.recording:
                # The operation's name and type, never its document or variables (they hold secrets).
                kind = context.operation_type.value
                name = (context.operation_name or "")[:_SPAN_NAME_MAX]
                span.rename(f"{kind} {name}" if name else kind)
                span.set("graphql.operation.type", kind)
                span.set("graphql.operation.name", name)
            refused = await gate.refusal(context.context, self.price)
            if refused is not None:
                # A result set before execution is the answer: no resolver runs.
                context.result = ExecutionResult(data=None, errors=[refused])
            yield
            if span.recording and context.result is not None and context.result.errors:
                span.set("kraken.error_codes", _codes(context.result.errors))


def _codes(errors: Sequence[GraphQLError]) -> list[str]:
    """The Kraken codes an operation answered with (a validation error or a bug has none)."""
    return sorted({error.original_error.code for error in errors if isinstance(error.original_error, KrakenError)})
