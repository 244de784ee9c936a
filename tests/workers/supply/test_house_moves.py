"""The house-move worker: a move's confirmation (and reading request, or invitation), through the
outbox relay to a real SMTP server, once."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

from eventsourcing.utils import get_topic

from domain.accounts import commands as accounts_commands
from domain.accounts.property import new_property_id
from domain.supply import commands
from domain.supply.house_move import HouseMove
from ops import following, runtime
from settings import Settings
from tests.workers.conftest import SmtpServer
from workers.dispatch import REACTIONS
from workers.supply.house_moves import confirm_house_move

TODAY = date(2026, 1, 15)


def relay_once(worker_settings: Settings, contexts: runtime.Contexts) -> None:
    relay = following.runner(worker_settings, contexts)
    try:
        relay.catch_up()
    finally:
        relay.wakeup.close()


def body_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def moves_of(contexts: runtime.Contexts) -> list[HouseMove.Recorded]:
    notices = contexts.supply.recorder.select_notifications(start=1, limit=1000, topics=[get_topic(HouseMove.Recorded)])
    return [contexts.supply.mapper.to_domain_event(n) for n in notices]


def notified(contexts: runtime.Contexts) -> int:
    topic = get_topic(HouseMove.Notified)
    return len(contexts.supply.recorder.select_notifications(start=1, limit=1000, topics=[topic]))


def vacant(contexts: runtime.Contexts) -> str:
    home = contexts.accounts.register_property_at(
        accounts_commands.RegisterPropertyAt(
            property_id=new_property_id(), lines=("7 Vacant Row", "Derby"), postcode="DE22 3XY"
        )
    )
    return home.property_id


def test_a_sign_up_is_welcomed_at_the_address_it_gave(
    backend: str, actors: runtime.Contexts, worker_settings: Settings, smtp: SmtpServer
) -> None:
    number = actors.supply.move_in_create_customer(
        commands.MoveInCreateCustomer(
            given_name="Mary",
            family_name="Somerville",
            email="Mary@Example.com",
            password="correct horse battery staple",
            property_id=vacant(actors),
            move_in_date=TODAY,
        )
    )
    # when
    relay_once(worker_settings, actors)
    # then
    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == ["mary@example.com"]
    [message] = smtp.inbox.messages()
    assert message["Subject"] == "Welcome: your move in is confirmed"
    text = body_of(message)
    assert "Hello Mary," in text and number in text
    assert "7 Vacant Row, Derby, DE22 3XY on Thursday 15 January 2026" in text
    assert notified(actors) == 1


def test_a_move_out_is_confirmed_to_the_accounts_users_and_a_redelivery_sends_nothing(
    actors: runtime.Contexts, worker_settings: Settings, smtp: SmtpServer, customer: dict[str, str]
) -> None:
    number = customer["account_number"]
    home = actors.accounts.register_property(
        accounts_commands.RegisterProperty(
            account_number=number, lines=("1 Mill Lane",), postcode="DE21 5AB", occupied_from=date(2025, 12, 1)
        )
    )
    actors.supply.move_out(
        commands.MoveOut(account_number=number, property_id=home.property_id, move_out_date=date(2026, 1, 20))
    )
    # when the relay runs, and the message is delivered again
    relay_once(worker_settings, actors)
    [move] = moves_of(actors)
    confirm_house_move.fn(str(move.originator_id))
    # then Ada, the account's user, was told once
    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == ["ada@example.com"]
    [message] = smtp.inbox.messages()
    assert message["Subject"] == "Your move out is confirmed"
    assert "you are leaving 1 Mill Lane, DE21 5AB on Tuesday 20 January 2026" in body_of(message)
    assert notified(actors) == 1


def test_a_move_out_of_a_metered_home_asks_for_the_final_reading_within_the_window(
    actors: runtime.Contexts, worker_settings: Settings, smtp: SmtpServer, customer: dict[str, str]
) -> None:
    number = customer["account_number"]
    home = actors.accounts.register_property(
        accounts_commands.RegisterProperty(
            account_number=number, lines=("1 Mill Lane",), postcode="DE21 5AB", occupied_from=date(2025, 12, 1)
        )
    )
    actors.supply.install_meter(
        commands.InstallMeter(
            property_id=home.property_id,
            serial_number="14W123456",
            installation_date=date(2025, 12, 2),
            initial_reading=12,
            installed_by="test",
        )
    )
    actors.supply.move_out(
        commands.MoveOut(account_number=number, property_id=home.property_id, move_out_date=date(2026, 1, 20))
    )
    # when
    relay_once(worker_settings, actors)
    # then the email asks for a final reading of that meter, within cotReadingWindowDays either side
    [message] = smtp.inbox.messages()
    text = " ".join(body_of(message).split())
    assert "Please give us a final reading of your water meter (14W123456)" in text
    assert "between Thursday 15 January 2026 and Sunday 25 January 2026" in text
    [move] = moves_of(actors)
    assert actors.supply.load(move.originator_id).notified_at is not None


def test_a_forced_move_in_invites_the_named_person_when_an_email_was_given(
    actors: runtime.Contexts, worker_settings: Settings, smtp: SmtpServer, customer: dict[str, str]
) -> None:
    number = customer["account_number"]
    home = actors.accounts.register_property(
        accounts_commands.RegisterProperty(
            account_number=number, lines=("1 Mill Lane",), postcode="DE21 5AB", occupied_from=date(2025, 12, 1)
        )
    )
    actors.supply.force_move_in(
        commands.ForceMoveIn(
            account_number=number,
            property_id=home.property_id,
            move_in_date=date(2026, 1, 20),
            given_name="Charles",
            family_name="Babbage",
            email="charles@example.com",
        )
    )
    # when
    relay_once(worker_settings, actors)
    # then Ada hears of her move out, Charles is invited to his new account
    by_recipient = {tuple(e.rcpt_tos): e for e in smtp.inbox.envelopes}
    assert set(by_recipient) == {("ada@example.com",), ("charles@example.com",)}
    invitation = next(m for m in smtp.inbox.messages() if m["To"] == "charles@example.com")
    newcomer = actors.accounts.property(home.property_id).periods[-1].account_number
    assert "Hello Charles," in body_of(invitation) and newcomer in body_of(invitation)
    assert notified(actors) == 2


def test_the_recorded_move_is_wired_to_the_actor() -> None:
    [reaction] = [r for r in REACTIONS if r.actor is confirm_house_move]
    assert reaction.upstream == "supply" and reaction.event is HouseMove.Recorded
