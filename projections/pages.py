"""Pages of an ordered list of rows, by key rather than by offset (the read side's connections).

A page starts after (or ends before) the sort key of a row the client has seen, so a cursor keeps
pointing at the same place while rows are added in front of it: "the next ten transactions" never
repeats or skips one because a payment settled meanwhile. Keys are compared as SQL row values,
which SQLite (3.15+) and PostgreSQL both evaluate the same way.

Lists hang off a parent (an account, a ledger): the pages of many parents are read in one query,
numbered per parent by a window function, so a dashboard of several ledgers costs one statement
per level, not one per ledger.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from projections.store import ReadStore, marks


@dataclass(frozen=True)
class Window:
    """Which slice of an ordered list is asked for: at most `size` rows after `after` (forwards) or,
    with `backwards`, the last `size` rows before `before`. Bounds are whole sort keys."""

    size: int
    after: tuple[Any, ...] | None = None
    before: tuple[Any, ...] | None = None
    backwards: bool = False


@dataclass(frozen=True)
class Page:
    """Rows in list order, each with its sort key, and whether the list goes on either side."""

    rows: list[dict[str, Any]]
    keys: list[tuple[Any, ...]]
    has_next: bool
    has_previous: bool


@dataclass(frozen=True)
class Listing:
    """Rows of `table` under a `parent` column, filtered by `where` (which `params` fill), ordered
    by the `key` columns (unique together within a parent, and among `columns`), newest first when
    `descending`."""

    table: str
    parent: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    where: str = ""
    params: tuple[Any, ...] = ()
    descending: bool = True

    def pages(self, store: ReadStore, parents: Sequence[Hashable], window: Window) -> dict[Hashable, Page]:
        """The window of each parent's list, in one query (an empty page for a parent with no rows)."""
        if not parents:
            return {}
        rows = store.rows(*self._statement(parents, window))
        found: dict[Hashable, list[Sequence[Any]]] = {parent: [] for parent in parents}
        for row in rows:
            found[row[0]].append(row[1:])
        return {parent: self._paged(found[parent], window) for parent in parents}

    def counts(self, store: ReadStore, parents: Sequence[Hashable]) -> dict[Hashable, int]:
        """How many rows each parent's whole list holds (what `totalCount` answers), in one query."""
        if not parents:
            return {}
        where, params = self._filter(parents)
        rows = store.rows(
            f"SELECT {self.parent}, COUNT(*) FROM {self.table} WHERE {where} GROUP BY {self.parent}", params
        )
        counted = {row[0]: int(row[1]) for row in rows}
        return {parent: counted.get(parent, 0) for parent in parents}

    def _filter(self, parents: Sequence[Hashable]) -> tuple[str, list[Any]]:
        where = f"{self.parent} IN ({marks(parents)})"
        if self.where:
            where += f" AND ({self.where})"
        return where, [*parents, *self.params]

    def _statement(self, parents: Sequence[Hashable], window: Window) -> tuple[str, tuple[Any, ...]]:
        where, params = self._filter(parents)
        key = f"({', '.join(self.key)})"
        bound_key = f"({marks(self.key)})"
        for bound, later in ((window.after, True), (window.before, False)):
            if bound is not None:
                # Later in the list means a smaller key when the list is newest first.
                where += f" AND {key} {'<' if later == self.descending else '>'} {bound_key}"
                params.extend(bound)
        # Backwards, the rows nearest `before` come first: read in the opposite order, then turn them round.
        descending = self.descending != window.backwards
        order = ", ".join(f"{column} {'DESC' if descending else 'ASC'}" for column in self.key)
        columns = ", ".join(self.columns)
        sql = (
            f"SELECT listed_under, {columns} FROM (SELECT {self.parent} AS listed_under, {columns}, "
            f"ROW_NUMBER() OVER (PARTITION BY {self.parent} ORDER BY {order}) AS place "
            f"FROM {self.table} WHERE {where}) numbered WHERE place <= %s ORDER BY listed_under, place"
        )
        return sql, (*params, window.size + 1)

    def _paged(self, rows: Sequence[Sequence[Any]], window: Window) -> Page:
        more = len(rows) > window.size
        kept = [dict(zip(self.columns, row, strict=True)) for row in rows[: window.size]]
        if window.backwards:
            kept.reverse()
            has_next, has_previous = window.before is not None, more
        else:
            has_next, has_previous = more, window.after is not None
        return Page(kept, [tuple(row[c] for c in self.key) for row in kept], has_next, has_previous)


def page_of(rows: Sequence[dict[str, Any]], key: tuple[str, ...], window: Window, descending: bool = True) -> Page:
    """The window of a list already in memory, cut as `Listing.pages` cuts a table's: the same order,
    bounds and flags, so that a cursor means the same place in either (rows from a replay, say)."""
    keyed = sorted(((tuple(row[c] for c in key), row) for row in rows), key=lambda pair: pair[0])
    if descending:
        keyed.reverse()
    for bound, later in ((window.after, True), (window.before, False)):
        if bound is not None:
            # Later in the list means a smaller key when the list is newest first.
            smaller = later == descending
            keyed = [pair for pair in keyed if (pair[0] < bound if smaller else pair[0] > bound)]
    if window.backwards:
        keyed.reverse()
    taken = keyed[: window.size + 1]
    more = len(taken) > window.size
    kept = [row for _, row in taken[: window.size]]
    if window.backwards:
        kept.reverse()
        has_next, has_previous = window.before is not None, more
    else:
        has_next, has_previous = more, window.after is not None
    return Page(kept, [tuple(row[c] for c in key) for row in kept], has_next, has_previous)
