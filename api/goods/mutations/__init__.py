"""The goods context's mutations, one module each, merged in the wire contract's order."""

from strawberry.tools import merge_types

from api.goods.mutations.accept_goods_quote import AcceptGoodsQuoteMutation
from api.goods.mutations.create_goods_purchase import CreateGoodsPurchaseMutation
from api.goods.mutations.create_goods_quote import CreateGoodsQuoteMutation
from api.goods.mutations.create_goods_quote_without_account import CreateGoodsQuoteWithoutAccountMutation
from api.goods.mutations.share_goods_quote import ShareGoodsQuoteMutation
from api.goods.mutations.update_active_purchase import UpdateActivePurchaseMutation

GoodsMutations = merge_types(
    "GoodsMutations",
    (
        AcceptGoodsQuoteMutation,
        CreateGoodsPurchaseMutation,
        CreateGoodsQuoteMutation,
        CreateGoodsQuoteWithoutAccountMutation,
        ShareGoodsQuoteMutation,
        UpdateActivePurchaseMutation,
    ),
)
