"""The goods context's part of the GraphQL API."""
