"""Lifecycle process commands: starting a process (for a sign-up or a house move), accepting the
terms of a join supplier process, cancelling an enrollment, and completing processes whose date has come.

A process of another account is answered as one that does not exist, with each mutation's own code:
a client learns nothing about process numbers that are not its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.accounts import commands as accounts_commands
from domain.accounts.application import Accounts
from domain.accounts.property import OccupancyConflict, PropertyNotFound
from domain.shared.application import ContextApplication
from domain.supply import commands
from domain.supply.errors import (
    EnrollmentCancellationDisabled,
    EnrollmentCancellationFailed,
    EnrollmentCancellationWorkflowMissing,
    EnrollmentNotCancellable,
    EnrollmentProcessNotFound,
    JoinSupplierProcessAccessDenied,
    OccupyPropertyCancellationNotConfigured,
)
from domain.supply.lifecycle_process import (
    MAX_KEY_LENGTH,
    AccountProcesses,
    LifecycleProcess,
    ProcessKey,
    ProcessKind,
    new_process_number,
    parse_process_number,
)

# The kinds cancelEnrollment may cancel at all; a leave property process has no cancellation workflow.
_CANCELLABLE = (ProcessKind.JOIN_SUPPLIER, ProcessKind.OCCUPY_PROPERTY)


@dataclass(frozen=True, slots=True)
class ProcessSettings:
    """How a deployment runs lifecycle processes (KRAKEN_TERMS_VERSION, KRAKEN_ENROLLMENT_CANCELLATION,
    KRAKEN_OCCUPY_PROPERTY_CANCELLATION)."""

    terms_version: str = "2026-01"
    enrollment_cancellation: bool = True
    occupy_property_cancellation: bool = False


class ProcessCommands(ContextApplication):
    process_settings: ProcessSettings = ProcessSettings()
    accounts: Accounts

    def start_process(
        self, kind: ProcessKind, account_number: str, property_id: str | None, effective_on: date | None, *, key: str
    ) -> str:
        """Starts a process and answers its number; the same `key` again answers the same number."""
        if not key or len(key) > MAX_KEY_LENGTH:
            raise ValueError(f"A process key has 1 to {MAX_KEY_LENGTH} characters.")

        def decide() -> tuple[str, list[Any]]:
            claimed: ProcessKey | None = self.find(ProcessKey.id_for(key))
            if claimed is not None:
                return claimed.number, []
            number = new_process_number()
            # A number already taken, or the same key claimed at the same moment, makes the save
            # conflict; the retry then draws another number or finds the key claimed.
            process = LifecycleProcess.start(
                ProcessKind(kind), number, account_number, property_id, effective_on, at=self.clock.now()
            )
            listed: AccountProcesses = self.find(AccountProcesses.id_for(account_number)) or AccountProcesses.open(
                account_number
            )
            listed.add(number)
            return number, [process, ProcessKey.claim(key, number), listed]

        return self.decide(decide)

    # Mutations -----------------------------------------------------------------------------------

    def accept_join_supplier_terms(self, command: commands.AcceptJoinSupplierTerms) -> str:
        """Accepts the terms (once) and answers the process number; KT-CT-4501 for any process the
        account cannot move on: unknown, another account's, or not a join supplier process."""

        def decide() -> tuple[str, list[Any]]:
            process = self._join_supplier_process(command.account_number, command.process_number)
            process.accept_terms(self.process_settings.terms_version, command.accepted_by, at=self.clock.now())
            return process.number, [process]

        return self.decide(decide)

    def cancel_enrollment(self, command: commands.CancelEnrollment) -> LifecycleProcess:
        if not self.process_settings.enrollment_cancellation:
            raise EnrollmentCancellationDisabled("Cancelling enrollments is switched off on this deployment.")
        process = self._cancellable(command)
        if process.kind is ProcessKind.OCCUPY_PROPERTY:
            # The occupancy goes first: a retry finds it withdrawn already and goes on to the process.
            self._withdraw_occupancy(process)

        def decide() -> tuple[LifecycleProcess, list[Any]]:
            current = self._process(process.number)
            current.cancel(command.reason, command.cancelled_by, at=self.clock.now())
            return current, [current]

        return self.decide(decide)

    # The scheduler -------------------------------------------------------------------------------

    def complete_due_process(self, number: str) -> bool:
        """Completes an occupy or leave property process whose date has come; False when it is not due."""

        def decide() -> tuple[bool, list[Any]]:
            process = self.lifecycle_process(number)
            if process is None:
                return False, []
            now = self.clock.now()
            done = process.complete_when_due(now.date(), at=now)
            return done, [process] if done else []

        return self.decide(decide)

    def record_cancellation_notified(self, number: str) -> bool:
        """The cancellation's confirmation went out; False when it was recorded already."""

        def decide() -> tuple[bool, list[Any]]:
            process = self._process(number)
            done = process.record_cancellation_notified(at=self.clock.now())
            return done, [process] if done else []

        return self.decide(decide)

    # Lookups -------------------------------------------------------------------------------------

    def lifecycle_process(self, number: str) -> LifecycleProcess | None:
        parsed = parse_process_number(number)
        found: LifecycleProcess | None = self.find(LifecycleProcess.id_for(parsed)) if parsed is not None else None
        return found

    def processes_of(self, account_number: str) -> list[LifecycleProcess]:
        """The account's processes, the first started first."""
        listed: AccountProcesses | None = self.find(AccountProcesses.id_for(account_number))
        return [self._process(number) for number in listed.numbers] if listed is not None else []

    def _process(self, number: str) -> LifecycleProcess:
        found: LifecycleProcess = self.load(LifecycleProcess.id_for(number))
        return found

    def _join_supplier_process(self, account_number: str, number: str | None) -> LifecycleProcess:
        if number is not None:
            process = self.lifecycle_process(number)
            if process is None or process.account_number != account_number:
                raise JoinSupplierProcessAccessDenied(f"Account {account_number} has no such join supplier process.")
            return process
        joins = [p for p in self.processes_of(account_number) if p.kind is ProcessKind.JOIN_SUPPLIER]
        # The open one; once its terms are accepted, that one again (accepting twice answers true).
        chosen = next((p for p in reversed(joins) if p.is_active), None) or next(
            (p for p in reversed(joins) if p.terms_accepted_at is not None), None
        )
        if chosen is None:
            raise JoinSupplierProcessAccessDenied(f"Account {account_number} has no open join supplier process.")
        return chosen

    def _cancellable(self, command: commands.CancelEnrollment) -> LifecycleProcess:
        """The process the command names, checked against every rule before anything is written."""
        process = self._matching(command)
        if process is None or (command.allowed is not None and process.account_number not in command.allowed):
            raise EnrollmentProcessNotFound("No enrollment process matches the input.")
        if process.kind not in _CANCELLABLE:
            raise EnrollmentCancellationWorkflowMissing(
                f"Process {process.number} is a {process.kind.value.lower()} process: no cancellation workflow exists."
            )
        if process.kind is ProcessKind.OCCUPY_PROPERTY and not self.process_settings.occupy_property_cancellation:
            raise OccupyPropertyCancellationNotConfigured("Cancelling occupy property processes is not configured.")
        if not process.is_active:
            # Checked here as well as by the aggregate: before the occupancy is touched.
            raise EnrollmentNotCancellable(
                f"Process {process.number} is {process.status.value.lower()}: it is not in a cancellable state."
            )
        return process

    def _matching(self, command: commands.CancelEnrollment) -> LifecycleProcess | None:
        if command.process_number is not None:
            process = self.lifecycle_process(command.process_number)
            if process is None or (
                command.account_number is not None and process.account_number != command.account_number
            ):
                return None
            points = {point.identifier for point in command.supply_points}
            return process if not points or process.property_id in points else None
        if command.account_number is None:
            return None
        points = {point.identifier for point in command.supply_points}
        candidates = [
            p
            for p in self.processes_of(command.account_number)
            if p.kind in _CANCELLABLE and p.is_active and (not points or p.property_id in points)
        ]
        # Without a number the account and supply points must name one process, not a choice of several.
        return candidates[0] if len(candidates) == 1 else None

    def _withdraw_occupancy(self, process: LifecycleProcess) -> None:
        if process.property_id is None or process.effective_on is None:
            raise EnrollmentCancellationFailed(f"Process {process.number} names no occupancy to withdraw.")
        try:
            self.accounts.withdraw_occupancy(
                accounts_commands.WithdrawOccupancy(
                    account_number=process.account_number,
                    property_id=process.property_id,
                    effective_from=process.effective_on,
                )
            )
        except (OccupancyConflict, PropertyNotFound) as refused:
            raise EnrollmentCancellationFailed(str(refused)) from refused
