"""Read models of the accounts context."""
