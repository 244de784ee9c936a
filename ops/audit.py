"""`kraken audit`: the events about an account or a user, from every context, as one timeline.

It reads the event stores themselves (the source of truth, not a read model), scanning each
context's notification log once; fine for an operator's question, not for a hot path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.accounts.account import Account
from domain.accounts.consents import Consents, account_holder, user_holder
from domain.loyalty.ledger import LoyaltyLedger
from domain.payments.ledger import Ledger, main_ledger_number
from domain.shared.as_of import as_utc
from domain.shared.encoding import actor_of
from domain.supply.meter_readings import ReadingStatus
from projections.accounts.as_of import AccountAsOf, account_as_of
from projections.contexts import Contexts

# Bank details are shown masked by the API and never in full to an operator reading a timeline; a
# device token would let whoever holds the app's push credentials notify that device.
_HIDDEN = ("hash", "digest", "secret", "password", "bank_account", "sort_code", "device_token")
_STANDARD = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor"}
PAGE = 1000


@dataclass(frozen=True)
class Entry:
    when: datetime
    context: str
    aggregate: str
    event: str
    actor: str
    details: str


def _details(event: Any) -> str:
    shown = []
    for key, value in vars(event).items():
        if key in _STANDARD:
            continue
        if any(word in key for word in _HIDDEN):
            value = "(hidden)"
        elif dataclasses.is_dataclass(value) or isinstance(value, tuple | list):
            value = ", ".join(map(str, value)) if isinstance(value, tuple | list) else value
        shown.append(f"{key}={value}")
    return " ".join(shown)


def _events(contexts: Contexts) -> Iterator[tuple[str, Any]]:
    for field in dataclasses.fields(contexts):
        app = getattr(contexts, field.name)
        if not hasattr(app, "recorder"):
            continue
        start = 0
        while notifications := app.recorder.select_notifications(start=start, limit=PAGE, inclusive_of_start=False):
            for notification in notifications:
                yield field.name, app.mapper.to_domain_event(notification)
            start = notifications[-1].id


def timeline(contexts: Contexts, subject: str, as_of: datetime | None = None) -> list[Entry]:
    """Everything recorded about `subject`: an account number, a user's email or a user id; with
    `as_of`, only what was recorded at or before that moment."""
    ids: set[UUID] = set()
    account_number: str | None = None
    user_id: UUID | None = None
    if subject.upper().startswith("A-"):
        account_number = subject.upper()
        ids |= {Account.id_for(account_number), Ledger.id_for(main_ledger_number(account_number))}
        ids.add(Consents.id_for(account_holder(account_number)))
    else:
        try:
            user_id = UUID(subject)
        except ValueError:
            user_id = contexts.identity.user_id_for_email(subject)
        if user_id is None:
            return []
        ids |= {user_id, LoyaltyLedger.id_for(user_id), Consents.id_for(user_holder(user_id))}

    def concerns(event: Any) -> bool:
        if event.originator_id in ids:
            return True
        if account_number is not None:
            if getattr(event, "account_number", None) == account_number:
                # An entity created for the account (a ledger, a payment...): its later events, which
                # do not repeat the account number, belong to the timeline too.
                ids.add(event.originator_id)
                return True
            return account_number in getattr(event, "account_numbers", ())
        fields = (getattr(event, name, None) for name in ("user_id", "to_user_id", "from_user_id", "new_user_id"))
        return user_id in fields or actor_of(event) == f"user:{user_id}"

    entries = [
        Entry(
            when=event.timestamp,
            context=context,
            aggregate=type(event).__qualname__.split(".")[0],
            event=type(event).__name__,
            actor=actor_of(event),
            details=_details(event),
        )
        for context, event in _events(contexts)
        if concerns(event)
    ]
    if as_of is not None:
        entries = [entry for entry in entries if entry.when <= as_utc(as_of)]
    return sorted(entries, key=lambda entry: entry.when)


def state_as_of(contexts: Contexts, subject: str, as_of: datetime, max_events: int) -> AccountAsOf | None:
    """The account `subject` as it stood at `as_of` (None for a subject that is not an account, or an
    account not opened by then); QueryTooComplex if that replays more than `max_events` events."""
    if not subject.upper().startswith("A-"):
        return None
    return account_as_of(contexts, subject.upper(), as_of, max_events)


def state_lines(snapshot: AccountAsOf) -> list[str]:
    """What `kraken audit --as-of` prints after the timeline: the account's state at that moment."""
    account = snapshot.account
    lines = [
        f"State of {account['number']} as of {snapshot.as_of.isoformat()} ({snapshot.replayed} events replayed)",
        f"  account: {account['billing_name']}, {account['status']}, brand {account['brand']}, "
        f"opened {account['opened_at']}",
    ]
    for ledger in snapshot.ledgers:
        lines.append(
            f"  ledger {ledger['number']} ({ledger['kind']}): balance {ledger['balance']} "
            f"{ledger['currency']}, {len(ledger['entries'])} entries"
        )
    if not snapshot.schedules:
        lines.append("  payment schedules: none")
    for schedule in sorted(snapshot.schedules, key=lambda row: (row["valid_from"], row["schedule_id"])):
        until = schedule["valid_to"] or "open-ended"
        day = f" on day {schedule['payment_day']}" if schedule["payment_day"] is not None else ""
        lines.append(
            f"  schedule {schedule['schedule_id']} on {schedule['ledger_number']}: {schedule['kind']} "
            f"{schedule['amount']}{day}, {schedule['valid_from']} to {until}"
        )
    if not snapshot.properties:
        lines.append("  properties: none")
    for home in snapshot.properties:
        lines.append(f"  property {home['property_id']}: {', '.join(home['lines'])}, {home['postcode']}")
        for meter in home["meters"]:
            fitted = f"fitted {meter['installed_on'].isoformat()}"
            removed = f", removed {meter['removed_on'].isoformat()}" if meter["removed_on"] else ""
            shown = [r for r in meter["readings"] if r["status"] != ReadingStatus.REJECTED.value]
            last = max(shown, key=lambda r: (r["read_on"], r["ordinal"]), default=None)
            read = (
                f"last reading {last['value']} m3 on {last['read_on']} ({last['status'].lower()})"
                if last
                else "no readings"
            )
            lines.append(f"    meter {meter['serial_number']} ({fitted}{removed}): {read}")
    return lines
