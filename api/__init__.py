"""The GraphQL façade: one package per context, merged in api/schema.py."""
