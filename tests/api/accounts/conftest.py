"""Fixtures of the accounts API tests: those of the loyalty API tests (a second user, a stranger,
tokens) and the read statements counter."""

from tests.api.loyalty.conftest import grace, stranger, token
from tests.api.test_read_statements import statements

__all__ = ["grace", "statements", "stranger", "token"]
