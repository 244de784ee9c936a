"""Dramatiq actors for side effects (filled in by the first-slice issue)."""
