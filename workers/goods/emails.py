"""The goods context's emails: a shared quote to the address it was shared with, and a purchase's
confirmation to the account's users.

Each sends once: the outcome goes back to the domain as a command (ShareSent on the quote,
ConfirmationSent on the purchase), so a redelivered message finds it sent and sends nothing.
"""

from __future__ import annotations

import logging
from datetime import UTC

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.goods.quote_commands import QuoteShareMessage
from workers import runtime
from workers.mail import plain_email, recipient_message_id

log = logging.getLogger(__name__)


def _money(minor: int, currency: str) -> str:
    symbol = "£" if currency == "GBP" else f"{currency} "
    return f"{symbol}{minor // 100}.{minor % 100:02d}"


def share_text(message: QuoteShareMessage) -> str:
    lines = [
        f"- {line.units} x {line.product_name} at {_money(line.unit_price, message.currency)} each: "
        f"{_money(line.net, message.currency)} (with VAT {_money(line.gross, message.currency)})"
        for line in message.lines
    ]
    expires = message.expires_at.astimezone(UTC).strftime("%Y-%m-%d")
    return (
        f"Hello,\n\nA quote for water-saving goods was shared with you (quote {message.quote_code}):\n\n"
        + "\n".join(lines)
        + f"\n\nTotal: {_money(message.total_net, message.currency)}, "
        f"{_money(message.total_gross, message.currency)} with VAT. It can be accepted until {expires}.\n"
    )


@dramatiq.actor(queue_name="goods", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_goods_quote_share(quote_code: str, share_id: int) -> None:
    """Emails a shared quote once; a share already sent sends nothing."""
    goods = runtime.contexts().goods
    message = goods.quote_share_message(quote_code, share_id)
    if message is None:
        log.info("goods quote share %s: nothing to send", share_id)
        return
    settings = runtime.settings()
    runtime.mailer().send(
        plain_email(
            settings.mail_from,
            message.email,
            "A quote shared with you",
            share_text(message),
            f"goods-quote-share-{share_id}",
            goods.clock.now(),
        )
    )
    goods.record_quote_share_sent(quote_code, share_id)


@dramatiq.actor(queue_name="goods", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_goods_purchase_confirmation(code: str) -> None:
    """Tells the account's users what they bought and what it costs, once."""
    contexts = runtime.contexts()
    purchase = contexts.goods.purchase(code)
    if purchase is None or purchase.confirmation_sent:
        log.info("goods purchase %s: confirmation already sent", code)
        return
    settings = runtime.settings()
    items = "\n".join(
        f"- {line.units} x {line.product_code}: {_money(line.gross, line.currency)}" for line in purchase.items
    )
    grants = "".join(
        f"\nLess the {grant.grant_code} grant: {_money(grant.gross, grant.currency)}" for grant in purchase.grants
    )
    body = (
        f"Hello,\n\nThank you for your purchase {purchase.code} on account {purchase.account_number}:\n\n{items}"
        f"{grants}\n\n{_money(purchase.amount_due, purchase.currency)} will be charged to your account.\n"
    )
    for address in contexts.read.account_users.addresses_of(purchase.account_number):
        runtime.mailer().send(
            plain_email(
                settings.mail_from,
                address,
                "Your purchase",
                body,
                recipient_message_id(f"goods-purchase-{purchase.code}", address),
                contexts.goods.clock.now(),
            )
        )
    contexts.goods.record_purchase_confirmation_sent(purchase.code)
