"""The payments context's application: its own event store, which later issues fill with aggregates."""

from __future__ import annotations

from domain.shared.application import ContextApplication


class Payments(ContextApplication):
    name = "Payments"
