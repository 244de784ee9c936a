"""`account(accountNumber, asOf)`: the account as it stood at a past moment, replayed from its events.

What is answered as of a moment is a fixed set of fields (SUPPORTED below): the account's number,
status, brand, billing name and createdAt; its balance; its ledgers with their balances and
transactions; its payment schedules; its properties with their occupancy periods, their meters as
fitted that day and those meters' readings. Any other field, or an argument this set does not take,
refuses the whole request with KT-CT-1113 rather than answer it from today's state, which would
pass today's state off as the past's. A moment still to come is refused with KT-CT-4321 (nothing is
known of it yet); a moment before the account was opened answers null, as an unknown account does.
A moment without a zone is read as UTC. The replay runs off the event loop and replays at most
KRAKEN_AS_OF_MAX_EVENTS events (KT-CT-1188 beyond them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, Selection

from api.shared.types import AccountType
from domain.shared.as_of import as_utc
from domain.shared.catalogue import FieldDisabled, InputInvalid
from projections.accounts.as_of import account_as_of


@dataclass(frozen=True)
class Rule:
    """A field answered as of a moment: the arguments it takes then, and the fields below it that are
    (None: every field below it)."""

    arguments: frozenset[str] = frozenset()
    below: Mapping[str, Rule] | None = None


ANY = Rule()
_PAGE = frozenset({"first", "after", "last", "before"})


def _connection(node: Mapping[str, Rule] | None) -> dict[str, Rule]:
    return {
        "edges": Rule(below={"cursor": ANY, "node": Rule(below=node)}),
        "pageInfo": ANY,
        "totalCount": ANY,
        "edgeCount": ANY,
    }


_SCHEDULE = dict.fromkeys(
    (
        "id",
        "validFrom",
        "validTo",
        "reason",
        "paymentHolidayReason",
        "paymentDay",
        "paymentFrequency",
        "paymentFrequencyMultiplier",
        "paymentAmount",
        "paymentAdequacyAdjustment",
        "paymentAdequacyAdjustmentExpiryDate",
        "isVariablePaymentAmount",
        "totalDebtAmount",
        "isPaymentHoliday",
        "scheduleType",
    ),
    ANY,
)
_LEDGER = {
    **dict.fromkeys(
        ("id", "name", "number", "ledgerType", "balance", "amountOwedByCustomer", "affectsAccountBalance"), ANY
    ),
    "transactions": Rule(_PAGE, _connection(None)),
}
_METER = {
    **dict.fromkeys(
        (
            "id",
            "serialNumber",
            "meterPointReference",
            "capabilityType",
            "numberOfDigits",
            "installationDate",
            "activeFrom",
            "activeTo",
            "location",
        ),
        ANY,
    ),
    "readings": Rule(_PAGE | {"excludeHeld", "excludeQuarantined"}, _connection(None)),
}
_PROPERTY = {
    **dict.fromkeys(
        (
            "id",
            "postcode",
            "address",
            "richAddress",
            "splitAddress",
            "occupancyPeriods",
            "propertyType",
            "numberOfOccupants",
        ),
        ANY,
    ),
    "activeWaterMeters": Rule(below=_METER),
}
SUPPORTED: dict[str, Rule] = {
    **dict.fromkeys(("id", "number", "status", "brand", "billingName", "createdAt"), ANY),
    "balance": Rule(frozenset({"includeAllLedgers"})),
    "ledgers": Rule(frozenset({"ledgerId", "ledgerNumber"}), _LEDGER),
    "paymentSchedules": Rule(
        _PAGE | {"activeOnDate", "active", "includeDormant", "ledgerType", "ledgerId", "reason"},
        _connection(_SCHEDULE),
    ),
    "properties": Rule(frozenset({"activeFrom"}), _PROPERTY),
}


@dataclass
class _Walk:
    path: list[str] = field(default_factory=list)

    def check(self, selections: Iterable[Selection], allowed: Mapping[str, Rule]) -> None:
        for selection in selections:
            if isinstance(selection, InlineFragment | FragmentSpread):
                self.check(selection.selections, allowed)
                continue
            if selection.name.startswith("__"):
                continue
            where = ".".join([*self.path, selection.name])
            rule = allowed.get(selection.name)
            if rule is None:
                raise FieldDisabled(
                    f"account(asOf) does not answer {where} as of a past moment; ask for it without asOf."
                )
            extra = sorted(set(selection.arguments) - rule.arguments)
            if extra:
                raise FieldDisabled(f"account(asOf) does not take {where}({', '.join(extra)}) as of a past moment.")
            if rule.below is not None:
                self.path.append(selection.name)
                self.check(selection.selections, rule.below)
                self.path.pop()


def check_selection(info: strawberry.Info) -> None:
    """KT-CT-1113 for any field (or argument) under `account(asOf)` that is not answered as of a moment."""
    for selected in info.selected_fields:
        _Walk().check(selected.selections, SUPPORTED)


async def account_as_of_answer(info: strawberry.Info, number: str, as_of: datetime) -> AccountType | None:
    """The account `number` (which the viewer may see) as it stood at `as_of`."""
    moment = as_utc(as_of)
    now = datetime.now(UTC)
    if moment > now:
        raise InputInvalid(
            f"asOf {moment.isoformat()} is still to come (it is {now.isoformat(timespec='seconds')}): "
            "ask about a past moment, or without asOf for now."
        )
    check_selection(info)
    limit = info.context.settings.as_of_max_events
    snapshot = await info.context.call(account_as_of, info.context.contexts, number, moment, limit)
    return AccountType.historical(snapshot) if snapshot is not None else None
