"""The supply context's part of the GraphQL API."""
