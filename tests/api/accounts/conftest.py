"""Fixtures of the accounts API tests: the customer's token and a stranger, as the loyalty tests have them."""

from tests.api.loyalty.conftest import stranger, token

__all__ = ["stranger", "token"]
