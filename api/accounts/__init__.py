"""The accounts context's part of the GraphQL API."""
