"""Each user's MFA devices: the method, and whether it is confirmed (answers `mfaDevices`).

Only what a device is, never how it checks a code: the TOTP secret the creation event carries, the
destination codes go to and the challenges stay in the identity event store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.identity.mfa_devices import MfaDevices
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_DEVICE_COLUMNS = ("devices_id", "method", "created_at", "validated_at")
_DELETED = None


class MfaDevicesProjection(Projection):
    name = "mfa_devices"
    upstream = "identity"
    topics = (
        get_topic(MfaDevices.Opened),
        get_topic(MfaDevices.DeviceCreated),
        get_topic(MfaDevices.DeviceValidated),
        get_topic(MfaDevices.DeviceDeleted),
    )
    tables = ("mfa_device_owners", "mfa_devices")

    def create(self, cursor: Cursor) -> None:
        # One MfaDevices aggregate holds all of a user's devices, at most one per method.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS mfa_device_owners (devices_id TEXT PRIMARY KEY, user_id TEXT NOT NULL UNIQUE)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS mfa_devices (devices_id TEXT NOT NULL, method TEXT NOT NULL, "
            "created_at TEXT NOT NULL, validated_at TEXT, PRIMARY KEY (devices_id, method))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        cursor.insert_rows(
            "mfa_device_owners",
            ("devices_id", "user_id"),
            [(str(e.originator_id), str(e.user_id)) for e in events if isinstance(e, MfaDevices.Opened)],
        )
        # Folded per device: a device created in the batch is written whole, as the batch leaves it
        # (a new pending device replaces the method's previous one); one created earlier and only
        # validated in the batch is updated; a deleted one is deleted.
        written: dict[tuple[str, str], dict[str, Any] | None] = {}
        validated: dict[tuple[str, str], str] = {}
        for e in events:
            device = (str(e.originator_id), getattr(e, "method", ""))
            if isinstance(e, MfaDevices.DeviceCreated):
                written[device] = {"created_at": e.created_at.isoformat(), "validated_at": None}
                validated.pop(device, None)
            elif isinstance(e, MfaDevices.DeviceValidated):
                row = written.get(device)
                if row is not None:
                    row["validated_at"] = e.validated_at.isoformat()
                else:
                    validated[device] = e.validated_at.isoformat()
            elif isinstance(e, MfaDevices.DeviceDeleted):
                written[device] = _DELETED
                validated.pop(device, None)
        cursor.executemany(
            "DELETE FROM mfa_devices WHERE devices_id = %s AND method = %s", [device for device in written]
        )
        cursor.insert_rows(
            "mfa_devices",
            _DEVICE_COLUMNS,
            [(*device, row["created_at"], row["validated_at"]) for device, row in written.items() if row is not None],
        )
        cursor.executemany(
            "UPDATE mfa_devices SET validated_at = %s WHERE devices_id = %s AND method = %s",
            [(at, *device) for device, at in validated.items()],
        )


class MfaDevicesView:
    projection: ClassVar[type[Projection]] = MfaDevicesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_users(self, user_ids: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each user's devices, oldest first, in one query."""
        if not user_ids:
            return []
        slots = marks(user_ids)
        rows = self.store.rows(
            "SELECT o.user_id, d.method, d.created_at, d.validated_at FROM mfa_devices d "
            f"JOIN mfa_device_owners o ON o.devices_id = d.devices_id WHERE o.user_id IN ({slots}) "
            "ORDER BY d.created_at, d.method",
            tuple(user_ids),
        )
        found: dict[str, list[dict[str, Any]]] = {user_id: [] for user_id in user_ids}
        for user_id, *device in rows:
            found[user_id].append(dict(zip(("method", "created_at", "validated_at"), device, strict=True)))
        return [found[user_id] for user_id in user_ids]
