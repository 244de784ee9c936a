"""The goods actors: a shared quote emailed to its recipient and a purchase confirmed to the account's
users, through the outbox relay to a real SMTP server, each sent once."""

from __future__ import annotations

from domain.goods import commands
from domain.goods.purchase import GoodsPurchase
from domain.goods.quote import GoodsQuote
from ops import following, runtime
from settings import Settings
from tests.domain.goods.catalogue import KIT, stock
from tests.workers.conftest import SmtpServer
from workers.dispatch import REACTIONS
from workers.goods.emails import send_goods_purchase_confirmation, send_goods_quote_share


def relay(settings: Settings, contexts: runtime.Contexts) -> None:
    runner = following.runner(settings, contexts)
    try:
        runner.catch_up()
    finally:
        runner.wakeup.close()


def test_a_share_and_a_purchase_are_each_emailed_once(
    backend: str, actors: runtime.Contexts, worker_settings: Settings, smtp: SmtpServer, customer: dict[str, str]
) -> None:
    number = customer["account_number"]
    relay(worker_settings, actors)  # the account's users are known to the read side first
    stock(actors.goods)
    line = commands.ProductToQuote(product_id=KIT, number_of_units=2, currency="GBP")
    quote = actors.goods.create_goods_quote(commands.CreateGoodsQuote(account_number=number, products=(line,)))
    share_id = actors.goods.share_goods_quote(
        commands.ShareGoodsQuote(quote_code=quote.code, email="partner@example.com", client="192.0.2.1")
    )
    purchase = actors.goods.accept_goods_quote(commands.AcceptGoodsQuote(account_number=number, quote_id=quote.number))
    # when the relay hands both to their actors
    relay(worker_settings, actors)
    # then
    sent = {m["To"]: m for m in smtp.inbox.messages()}
    assert sent["partner@example.com"]["Subject"] == "A quote shared with you"
    assert "2 x Water-saving kit at £15.00 each" in sent["partner@example.com"].get_body(("plain",)).get_content()
    assert sent["ada@example.com"]["Subject"] == "Your purchase"
    stored = actors.goods.quote(quote.code)
    assert stored is not None and stored.shares[share_id].sent_at is not None
    bought = actors.goods.purchase(purchase.code)
    assert bought is not None and bought.confirmation_sent
    # and a redelivery sends nothing again
    send_goods_quote_share.fn(quote.code, share_id)
    send_goods_purchase_confirmation.fn(purchase.code)
    relay(worker_settings, actors)
    assert len(smtp.inbox.envelopes) == 2


def test_the_shared_and_made_events_are_wired_to_the_actors() -> None:
    wired = {(r.upstream, r.event): r.actor for r in REACTIONS}
    assert wired[("goods", GoodsQuote.Shared)] is send_goods_quote_share
    assert wired[("goods", GoodsPurchase.Made)] is send_goods_purchase_confirmation
