"""`kraken bench`: how fast the configured store appends, and how close the real API gets to it."""

from ops.bench.measure import run
from ops.bench.report import Report, render

__all__ = ["Report", "render", "run"]
