"""The payments context's part of the GraphQL API."""
