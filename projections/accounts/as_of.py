"""An account as it stood at a past moment (`account(accountNumber, asOf)`, `kraken audit --as-of`).

Answered from the event stores, not from the read models: each of the account's aggregates is
replayed up to the moment (domain/shared/as_of.py), and what it held then is shaped as the read
models shape their rows today, so the API's types answer both alike. Covered: the account itself
(number, status, brand, billing name, when opened), its ledgers with their balances and entries,
its ledgers' payment schedules, and the properties it occupied with their meters and readings.

Which properties to replay is the one thing read from a read model: the write side keeps no list of
an account's properties (each Property aggregate lists its occupiers). The properties read model
names every property the account has a period at; replayed, a property the account did not occupy
yet at the moment is left out. An occupancy withdrawn since (one called off before it began) is no
longer listed there, so it is not shown either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.accounts.account import DEFAULT_BRAND, Account
from domain.accounts.property import Property
from domain.payments.account_ledgers import AccountLedgers
from domain.payments.ledger import EntryKind, Ledger, main_ledger_number
from domain.payments.payment_schedule import PaymentSchedules
from domain.shared.as_of import Budget, Replayed, as_utc, replay
from domain.supply.meter_readings import MeterReadings
from domain.supply.water_meter import PropertyMeters, WaterMeter
from projections.accounts.accounts import ACTIVE
from projections.contexts import Contexts
from projections.supply.water_meters import meter_row


@dataclass(frozen=True)
class AccountAsOf:
    """The account at `as_of`, as rows shaped like the read models' (entries and readings oldest first)."""

    as_of: datetime
    account: dict[str, Any]
    # Each ledger's row (LedgersView.of_accounts), the main ledger first, with its "entries".
    ledgers: list[dict[str, Any]] = field(default_factory=list)
    # The schedules of every ledger (SchedulesView's rows: dates as ISO text).
    schedules: list[dict[str, Any]] = field(default_factory=list)
    # Each property (PropertiesView.of_accounts) with the account's "periods" and its "meters" (WaterMetersView
    # rows), each meter with its "readings" (MeterReadingsView rows: days as ISO text).
    properties: list[dict[str, Any]] = field(default_factory=list)
    replayed: int = 0


def account_as_of(contexts: Contexts, number: str, as_of: datetime, max_events: int) -> AccountAsOf | None:
    """The account `number` as it stood at `as_of`; None if it was not opened by then.

    Replays at most `max_events` events in all (QueryTooComplex beyond them)."""
    budget = Budget(max_events)
    moment = as_utc(as_of)
    opened = replay(contexts.accounts, Account.id_for(number), moment, budget)
    if opened is None:
        return None
    account: Account = opened.aggregate
    shown = {
        "number": account.number,
        "billing_name": account.billing_name,
        # As the accounts read model says: nothing recorded puts an opened account in another state.
        "status": ACTIVE,
        "opened_at": account.opened_at.isoformat(),
        "brand": getattr(account, "brand", DEFAULT_BRAND),
    }
    ledgers = _ledgers(contexts, number, moment, budget)
    schedules = [row for ledger in ledgers for row in _schedules(contexts, ledger["number"], moment, budget)]
    properties = _properties(contexts, number, moment, budget)
    return AccountAsOf(
        as_of=moment,
        account=shown,
        ledgers=ledgers,
        schedules=schedules,
        properties=properties,
        replayed=budget.spent,
    )


def _ledgers(contexts: Contexts, number: str, moment: datetime, budget: Budget) -> list[dict[str, Any]]:
    """The account's ledgers opened by `moment`, as LedgersView orders them (main first, then by number)."""
    others = replay(contexts.payments, AccountLedgers.id_for(number), moment, budget)
    numbers = [main_ledger_number(number), *(others.aggregate.others if others is not None else [])]
    found = []
    for ledger_number in numbers:
        replayed = replay(contexts.payments, Ledger.id_for(ledger_number), moment, budget)
        if replayed is not None:
            found.append(_ledger_row(replayed))
    # As LedgersView orders them: by kind, descending (the main ledger first), then by number.
    found.sort(key=lambda row: row["number"])
    found.sort(key=lambda row: row["kind"], reverse=True)
    return found


