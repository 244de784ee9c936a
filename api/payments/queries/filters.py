"""Conditions on a read model's rows, as the filters of a list ask for them: SQL text with `%s`
marks and their values, joined before they reach a view (which takes them as one hashable pair,
so that the parents asking for the same filter share one query)."""

from __future__ import annotations

from typing import Any

Condition = tuple[str, tuple[Any, ...]]
NOTHING: Condition = ("1 = 0", ())


def all_of(*conditions: Condition) -> Condition:
    """Rows that meet every condition; every row when there is none."""
    kept = [(sql, params) for sql, params in conditions if sql]
    return " AND ".join(f"({sql})" for sql, _ in kept), tuple(value for _, params in kept for value in params)


def one_of(column: str, values: tuple[Any, ...]) -> Condition:
    """Rows whose `column` holds one of `values` (none when there are none)."""
    if not values:
        return NOTHING
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values
