"""Fixtures of the supply API tests: those of the accounts API tests (a customer with a home, a
second user, a stranger, tokens, the read statements counter)."""

from __future__ import annotations

from tests.api.accounts.conftest import ada, grace, grace_token, property_id, statements, stranger, token

__all__ = ["ada", "grace", "grace_token", "property_id", "statements", "stranger", "token"]
