"""Error catalogue of the goods context: quotes and purchases of goods."""

from domain.shared.errors import ErrorType, KrakenError


# createGoodsQuote
class GoodsQuoteDataInvalid(
    KrakenError,
    code="KT-CT-8202",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="The products to quote are invalid, for example an unknown product code or a quantity below one.",
):
    """Raised by createGoodsQuote and createGoodsQuoteWithoutAccount when the products to quote are invalid."""


class GoodsQuoteCreationFailed(
    KrakenError,
    code="KT-CT-8205",
    type=ErrorType.APPLICATION,
    message="Unable to create quote.",
    description=(
        "The input was valid but the quote could not be priced or saved, for example because a product has no active "
        "price."
    ),
):
    """Raised by createGoodsQuote when a product has no price and none was given."""


# acceptGoodsQuote
class GoodsQuoteAccessDenied(
    KrakenError,
    code="KT-CT-8223",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not accept goods quotes on behalf of the account given.",
):
    """Raised by acceptGoodsQuote when the viewer may not accept quotes for the account."""


class QuoteNotFound(
    KrakenError,
    code="KT-CT-8201",
    type=ErrorType.NOT_FOUND,
    message="Received an invalid quoteId.",
    description="No goods quote has the given ID, or it belongs to another account.",
):
    """Raised by acceptGoodsQuote when the quote ID does not name a quote."""


class GoodsQuoteAcceptanceInvalid(
    KrakenError,
    code="KT-CT-8224",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The quote cannot be accepted: it has expired or was already accepted, or clientParams or marketParams is "
        "not a JSON object."
    ),
):
    """Raised by acceptGoodsQuote when the acceptance input is invalid."""


# shareGoodsQuote
class GoodsQuoteCodeNotFound(
    KrakenError,
    code="KT-CT-8203",
    type=ErrorType.NOT_FOUND,
    message="Received an invalid quote code.",
    description="No goods quote has the quote code given.",
):
    """Raised by shareGoodsQuote when the quote code names no quote."""


# createGoodsPurchase
class GoodsPurchaseDataInvalid(
    KrakenError,
    code="KT-CT-8206",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The sale items are invalid, for example an unknown product code or a non-positive quantity, or clientParams "
        "or marketParams is not a JSON object."
    ),
):
    """Raised by createGoodsPurchase and updateActivePurchase when the sale items or params are invalid."""


class GoodsPurchaseAccessDenied(
    KrakenError,
    code="KT-CT-1131",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not create goods purchases for the account given.",
):
    """Raised by createGoodsPurchase when the viewer may not purchase for the account."""


# updateActivePurchase
class GoodsPurchaseNotFound(
    KrakenError,
    code="KT-CT-8225",
    type=ErrorType.NOT_FOUND,
    message="Received an invalid purchaseId.",
    description="No goods purchase of the account has the purchaseId given.",
):
    """Raised by updateActivePurchase when the purchaseId names no purchase."""


class GoodsPurchaseNotActive(
    KrakenError,
    code="KT-CT-8226",
    type=ErrorType.APPLICATION,
    message="The provided purchase is not active.",
    description="The purchase has already been completed or cancelled, so its items can no longer be changed.",
):
    """Raised by updateActivePurchase when the purchase is no longer active."""


class GoodsGrantsNotApplied(
    KrakenError,
    code="KT-CT-8227",
    type=ErrorType.APPLICATION,
    message="Available grants could not be applied.",
    description=(
        "A grant the purchase holds cannot be applied to the new items (the grant is no longer offered, its product "
        "is no longer among the items, or the account's cap leaves no room); the purchase was not changed."
    ),
):
    """Raised by updateActivePurchase when the account's grants cannot be applied."""
