"""How payments entities are named: integer ids on the wire, UUIDs in the store, and idempotency keys.

Kraken gives payments, instructions and schedules integer ids (`amendPayment(paymentId: Int!)`).
Each entity lives at a UUID derived from its kind and integer id, so creating one under an id
already taken makes the save conflict, and the command's retry draws another id: no counter
aggregate for every writer to contend on.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

# Payments, schedules and ledgers are numbered as domain/shared/int_ids.py says (amendPayment's paymentId is an Int).
from domain.shared.int_ids import new_number as new_number
from domain.shared.int_ids import parse_number as parse_number

_ENTITIES = uuid5(NAMESPACE_URL, "https://kraken-es/payments/entity/")
_KEYS = uuid5(NAMESPACE_URL, "https://kraken-es/payments/idempotency-key/")


def entity_id(kind: str, number: int) -> UUID:
    return uuid5(_ENTITIES, f"{kind}:{number}")


class IdempotencyKey(Aggregate):
    """A client's idempotency key, claimed once per scope for the entity its first request created.

    `fingerprint` is what the first request asked for: the same key with another request is refused
    by the command that owns the scope, the same request gets the first result again.
    """

    @staticmethod
    def id_for(scope: str, key: str) -> UUID:
        return uuid5(_KEYS, f"{scope}\x00{key}")

    @classmethod
    def claim(cls, scope: str, key: str, fingerprint: str, target: int) -> IdempotencyKey:
        return cls._create(cls.Claimed, id=cls.id_for(scope, key), fingerprint=fingerprint, target=target)

    class Claimed(Aggregate.Created):
        fingerprint: str
        target: int

    @event(Claimed)
    def __init__(self, fingerprint: str, target: int) -> None:
        self.fingerprint = fingerprint
        self.target = target


class LedgerClaim(Aggregate):
    """Names the ledger an integer id belongs to (a ledger's own ID, a schedule's id): created in
    the same save as what it names, so two ledgers can never share an id."""

    @staticmethod
    def id_for(kind: str, number: int) -> UUID:
        return entity_id(kind, number)

    @classmethod
    def claim(cls, kind: str, number: int, ledger_number: str) -> LedgerClaim:
        return cls._create(cls.Claimed, id=cls.id_for(kind, number), number=number, ledger_number=ledger_number)

    class Claimed(Aggregate.Created):
        number: int
        ledger_number: str

    @event(Claimed)
    def __init__(self, number: int, ledger_number: str) -> None:
        self.number = number
        self.ledger_number = ledger_number
