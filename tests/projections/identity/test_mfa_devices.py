"""The MFA devices read model: each user's devices by method, pending or confirmed, and never a secret."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID, uuid4

import pyotp
import pytest

from domain.identity.mfa_devices import EMAIL, SMS, TOTP, MfaDevices
from projections.contexts import Contexts
from projections.identity.mfa_devices import MfaDevicesProjection
from projections.projection import ViewFollower


def _devices(contexts: Contexts, user_id: str) -> MfaDevices:
    found: MfaDevices | None = contexts.identity.find(MfaDevices.id_for(UUID(user_id)))
    return found or MfaDevices.open(UUID(user_id))


FIRST_SECRET, SECOND_SECRET = "MZUXE43UFVZWKY3SMV2C2MBRGIZTINJW", "ONSWG33OMQWXGZLDOJSXILJZHA3TMNJU"


def _enable_backup(contexts: Contexts, devices: MfaDevices, method: str, destination: str) -> None:
    now = contexts.identity.clock.now()
    devices.create_device(method, destination, None, at=now)
    challenge = uuid4()
    devices.issue_challenge(method, challenge, now + timedelta(minutes=10), purpose="VALIDATION")
    codes = contexts.identity.mfa_codes
    devices.validate_device(method, codes.code_for(challenge), now, codes)


def _story(contexts: Contexts, user_id: str) -> None:
    """EMAIL enabled; TOTP created, lost and created again; SMS created and deleted."""
    now = contexts.identity.clock.now()
    devices = _devices(contexts, user_id)
    _enable_backup(contexts, devices, EMAIL, "ada@example.com")
    devices.create_device(TOTP, None, FIRST_SECRET, at=now)
    devices.create_device(TOTP, None, SECOND_SECRET, at=now + timedelta(minutes=1))
    devices.create_device(SMS, "+447700900123", None, at=now)
    devices.delete_device(SMS, at=now)
    contexts.identity.save(devices)


def _rows(contexts: Contexts, user_id: str) -> list[dict]:
    return contexts.read.mfa_devices.of_users([user_id])[0]


def test_devices_are_listed_as_the_events_leave_them(
    backend: str, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    _story(contexts, customer["user_id"])
    # when
    catch_up()
    # then
    rows = _rows(contexts, customer["user_id"])
    assert [(r["method"], r["validated_at"] is not None) for r in rows] == [(EMAIL, True), (TOTP, False)]
    assert rows[1]["created_at"] == (contexts.identity.clock.now() + timedelta(minutes=1)).isoformat()
    stored = repr([contexts.read.store.rows(f"SELECT * FROM {table}") for table in MfaDevicesProjection.tables])
    assert FIRST_SECRET not in stored and SECOND_SECRET not in stored and "ada@example.com" not in stored


@pytest.mark.parametrize("batch", [1, 2, 3, 10_000])
def test_any_batching_of_the_events_gives_the_same_rows(
    contexts: Contexts, customer: dict, catch_up: Callable[[], int], batch: int
) -> None:
    # given the story in one batch, then, in another, the TOTP device created earlier validated, SMS
    # enabled instead of EMAIL
    _story(contexts, customer["user_id"])
    catch_up()
    devices = _devices(contexts, customer["user_id"])
    now = contexts.identity.clock.now()
    devices.validate_device(TOTP, pyotp.TOTP(SECOND_SECRET).at(now), now, contexts.identity.mfa_codes)
    _enable_backup(contexts, devices, SMS, "+447700900123")
    devices.delete_device(EMAIL, at=now)
    contexts.identity.save(devices)
    catch_up()
    followed = _rows(contexts, customer["user_id"])
    assert [(r["method"], r["validated_at"]) for r in followed] == [(SMS, now.isoformat()), (TOTP, now.isoformat())]

    class Batched(ViewFollower):
        def run_once(self, limit: int = batch) -> int:
            return super().run_once(limit)

    # when replayed `batch` events at a time
    assert Batched(MfaDevicesProjection(), contexts.identity, contexts.read.store).rebuild() > 0
    # then
    assert _rows(contexts, customer["user_id"]) == followed
