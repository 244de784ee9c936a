"""GraphQL types used by more than one context."""
