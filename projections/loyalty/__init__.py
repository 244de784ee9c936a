"""Read models of the loyalty context."""
