"""The goods context's application: its own event store, with no aggregates while its mutations are only declared."""

from __future__ import annotations

from domain.shared.application import ContextApplication


class Goods(ContextApplication):
    name = "Goods"
