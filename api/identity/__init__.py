"""The identity context's part of the GraphQL API."""
