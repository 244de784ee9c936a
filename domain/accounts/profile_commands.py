"""Accounts commands about the account user's own profile: comms preferences, Priority Services
Register records and push notification bindings. Joined into the Accounts application.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.accounts import commands
from domain.accounts.account_user_profile import AccountUserProfile, CommsPreferences, PsrRecord
from domain.accounts.errors import PushNotificationBindingNotFound
from domain.accounts.push_binding import PushBinding
from domain.shared.application import ContextApplication
from domain.shared.catalogue import InputInvalid


class ProfileCommands(ContextApplication):
    def profile(self, user_id: UUID) -> AccountUserProfile | None:
        found: AccountUserProfile | None = self.find(AccountUserProfile.id_for(user_id))
        return found

    def _profile(self, user_id: UUID) -> AccountUserProfile:
        return self.profile(user_id) or AccountUserProfile.start(user_id, at=self.clock.now())

    def update_comms_preferences(self, command: commands.UpdateCommsPreferences) -> CommsPreferences:
        """The user's preferences after the change (the defaults for any never set)."""
        changes = {
            name: value
            for name in CommsPreferences.__dataclass_fields__
            if (value := getattr(command, name)) is not None
        }

        def decide() -> tuple[CommsPreferences, list[Any]]:
            profile = self._profile(command.user_id)
            preferences = profile.set_comms_preferences(changes, command.has_mobile, at=self.clock.now())
            return preferences, [profile]

        return self.decide(decide)

    def insert_user_psr_records(self, command: commands.InsertUserPsrRecords) -> tuple[PsrRecord, ...]:
        """The user's active PSR records after the replacement."""

        def decide() -> tuple[tuple[PsrRecord, ...], list[Any]]:
            profile = self._profile(command.user_id)
            records = profile.replace_psr_records(command.records, at=self.clock.now())
            return records, [profile]

        return self.decide(decide)

    def register_push_notification_binding(self, command: commands.RegisterPushNotificationBinding) -> PushBinding:
        """The binding as registered or renewed; the foundation's KT-CT-4321 for an app it does not know."""
        if command.policy.application(command.bundle_id) is None:
            raise InputInvalid(f"No app with bundle ID {command.bundle_id!r} takes push notifications.")
        if not command.token.strip():
            raise InputInvalid("The device token is empty.")

        def decide() -> tuple[PushBinding, list[Any]]:
            now = self.clock.now()
            expires_at = now + command.policy.lifetime
            binding: PushBinding | None = self.find(PushBinding.id_for(command.token))
            if binding is None:
                binding = PushBinding.register(command.token, command.user_id, command.bundle_id, now, expires_at)
            else:
                binding.register_again(command.token, command.user_id, command.bundle_id, now, expires_at)
            return binding, [binding]

        return self.decide(decide)

    def delete_push_notification_binding(self, command: commands.DeletePushNotificationBinding) -> None:
        """KT-CT-5411 unless the token is bound to the user."""

        def decide() -> tuple[None, list[Any]]:
            binding: PushBinding | None = self.find(PushBinding.id_for(command.token))
            if binding is None:
                raise PushNotificationBindingNotFound()
            binding.remove(command.user_id, at=self.clock.now())
            return None, [binding]

        return self.decide(decide)
