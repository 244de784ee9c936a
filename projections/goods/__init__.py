"""Read models of the goods context."""
