"""Read models of the payments context."""
