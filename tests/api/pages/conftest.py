"""Fixtures of the pages' tests: those of the payments API tests (Ada's token and main ledger)."""

from __future__ import annotations

from tests.api.payments.conftest import ledger, token

__all__ = ["ledger", "token"]
