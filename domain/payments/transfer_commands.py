"""Credit transfers: permissions between two ledgers (at least one of them a credit storage ledger),
and moving credit along an active permission.

Who may use a ledger is the caller's to check (the API checks that the viewer may act on both
ledgers' accounts, which `credit_transfer_accounts` names); here are the ledgers' own rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.payments import commands
from domain.payments.credit_transfer_permission import CreditTransferPermission
from domain.payments.errors import (
    AmountInvalid,
    CreditStorageLedgerRequired,
    CreditTransferLedgerNotFound,
    CreditTransferPermissionNotFound,
)
from domain.payments.ledger import EntryKind, Ledger, LedgerKind
from domain.payments.lookups import PaymentsLookups

TRANSFER_REASON = "CREDIT_TRANSFER"


class TransferCommands(PaymentsLookups):
    def credit_transfer_accounts(self, source_ledger_number: str, target_ledger_number: str) -> tuple[str, str]:
        """The accounts of the two ledgers, for the caller to authorise; KT-CT-3827 if either is unknown."""
        source, target = self._transfer_ledgers(source_ledger_number, target_ledger_number)
        return source.account_number, target.account_number

    def create_credit_transfer_permission(self, command: commands.CreateCreditTransferPermission) -> datetime:
        """Grants the permission from now; returns when it is valid from."""

        def decide() -> tuple[datetime, list[Any]]:
            source, target = self._transfer_ledgers(command.source_ledger_number, command.target_ledger_number)
            if LedgerKind.CREDIT_STORAGE not in (source.kind, target.kind):
                raise CreditStorageLedgerRequired(f"Neither {source.number} nor {target.number} stores credit.")
            now = self.clock.now()
            permission: CreditTransferPermission | None = self.find(
                CreditTransferPermission.id_for(source.number, target.number)
            )
            if permission is None:
                permission = CreditTransferPermission.grant_first(source.number, target.number, now)
            else:
                permission.grant_again(valid_from=now)
            return permission.valid_from, [permission]

        return self.decide(decide)

    def terminate_credit_transfer_permission(self, command: commands.TerminateCreditTransferPermission) -> datetime:
        """Ends the permission at `active_at` (now by default); returns when it ends."""

        def decide() -> tuple[datetime, list[Any]]:
            source, target = self._transfer_ledgers(command.source_ledger_number, command.target_ledger_number)
            at = command.active_at or self.clock.now()
            permission: CreditTransferPermission | None = self.find(
                CreditTransferPermission.id_for(source.number, target.number)
            )
            if permission is None:
                raise CreditTransferPermissionNotFound(
                    f"Credit was never allowed to move from {source.number} to {target.number}."
                )
            permission.terminate(valid_to=at)
            return at, [permission]

        return self.decide(decide)

    def transfer_credit(self, command: commands.TransferCredit) -> tuple[Ledger, Ledger]:
        """Moves `amount` from the source to the target in one save (an operator's or worker's command):
        CreditTransferPermissionNotFound without an active permission, AmountInvalid beyond the money
        limits or the source's credit, LedgerLimitExceeded without room on the target."""

        def decide() -> tuple[tuple[Ledger, Ledger], list[Any]]:
            source, target = self._transfer_ledgers(command.source_ledger_number, command.target_ledger_number)
            now = self.clock.now()
            permission: CreditTransferPermission | None = self.find(
                CreditTransferPermission.id_for(source.number, target.number)
            )
            if permission is None or not permission.active_at(now):
                raise CreditTransferPermissionNotFound(
                    f"No active credit transfer permission from {source.number} to {target.number}."
                )
            self.limits.check(command.amount)
            if command.amount > source.balance:
                raise AmountInvalid(f"{source.number} holds {source.balance}, less than {command.amount}.")
            entry = f"transfer:{source.number}>{target.number}@{source.version}:{command.reason}"
            limit = self.limits.ledger_balance
            source.post(EntryKind.TRANSFER, -command.amount, TRANSFER_REASON, entry, now, limit=limit)
            target.post(EntryKind.TRANSFER, command.amount, TRANSFER_REASON, entry, now, limit=limit)
            return (source, target), [source, target]

        return self.decide(decide)

    def _transfer_ledgers(self, source_ledger_number: str, target_ledger_number: str) -> tuple[Ledger, Ledger]:
        source = self.ledger(source_ledger_number.strip())
        target = self.ledger(target_ledger_number.strip())
        for number, ledger in ((source_ledger_number, source), (target_ledger_number, target)):
            if ledger is None:
                raise CreditTransferLedgerNotFound(f"No ledger {number}.")
        assert source is not None and target is not None
        if source.number == target.number:
            raise CreditTransferLedgerNotFound(f"Credit cannot move from {source.number} to itself.")
        return source, target
