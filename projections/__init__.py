"""Read models built from the events (filled in by the first-slice issue)."""
