"""The loyalty context's part of the GraphQL API."""
