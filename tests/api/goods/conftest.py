"""Fixtures of the goods API tests: the stocked catalogue, the customer's token, a stranger, an organisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import grace, stranger, token
from tests.domain.goods.catalogue import stock
from tests.helpers import GraphQL

__all__ = ["grace", "stranger", "token"]

QUOTE = """
mutation CreateGoodsQuote($input: CreateGoodsQuoteInput!) {
  createGoodsQuote(input: $input) {
    goodsQuote { id code totalNetAmount quotedAt hasQuoteExpired
      goodsQuotedProducts { product numberOfUnits pricePerUnit netAmount currency } }
  }
}
"""
ACCEPT = """
mutation AcceptGoodsQuote($input: AcceptGoodsQuoteInput!) {
  acceptGoodsQuote(input: $input) {
    goodsPurchase { id code ledgerId marketParams clientParams
      goodsSaleItems { product numberOfUnits pricePerUnit netAmount grossAmount currency }
      goodsGrants { type netAmount grossAmount currency } }
  }
}
"""
PURCHASE = """
mutation CreateGoodsPurchase($input: CreatePurchaseInput!) {
  createGoodsPurchase(input: $input) {
    goodsPurchase { id code ledgerId marketParams clientParams
      goodsSaleItems { product numberOfUnits pricePerUnit netAmount grossAmount currency }
      goodsGrants { type netAmount grossAmount currency } }
  }
}
"""


@pytest.fixture
def stocked(contexts: Contexts) -> None:
    stock(contexts.goods)


@pytest.fixture
def org_token(gql: GraphQL, contexts: Contexts) -> str:
    _, key = organisation(contexts)
    return organisation_token(gql, key)


def line(product_id: int, units: int, **extra: Any) -> dict[str, Any]:
    return {"productId": product_id, "numberOfUnits": units, "currency": "GBP", **extra}


def quote(gql: GraphQL, token: str, account_number: str, *lines: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return gql(
        QUOTE, {"input": {"accountNumber": account_number, "productsToQuote": list(lines), **extra}}, token=token
    )


def accept(gql: GraphQL, token: str, account_number: str, quote_id: int, **extra: Any) -> dict[str, Any]:
    return gql(ACCEPT, {"input": {"accountNumber": account_number, "quoteId": quote_id, **extra}}, token=token)


def purchase(gql: GraphQL, token: str, account_number: str, *items: tuple[str, int], **extra: Any) -> dict[str, Any]:
    sale_items = [{"productCode": code, "numberOfUnits": units} for code, units in items]
    return gql(PURCHASE, {"input": {"accountNumber": account_number, "saleItems": sale_items, **extra}}, token=token)


def quoted_id(gql: GraphQL, token: str, account_number: str, *lines: dict[str, Any]) -> int:
    body = quote(gql, token, account_number, *lines)
    number: int = body["data"]["createGoodsQuote"]["goodsQuote"]["id"]
    return number


def ledger_balance(contexts: Contexts, account_number: str, catch_up: Callable[[], int]) -> int:
    catch_up()
    ledger = contexts.payments.ledger_of(account_number)
    return 0 if ledger is None else int(ledger.balance)