def _ledger_row(replayed: Replayed) -> dict[str, Any]:
    ledger: Ledger = replayed.aggregate
    entries = [
        {
            "version": event.originator_version,
            "kind": event.kind if isinstance(event, Ledger.Posted) else EntryKind.CREDIT.value,
            "amount": event.amount,
            "reason_code": event.reason_code,
            "source": event.source,
            "posted_at": event.posted_at.isoformat(),
            "balance_carried_forward": event.balance_carried_forward,
        }
        for event in replayed.events
        if isinstance(event, Ledger.Posted | Ledger.Credited)
    ]
    return {
        "id": ledger.ledger_id,
        "number": ledger.number,
        "kind": ledger.kind.value,
        "currency": ledger.currency,
        "balance": ledger.balance,
        "account_number": ledger.account_number,
        "entries": entries,
    }


def _schedules(contexts: Contexts, ledger_number: str, moment: datetime, budget: Budget) -> list[dict[str, Any]]:
    replayed = replay(contexts.payments, PaymentSchedules.id_for(ledger_number), moment, budget)
    if replayed is None:
        return []
    held: PaymentSchedules = replayed.aggregate
    return [
        {
            "schedule_id": schedule.id,
            "ledger_number": schedule.ledger_number,
            "account_number": held.account_number,
            "kind": schedule.kind.value,
            "reason": schedule.reason.value,
            "valid_from": schedule.valid_from.isoformat(),
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
            "payment_day": schedule.payment_day,
            "amount": schedule.amount,
            "trigger_threshold": schedule.trigger_threshold,
            "instruction_number": schedule.instruction_number,
            "schedule_type": schedule.schedule_type.value,
        }
        for schedule in held.schedules.values()
    ]


def _properties(contexts: Contexts, number: str, moment: datetime, budget: Budget) -> list[dict[str, Any]]:
    """The properties the account had periods at by `moment`, as PropertiesView.of_accounts orders them."""
    listed = contexts.read.properties.of_accounts([number])[0]
    found = []
    for property_id in dict.fromkeys(row["property_id"] for row in listed):
        replayed = replay(contexts.accounts, Property.id_for(property_id), moment, budget)
        if replayed is None:
            continue
        home: Property = replayed.aggregate
        periods = [
            {
                "id": f"{property_id}-{period.ordinal}",
                "account_number": period.account_number,
                "effective_from": period.effective_from,
                "effective_to": period.effective_to,
                "ordinal": period.ordinal,
            }
            for period in home.periods
            if period.account_number == number and not period.withdrawn
        ]
        if not periods:
            continue
        built_form = getattr(home, "built_form", None)
        found.append(
            {
                "property_id": home.property_id,
                "lines": list(home.lines),
                "locality": home.locality,
                "postcode": home.postcode,
                "country": home.country,
                "property_type": built_form.value if built_form is not None else None,
                "occupants": getattr(home, "occupants", None),
                "periods": sorted(periods, key=lambda p: (p["effective_from"], p["ordinal"])),
                "meters": _meters(contexts, property_id, moment, budget),
            }
        )
    return sorted(found, key=lambda row: (row["periods"][0]["effective_from"], row["property_id"]))


def _meters(contexts: Contexts, property_id: str, moment: datetime, budget: Budget) -> list[dict[str, Any]]:
    """The meters fitted at the property by `moment`, removed ones too, as WaterMetersView orders them."""
    attached = replay(contexts.supply, PropertyMeters.id_for(property_id), moment, budget)
    if attached is None:
        return []
    found = []
    for meter_id in dict.fromkeys(attached.aggregate.meter_ids):
        replayed = replay(contexts.supply, WaterMeter.id_for(meter_id), moment, budget)
        if replayed is None:
            continue
        meter: WaterMeter = replayed.aggregate
        found.append({**meter_row(meter), "readings": _readings(contexts, meter_id, moment, budget)})
    return sorted(found, key=lambda row: (row["installed_on"], row["id"]))


def _readings(contexts: Contexts, meter_id: str, moment: datetime, budget: Budget) -> list[dict[str, Any]]:
    replayed = replay(contexts.supply, MeterReadings.id_for(meter_id), moment, budget)
    if replayed is None:
        return []
    return [
        {
            "meter_id": meter_id,
            "ordinal": reading.ordinal,
            "value": reading.value,
            "read_on": reading.read_on.isoformat(),
            "source": reading.source.value,
            "kind": reading.kind.value,
            "status": reading.status.value,
            "reason": reading.reason.value if reading.reason is not None else None,
            "submitted_by": reading.submitted_by,
        }
        for reading in replayed.aggregate.readings
    ]
