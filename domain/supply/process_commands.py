"""Lifecycle process commands: starting a process (for a sign-up or a house move), accepting the
terms of a join supplier process, cancelling an enrollment, and completing processes whose date has come.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.shared.application import ContextApplication
from domain.supply.lifecycle_process import (
    MAX_KEY_LENGTH,
    LifecycleProcess,
    ProcessKey,
    ProcessKind,
    new_process_number,
    parse_process_number,
)


class ProcessCommands(ContextApplication):
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
            return number, [process, ProcessKey.claim(key, number)]

        return self.decide(decide)

    # Lookups -------------------------------------------------------------------------------------

    def lifecycle_process(self, number: str) -> LifecycleProcess | None:
        parsed = parse_process_number(number)
        found: LifecycleProcess | None = self.find(LifecycleProcess.id_for(parsed)) if parsed is not None else None
        return found
