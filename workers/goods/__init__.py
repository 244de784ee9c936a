"""The goods context's actors: the emails of quote shares and purchase confirmations."""
