"""The supply context's house-move actor: the email confirming a move, asking for the opening or
final meter reading within the change-of-tenancy window, and inviting the person a forced move in named.

Who is written to: a sign-up's customer (the email is in the move's event: their user may not be
in the read models yet); the account's users for a move out or a move within; the named person, if
an email was given, for a forced move in (their account has no user: nobody else is told of it).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from email.message import EmailMessage
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.supply.house_move import MoveKind
from domain.supply.move_commands import HouseMoveMessage
from settings import Settings
from workers import runtime
from workers.mail import plain_email, recipient_message_id

logger = logging.getLogger(__name__)

_SUBJECTS = {
    MoveKind.MOVE_IN: "Welcome: your move in is confirmed",
    MoveKind.MOVE_WITHIN: "Your move to your new home is confirmed",
    MoveKind.MOVE_OUT: "Your move out is confirmed",
    MoveKind.FORCED_MOVE_IN: "You have moved in: your water account is ready",
}


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def house_move_text(message: HouseMoveMessage, settings: Settings) -> str:
    """The email's body: what we recorded, and the reading we ask for when a meter measures the supply."""
    home = ", ".join((*message.address, message.postcode)) or f"property {message.property_id}"
    opening = message.kind != MoveKind.MOVE_OUT
    if message.kind == MoveKind.MOVE_OUT:
        what = f"you are leaving {home} on {_day(message.effective_on)}. You are responsible for the supply until then."
    elif message.kind == MoveKind.FORCED_MOVE_IN:
        what = (
            f"the previous occupier told us you moved into {home} on {_day(message.effective_on)}. We have opened "
            f"water account {message.account_number} for you; sign up on {settings.public_url} to manage it."
        )
    else:
        what = f"you are moving into {home} on {_day(message.effective_on)}. Your account is {message.account_number}."
    lines = [f"Hello {message.given_name}," if message.given_name else "Hello,", "", f"We have recorded that {what}"]
    if message.meter_serials:
        reading = "an opening" if opening else "a final"
        meters = ", ".join(message.meter_serials)
        lines += [
            "",
            f"Please give us {reading} reading of your water meter ({meters}), the black digits only, taken "
            f"between {_day(message.reading_from)} and {_day(message.reading_to)}, so that your "
            f"{'first' if opening else 'final'} bill is based on what you use.",
        ]
    return "\n".join([*lines, "", "If this is not right, please contact us.", ""])


def house_move_email(message: HouseMoveMessage, recipient: str, settings: Settings, now: datetime) -> EmailMessage:
    return plain_email(
        settings.mail_from,
        recipient,
        _SUBJECTS[message.kind],
        house_move_text(message, settings),
        recipient_message_id(f"house-move-{message.move_id.hex}", recipient),
        now,
    )


def recipients_of(message: HouseMoveMessage) -> tuple[str, ...]:
    if message.kind in (MoveKind.MOVE_IN, MoveKind.FORCED_MOVE_IN):
        return (message.email,) if message.email else ()
    users = runtime.contexts().read.account_users.users_of(message.account_number)
    return tuple(dict.fromkeys(str(user["email"]) for user in users if user.get("email")))


# As for the other emails we send: retry with backoff while the channel is down; a move already
# confirmed is never confirmed again, so late or redelivered messages send nothing.
@dramatiq.actor(queue_name="supply", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def confirm_house_move(move_id: str) -> None:
    """Sends a move's confirmation (and reading request, or invitation) once."""
    supply = runtime.contexts().supply
    message = supply.house_move_message(UUID(move_id))
    if message is None:
        logger.info("house move %s: already confirmed", move_id)
        return
    settings = runtime.settings()
    recipients = recipients_of(message)
    for recipient in recipients:
        runtime.mailer().send(house_move_email(message, recipient, settings, supply.clock.now()))
    # The outcome goes back to the domain as a command, so that it is an event too.
    supply.record_house_move_notified(message.move_id, recipients, message.meter_serials)
    logger.info("house move %s: %d confirmation(s) sent", move_id, len(recipients))
