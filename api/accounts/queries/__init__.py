"""The accounts context's queries, one module per question: they read projections only.

Nothing is imported here: `api.shared.types` reads the question modules (an account's billing
details, its properties), and the root fields (`account.py`) return its types, so a package that
imported both would import itself back.
"""
