"""The referral actors: a new account's personal referral code, and the referrer's email, sent once,
through the outbox relay to a real SMTP server."""

from __future__ import annotations

from domain.loyalty import commands
from domain.loyalty.referral import Referral
from ops import following, runtime
from settings import Settings
from tests.domain.loyalty.referrals import customer_of, friend_scheme
from tests.workers.conftest import SmtpServer
from workers.loyalty.referrals import draw_referral_code, notify_referrer


def relay(settings: Settings, contexts: runtime.Contexts) -> None:
    runner = following.runner(settings, contexts)
    try:
        runner.catch_up()
    finally:
        runner.wakeup.close()


def test_a_new_account_gets_its_code_and_the_referrer_is_told_once(
    backend: str, actors: runtime.Contexts, worker_settings: Settings, smtp: SmtpServer
) -> None:
    # given two customers, their accounts seen by the relay
    ada = customer_of(actors, "Ada Lovelace", "ada@example.com")
    bob = customer_of(actors, "Bob Kahn", "bob@example.com")
    friend_scheme(actors)
    relay(worker_settings, actors)
    [code] = actors.read.referrals.codes([ada["account_number"]])
    assert code is not None and actors.loyalty.referral_code(ada["account_number"]) == code
    # when Bob's account is referred by Ada's code and the relay hands the referral to its actor
    actors.loyalty.create_referral(commands.CreateReferral(account_number=bob["account_number"], reference=code))
    relay(worker_settings, actors)
    # then Ada is told, once
    [message] = smtp.inbox.messages()
    assert (message["To"], message["Subject"]) == ("ada@example.com", "Someone you referred has joined us")
    assert "£50.00" in message.get_body(("plain",)).get_content()
    # and a redelivery sends nothing again, nor draws another code
    referral = actors.loyalty.referral(Referral.id_for_referred(bob["account_number"]))
    assert referral is not None and referral.referrer_notified
    notify_referrer.fn(str(referral.id))
    draw_referral_code.fn(ada["account_number"])
    assert len(smtp.inbox.messages()) == 1
    assert actors.loyalty.referral_code(ada["account_number"]) == code
