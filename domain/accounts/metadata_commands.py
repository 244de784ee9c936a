"""Accounts commands about metadata: JSON values integrations set on accounts and account users."""

from __future__ import annotations

from typing import Any

from domain.accounts import commands
from domain.accounts.metadata import Metadata
from domain.shared.application import ContextApplication


class MetadataCommands(ContextApplication):
    """Joined into the Accounts application (domain/accounts/application.py)."""

    def update_metadata(self, command: commands.UpdateMetadata) -> str:
        """Sets one key (the viewer's right to was checked by the caller); answers the stored JSON text."""

        def decide() -> tuple[str, list[Any]]:
            found: Metadata | None = self.find(Metadata.id_for(command.linked_object, command.identifier))
            metadata = found or Metadata.open(command.linked_object, command.identifier)
            value = metadata.set(command.key, command.value, command.set_by, at=self.clock.now())
            return value, [metadata]

        return self.decide(decide)
