"""Relay connections the Kraken way: edges { node cursor }, pageInfo, totalCount and edgeCount.

Cursors are opaque (base64 of the row's sort key, tagged with the list it belongs to) and stable: a
page starts after the key it names, wherever rows were added since (projections/pages.py). A page
is at most `KRAKEN_MAX_PAGE_SIZE` rows, and that many when neither `first` nor `last` is given; a
larger one, a negative one, or a cursor this API did not issue for that list is refused with a
Kraken error rather than quietly trimmed.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from typing import Any, Self

import strawberry

from domain.shared.catalogue import InvalidPaginationCursor, InvalidPaginationParameters, TooManyNodes
from projections.pages import Page, Window


@strawberry.type
class PageInfo:
    has_next_page: bool = strawberry.field(description="When paginating forwards, are there more items?")
    has_previous_page: bool = strawberry.field(description="When paginating backwards, are there more items?")
    start_cursor: str | None = strawberry.field(
        description="When paginating backwards, the cursor to continue.", default=None
    )
    end_cursor: str | None = strawberry.field(
        description="When paginating forwards, the cursor to continue.", default=None
    )


def cursor_of(listing: str, key: tuple[Any, ...]) -> str:
    return base64.urlsafe_b64encode(json.dumps([listing, *key], separators=(",", ":")).encode()).decode()


def key_of(listing: str, shape: tuple[type, ...], cursor: str) -> tuple[Any, ...]:
    """The sort key a cursor names; KT-CT-1208 for one not issued for `listing`, or whose key is not of
    the list's `shape` (the type of each part): a forged one no query could compare with its rows."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidPaginationCursor(f"The cursor {cursor[:40]!r} was not issued by this API.") from None
    if not isinstance(decoded, list) or len(decoded) < 2 or decoded[0] != listing:
        raise InvalidPaginationCursor(f"The cursor {cursor[:40]!r} does not belong to this list.")
    key = tuple(decoded[1:])
    if len(key) != len(shape) or not all(type(part) is kind for part, kind in zip(key, shape, strict=True)):
        raise InvalidPaginationCursor(f"The cursor {cursor[:40]!r} does not point to a position in this list.")
    return key


def window_of(
    listing: str,
    shape: tuple[type, ...],
    max_size: int,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Window:
    """The slice `first`/`after`/`last`/`before` ask for, of a list whose keys are of `shape`; `first`
    wins when both sizes are given."""
    for name, size in (("first", first), ("last", last)):
        if size is not None and size < 0:
            raise InvalidPaginationParameters(f"'{name}' must be zero or more; it was {size}.")
        if size is not None and size > max_size:
            raise TooManyNodes(f"'{name}' asks for {size} items; a page holds at most {max_size}.")
    backwards = first is None and last is not None
    size = (last if backwards else first) if (first is not None or last is not None) else max_size
    assert size is not None
    return Window(
        size=size,
        after=key_of(listing, shape, after) if after else None,
        before=key_of(listing, shape, before) if before else None,
        backwards=backwards,
    )


@strawberry.type
class Connection:
    """What every connection answers besides its edges; each names its own Edge type."""

    page_info: PageInfo = strawberry.field(description="Pagination data for this connection.")
    edge_count: int = strawberry.field(description="Number of nodes in the edge.")
    # The whole list's size costs a query of its own: asked for only when the client selects it.
    counted: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Total number of nodes.")
    async def total_count(self) -> int:
        return await self.counted()

    @classmethod
    def paged(
        cls,
        listing: str,
        page: Page,
        node: Callable[[dict[str, Any]], Any],
        edge: Callable[..., Any],
        counted: Callable[[], Awaitable[int]],
    ) -> Self:
        """`page` of `listing` as this connection: one `edge(node=node(row), cursor=...)` per row."""
        # Each connection declares `edges` with its own Edge type, which this base does not name.
        edges: dict[str, Any] = {"edges": edges_of(listing, page, node, edge)}
        return cls(page_info=page_info(listing, page), edge_count=len(page.rows), counted=counted, **edges)


def page_info(listing: str, page: Page) -> PageInfo:
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=cursor_of(listing, page.keys[0]) if page.keys else None,
        end_cursor=cursor_of(listing, page.keys[-1]) if page.keys else None,
    )


def edges_of(listing: str, page: Page, node: Callable[[dict[str, Any]], Any], edge: Callable[..., Any]) -> list[Any]:
    """One edge per row: `edge(node=node(row), cursor=...)`."""
    return [edge(node=node(row), cursor=cursor_of(listing, key)) for row, key in zip(page.rows, page.keys, strict=True)]
