"""The identity context's queries, one module per question: they read projections only.

Nothing is imported here: `api.shared.types` reads the account-user modules, and the root fields
(`viewer`) return its types, so a package that imported both would import itself back.
"""
