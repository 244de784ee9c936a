"""The goods context's mutations: declarations, and resolvers once implemented."""

from __future__ import annotations

import strawberry

from api.goods.inputs import (
    AcceptGoodsQuoteInput,
    CreateGoodsQuoteInput,
    CreateGoodsQuoteWithoutAccountInput,
    CreatePurchaseInput,
    ShareGoodsQuoteInput,
    UpdatePurchaseInput,
)
from api.goods.types import (
    AcceptGoodsQuote,
    CreateGoodsPurchase,
    CreateGoodsQuote,
    CreateGoodsQuoteWithoutAccount,
    ShareGoodsQuote,
    UpdateActivePurchase,
)
from api.mutation import pending_mutation
from domain.goods.errors import (
    GoodsGrantsNotApplied,
    GoodsPurchaseAccessDenied,
    GoodsPurchaseDataInvalid,
    GoodsPurchaseNotActive,
    GoodsPurchaseNotFound,
    GoodsQuoteAcceptanceInvalid,
    GoodsQuoteAccessDenied,
    GoodsQuoteCodeNotFound,
    GoodsQuoteCreationFailed,
    GoodsQuoteDataInvalid,
    QuoteNotFound,
)
from domain.shared.catalogue import EmailInvalid


@strawberry.type
class GoodsMutations:
    accept_goods_quote = pending_mutation(
        args={"input": AcceptGoodsQuoteInput},
        payload=AcceptGoodsQuote | None,
        errors=(
            GoodsQuoteAccessDenied,
            QuoteNotFound,
            GoodsQuoteAcceptanceInvalid,
        ),
        auth=True,
        description="Accept a goods quote.",
    )

    create_goods_purchase = pending_mutation(
        args={"input": CreatePurchaseInput},
        payload=CreateGoodsPurchase | None,
        errors=(
            GoodsPurchaseDataInvalid,
            GoodsPurchaseAccessDenied,
        ),
        auth=True,
        description="Create a goods purchase.",
    )

    create_goods_quote = pending_mutation(
        args={"input": CreateGoodsQuoteInput},
        payload=CreateGoodsQuote | None,
        errors=(
            GoodsQuoteDataInvalid,
            GoodsQuoteCreationFailed,
        ),
        auth=True,
        description="Create a goods quote.",
    )

    create_goods_quote_without_account = pending_mutation(
        args={"input": CreateGoodsQuoteWithoutAccountInput},
        payload=CreateGoodsQuoteWithoutAccount | None,
        errors=(GoodsQuoteDataInvalid,),
        auth=True,
        description="Create a goods quote without an account.",
    )

    share_goods_quote = pending_mutation(
        args={"input": ShareGoodsQuoteInput},
        payload=ShareGoodsQuote | None,
        errors=(EmailInvalid, GoodsQuoteCodeNotFound),
        auth=False,
        description="Share a goods quote.",
    )

    update_active_purchase = pending_mutation(
        args={"input": UpdatePurchaseInput},
        payload=UpdateActivePurchase | None,
        errors=(
            GoodsPurchaseNotFound,
            GoodsPurchaseNotActive,
            GoodsPurchaseDataInvalid,
            GoodsGrantsNotApplied,
        ),
        auth=True,
        description="Update an active purchase.",
    )
