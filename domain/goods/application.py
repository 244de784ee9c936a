"""The goods context's application: its own event store, which later issues fill with aggregates."""

from __future__ import annotations

from domain.shared.application import ContextApplication


class Goods(ContextApplication):
    name = "Goods"
