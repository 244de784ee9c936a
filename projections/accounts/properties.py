"""Properties and who occupied them when (answers `account { properties }`, `property(id)` and
`properties(accountNumber, active)`): one row per property, one per occupancy period.

A property is answered with its periods: those of the accounts asked about, or all of them when it
is asked for by id. Either way it costs one statement for any number of accounts or properties.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.accounts.property import Property
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_PROPERTY = ("property_id", "lines", "locality", "postcode", "country", "property_type", "occupants")
_PERIOD = ("ordinal", "account_number", "effective_from", "effective_to")
_SELECT = (
    f"SELECT {', '.join(f'p.{c}' for c in _PROPERTY)}, {', '.join(f'o.{c}' for c in _PERIOD)} "
    "FROM properties p LEFT JOIN property_occupancies o ON o.aggregate_id = p.aggregate_id"
)


class PropertiesProjection(Projection):
    name = "properties"
    upstream = "accounts"
    topics = (
        get_topic(Property.Registered),
        get_topic(Property.Occupied),
        get_topic(Property.Vacated),
        get_topic(Property.OccupancyWithdrawn),
        get_topic(Property.TypeDeclared),
        get_topic(Property.OccupantsDeclared),
    )
    tables = ("properties", "property_occupancies")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS properties (aggregate_id TEXT PRIMARY KEY, property_id TEXT NOT NULL UNIQUE, "
            "lines TEXT NOT NULL, locality TEXT NOT NULL, postcode TEXT NOT NULL, country TEXT NOT NULL, "
            "property_type TEXT, occupants INTEGER)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS property_occupancies (aggregate_id TEXT NOT NULL, ordinal INTEGER NOT NULL, "
            "account_number TEXT NOT NULL, effective_from TEXT NOT NULL, effective_to TEXT, "
            "PRIMARY KEY (aggregate_id, ordinal))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS property_occupancies_by_account ON property_occupancies (account_number)"
        )
        # Finding a property by its postcode (getAddressesByPostcode) before signing up.
        cursor.execute("CREATE INDEX IF NOT EXISTS properties_by_postcode ON properties (postcode)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # What the batch registers or begins is inserted once, as the batch leaves it; what an earlier
        # batch wrote is updated.
        registered: dict[str, dict[str, Any]] = {}
        declared: dict[str, dict[str, Any]] = {}
        begun: dict[tuple[str, int], dict[str, Any]] = {}
        ended: dict[tuple[str, int], str] = {}
        withdrawn: list[tuple[str, int]] = []
        for e in events:
            key = str(e.originator_id)
            if isinstance(e, Property.Registered):
                registered[key] = {
                    "aggregate_id": key,
                    "property_id": e.property_id,
                    "lines": json.dumps(list(e.lines)),
                    "locality": e.locality,
                    "postcode": e.postcode,
                    "country": e.country,
                    "property_type": None,
                    "occupants": None,
                }
            elif isinstance(e, Property.Occupied):
                begun[(key, e.ordinal)] = {
                    "aggregate_id": key,
                    "ordinal": e.ordinal,
                    "account_number": e.account_number,
                    "effective_from": e.effective_from.isoformat(),
                    "effective_to": None,
                }
            elif isinstance(e, Property.Vacated):
                if (key, e.ordinal) in begun:
                    begun[(key, e.ordinal)]["effective_to"] = e.effective_to.isoformat()
                else:
                    ended[(key, e.ordinal)] = e.effective_to.isoformat()
            elif isinstance(e, Property.OccupancyWithdrawn):
                # A withdrawn period no longer shows; the ordinals of the others stay as they are.
                if begun.pop((key, e.ordinal), None) is None:
                    withdrawn.append((key, e.ordinal))
            else:
                change = (
                    {"property_type": e.property_type.value}
                    if isinstance(e, Property.TypeDeclared)
                    else {"occupants": e.count}
                )
                (registered[key] if key in registered else declared.setdefault(key, {})).update(change)
        for column in ("property_type", "occupants"):
            cursor.executemany(
                f"UPDATE properties SET {column} = %s WHERE aggregate_id = %s",
                [(change[column], key) for key, change in declared.items() if column in change],
            )
        cursor.executemany(
            "UPDATE property_occupancies SET effective_to = %s WHERE aggregate_id = %s AND ordinal = %s",
            [(effective_to, key, ordinal) for (key, ordinal), effective_to in ended.items()],
        )
        cursor.executemany(
            "DELETE FROM property_occupancies WHERE aggregate_id = %s AND ordinal = %s",
            withdrawn,
        )
        columns = ("aggregate_id", *_PROPERTY)
        cursor.insert_rows("properties", columns, [tuple(row[c] for c in columns) for row in registered.values()])
        periods = ("aggregate_id", *_PERIOD)
        cursor.insert_rows("property_occupancies", periods, [tuple(row[c] for c in periods) for row in begun.values()])


def _period(property_id: str, row: Sequence[Any]) -> dict[str, Any]:
    ordinal, account_number, effective_from, effective_to = row
    return {
        # A period is known by its property and its ordinal there (domain/accounts/property.py).
        "id": f"{property_id}-{ordinal}",
        "account_number": account_number,
        "effective_from": date.fromisoformat(effective_from),
        "effective_to": date.fromisoformat(effective_to) if effective_to else None,
    }


def _property(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_PROPERTY, row, strict=True))
    found["lines"] = json.loads(found["lines"])
    found["periods"] = []
    return found


class PropertiesView:
    projection: ClassVar[type[Projection]] = PropertiesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_accounts(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's properties with that account's periods there, the first occupied first, in one query."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            f"{_SELECT} WHERE o.account_number IN ({marks(account_numbers)}) "
            "ORDER BY o.account_number, o.effective_from, p.property_id, o.ordinal",
            tuple(account_numbers),
        )
        found: dict[str, dict[str, dict[str, Any]]] = {number: {} for number in account_numbers}
        for row in rows:
            property_id, account_number = row[0], row[len(_PROPERTY) + 1]
            listed = found[account_number].setdefault(property_id, _property(row[: len(_PROPERTY)]))
            listed["periods"].append(_period(property_id, row[len(_PROPERTY) :]))
        return [list(found[number].values()) for number in account_numbers]

    def properties(self, property_ids: Sequence[str]) -> list[dict[str, Any] | None]:
        """Each property with every period there (None for an id no property has), in one query."""
        if not property_ids:
            return []
        rows = self.store.rows(
            f"{_SELECT} WHERE p.property_id IN ({marks(property_ids)}) ORDER BY p.property_id, o.ordinal",
            tuple(property_ids),
        )
        found: dict[str, dict[str, Any]] = {}
        for row in rows:
            property_id = row[0]
            listed = found.setdefault(property_id, _property(row[: len(_PROPERTY)]))
            if row[len(_PROPERTY)] is not None:
                listed["periods"].append(_period(property_id, row[len(_PROPERTY) :]))
        return [found.get(property_id) for property_id in property_ids]

    # Finding a property (public: addresses only, never who occupies it) ---------------------------

    def addresses_at(self, postcode: str, limit: int) -> list[dict[str, Any]]:
        """The addresses at a postcode (as Royal Mail spells it), by their first line, at most `limit`."""
        rows = self.store.rows(
            f"SELECT {_ADDRESS} FROM properties WHERE postcode = %s ORDER BY lines, property_id LIMIT %s",
            (postcode, limit),
        )
        return [_address(row) for row in rows]

    def addresses_matching(self, words: Sequence[str], limit: int) -> list[dict[str, Any]]:
        """The addresses whose lines, locality and postcode hold every word (case-insensitive), at most `limit`."""
        if not words:
            return []
        text = "LOWER(lines || ' ' || locality || ' ' || postcode)"
        where = " AND ".join([f"{text} LIKE %s ESCAPE '!'"] * len(words))
        rows = self.store.rows(
            f"SELECT {_ADDRESS} FROM properties WHERE {where} ORDER BY postcode, lines, property_id LIMIT %s",
            (*(f"%{_escaped(word.lower())}%" for word in words), limit),
        )
        return [_address(row) for row in rows]


_ADDRESS = "property_id, lines, locality, postcode, country"


def _address(row: Sequence[Any]) -> dict[str, Any]:
    property_id, lines, locality, postcode, country = row
    return {
        "property_id": property_id,
        "lines": json.loads(lines),
        "locality": locality,
        "postcode": postcode,
        "country": country,
    }


def _escaped(word: str) -> str:
    """A word for LIKE, its wildcards taken literally."""
    return word.replace("!", "!!").replace("%", "!%").replace("_", "!_")
