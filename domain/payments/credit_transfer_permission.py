"""The CreditTransferPermission aggregate: credit may move from one ledger to another while it is active.

There is one aggregate per (source, target) pair, at an id derived from the two ledger numbers, so
two clients creating the same permission at once conflict and the retry answers KT-CT-3829. A
permission that ended can be granted again: the aggregate keeps its current period only.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.payments.errors import CreditTransferPermissionExists, CreditTransferPermissionNotFound

_PERMISSIONS = uuid5(NAMESPACE_URL, "https://kraken-es/payments/credit-transfer-permission/")


class CreditTransferPermission(Aggregate):
    @staticmethod
    def id_for(source_ledger_number: str, target_ledger_number: str) -> UUID:
        return uuid5(_PERMISSIONS, f"{source_ledger_number}>{target_ledger_number}")

    @classmethod
    def grant_first(
        cls, source_ledger_number: str, target_ledger_number: str, valid_from: datetime
    ) -> CreditTransferPermission:
        return cls._create(
            cls.Granted,
            id=cls.id_for(source_ledger_number, target_ledger_number),
            source_ledger_number=source_ledger_number,
            target_ledger_number=target_ledger_number,
            valid_from=valid_from,
        )

    class Granted(Aggregate.Created):
        source_ledger_number: str
        target_ledger_number: str
        valid_from: datetime

    @event(Granted)
    def __init__(self, source_ledger_number: str, target_ledger_number: str, valid_from: datetime) -> None:
        self.source_ledger_number = source_ledger_number
        self.target_ledger_number = target_ledger_number
        self.valid_from = valid_from
        self.valid_to: datetime | None = None

    def active_at(self, at: datetime) -> bool:
        return self.valid_from <= at and (self.valid_to is None or at < self.valid_to)

    def grant_again(self, valid_from: datetime) -> None:
        if self.active_at(valid_from):
            raise CreditTransferPermissionExists(
                f"Credit may already move from {self.source_ledger_number} to {self.target_ledger_number}."
            )
        self._grant_again(valid_from=valid_from)

    class GrantedAgain(Aggregate.Event):
        valid_from: datetime

    @event(GrantedAgain)
    def _grant_again(self, valid_from: datetime) -> None:
        self.valid_from = valid_from
        self.valid_to = None

    def terminate(self, valid_to: datetime) -> None:
        if not self.active_at(valid_to):
            raise CreditTransferPermissionNotFound(
                f"No credit transfer permission from {self.source_ledger_number} to {self.target_ledger_number} "
                f"is active at {valid_to}."
            )
        self._terminate(valid_to=valid_to)

    class Terminated(Aggregate.Event):
        valid_to: datetime

    @event(Terminated)
    def _terminate(self, valid_to: datetime) -> None:
        self.valid_to = valid_to
