"""Code shared by every bounded context: the error catalogue, clock and application base."""
