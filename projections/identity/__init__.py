"""Read models of the identity context."""
