"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations
