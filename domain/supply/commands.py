"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

# Measurements ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportMeasurements:
    """A meter-data feed file: `open_feed` opens it (it is read twice: checked whole, then stored),
    in `file_format` ("csv" or "json", one object a line), whose SHA-256 is `digest`."""

    open_feed: Callable[[], IO[str]]
    file_format: str
    digest: str
