"""The accounts context's queries, one module per question: they read projections only.

Nothing is imported here: `api.shared.types` reads the account modules (billing), and the root fields
(`account`, in account.py) return its types, so a package that imported both would import itself back.
"""
