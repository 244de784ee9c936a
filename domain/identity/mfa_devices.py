"""The MfaDevices aggregate: one user's second factors (TOTP, EMAIL, SMS), their codes and their use.

One aggregate holds all of a user's devices, not one per device, because the rules span them:
a TOTP device is validated only while a backup (EMAIL or SMS) device is enabled (KT-CT-1155),
and that last backup cannot be deleted while the TOTP device is enabled (KT-CT-1154). Checking
and changing them in one aggregate makes each rule hold under concurrent requests (one save,
optimistic concurrency), and a login reads one aggregate to check the second factor.

Secrets: the TOTP secret is in the DeviceCreated event. The server must keep it to verify later
codes, and the identity event store is AES-GCM encrypted at rest, so it is kept encrypted and
never in clear; it is never logged (repr=False). Email/SMS codes are never stored at all: a code
is an HMAC of its challenge's id under a server secret (MfaCodes), recomputed to verify or to send.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

import pyotp
from eventsourcing.domain import Aggregate, event

from domain.identity.errors import (
    BackupMfaDeviceRequired,
    MfaDeviceCreationFailed,
    MfaDeviceDeletionFailed,
    MfaDeviceNotFound,
    MfaTokenInvalid,
    PendingMfaDeviceNotFound,
)

TOTP, EMAIL, SMS = "TOTP", "EMAIL", "SMS"
METHODS = (TOTP, EMAIL, SMS)
# Codes sent to a channel the user controls apart from the phone app: what they fall back on.
BACKUP_METHODS = frozenset({EMAIL, SMS})
# RFC 6238 §5.2: a 30 s step, and at most one step either way for clock drift and network delay.
TOTP_STEP_SECONDS = 30
TOTP_WINDOW = 1
_NAMESPACE = uuid5(NAMESPACE_URL, "https://kraken-es/identity/mfa-devices/")


class MfaCodes:
    """Email/SMS codes: six digits derived from a challenge id and a server secret; pure, no I/O.

    The API verifies a code and the worker rebuilds it for the message from the same secret, so the
    code never has to be stored or passed through the broker.
    """

    def __init__(self, secret: bytes) -> None:
        self._key = hmac.new(secret, b"mfa-code", hashlib.sha256).digest()

    def code_for(self, challenge_id: UUID) -> str:
        mac = hmac.new(self._key, challenge_id.bytes, hashlib.sha256).digest()
        # RFC 4226 dynamic truncation, as HOTP does: 31 bits, then the last six decimal digits.
        offset = mac[-1] & 0x0F
        number = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
        return f"{number % 1_000_000:06d}"


def totp_step(at: datetime) -> int:
    return int(at.timestamp()) // TOTP_STEP_SECONDS


def matching_totp_step(secret: str, code: str, at: datetime, after_step: int) -> int | None:
    """The step within ±1 of `at` whose code is `code` and that is later than `after_step` (no replay)."""
    totp = pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS)
    now = totp_step(at)
    matched = None
    # Every candidate is compared, in constant time, so timing does not tell which step matched.
    for step in range(now - TOTP_WINDOW, now + TOTP_WINDOW + 1):
        same = hmac.compare_digest(totp.generate_otp(step).encode(), code.encode("utf-8", "replace"))
        if same and step > after_step and matched is None:
            matched = step
    return matched


@dataclass(frozen=True, slots=True)
class Device:
    """One method's device; `destination` is where codes go (an email or a phone), None for TOTP."""

    method: str
    destination: str | None
    created_at: datetime
    totp_secret: str | None = field(default=None, repr=False)
    validated_at: datetime | None = None
    # The last TOTP step accepted: a later code must be of a strictly greater step (RFC 6238 §5.2).
    last_step: int = -1
    challenge_id: UUID | None = None
    challenge_expires_at: datetime | None = None
    challenge_sent_at: datetime | None = None

    @property
    def is_enabled(self) -> bool:
        return self.validated_at is not None

    def accepts(self, code: str, at: datetime, codes: MfaCodes) -> tuple[int | None, UUID | None] | None:
        """What a right code consumes (a TOTP step, or a challenge); None for a wrong or stale code."""
        if self.totp_secret is not None:
            step = matching_totp_step(self.totp_secret, code, at, self.last_step)
            return None if step is None else (step, None)
        if self.challenge_id is None or self.challenge_expires_at is None or at >= self.challenge_expires_at:
            # Still compared, so that a missing or lapsed challenge costs as long as a wrong code.
            hmac.compare_digest(b"000000", code.encode("utf-8", "replace"))
            return None
        if hmac.compare_digest(codes.code_for(self.challenge_id).encode(), code.encode("utf-8", "replace")):
            return (None, self.challenge_id)
        return None


class MfaDevices(Aggregate):
    """A user's MFA devices, at most one per method; a device is pending until validated."""

    @staticmethod
    def id_for(user_id: UUID) -> UUID:
        return uuid5(_NAMESPACE, str(user_id))

    class Opened(Aggregate.Created):
        user_id: UUID

    @classmethod
    def open(cls, user_id: UUID) -> MfaDevices:
        return cls._create(cls.Opened, id=cls.id_for(user_id), user_id=user_id)

    @event(Opened)
    def __init__(self, user_id: UUID) -> None:
        self.user_id = user_id
        self.devices: dict[str, Device] = {}

    @property
    def enabled(self) -> list[Device]:
        return [device for device in self.devices.values() if device.is_enabled]

    # Creating ----------------------------------------------------------------------------------

    def create_device(self, method: str, destination: str | None, totp_secret: str | None, at: datetime) -> None:
        """A new pending device; it replaces a pending one of the same method (a lost QR code)."""
        if method not in METHODS:
            raise ValueError(f"unknown MFA method {method!r}")
        existing = self.devices.get(method)
        if existing is not None and existing.is_enabled:
            raise MfaDeviceCreationFailed(f"The user already has an enabled {method} device; delete it first.")
        self._create_device(method=method, destination=destination, totp_secret=totp_secret, created_at=at)

    class DeviceCreated(Aggregate.Event):
        method: str
        destination: str | None
        totp_secret: str | None
        created_at: datetime

    @event(DeviceCreated)
    def _create_device(
        self, method: str, destination: str | None, totp_secret: str | None, created_at: datetime
    ) -> None:
        self.devices[method] = Device(method, destination, created_at, totp_secret=totp_secret)

    def issue_challenge(self, method: str, challenge_id: UUID, expires_at: datetime, purpose: str) -> None:
        """A new code for an EMAIL or SMS device; it replaces the device's previous one."""
        device = self.devices[method]
        if device.method not in BACKUP_METHODS:
            raise ValueError("only EMAIL and SMS devices are sent codes")
        self._issue_challenge(method=method, challenge_id=challenge_id, expires_at=expires_at, purpose=purpose)

    class ChallengeIssued(Aggregate.Event):
        """A code is due at the device; `purpose` is VALIDATION (createMfaDevice) or LOGIN."""

        method: str
        challenge_id: UUID
        expires_at: datetime
        purpose: str

    @event(ChallengeIssued)
    def _issue_challenge(self, method: str, challenge_id: UUID, expires_at: datetime, purpose: str) -> None:
        self.devices[method] = replace(
            self.devices[method], challenge_id=challenge_id, challenge_expires_at=expires_at, challenge_sent_at=None
        )

    def record_challenge_sent(self, challenge_id: UUID, at: datetime) -> bool:
        """Records the first send of the current challenge only; a redelivered message records nothing."""
        device = self.device_with_challenge(challenge_id)
        if device is None or device.challenge_sent_at is not None:
            return False
        self._record_challenge_sent(method=device.method, challenge_id=challenge_id, sent_at=at)
        return True

    class ChallengeSent(Aggregate.Event):
        method: str
        challenge_id: UUID
        sent_at: datetime

    @event(ChallengeSent)
    def _record_challenge_sent(self, method: str, challenge_id: UUID, sent_at: datetime) -> None:
        self.devices[method] = replace(self.devices[method], challenge_sent_at=sent_at)

    def device_with_challenge(self, challenge_id: UUID) -> Device | None:
        """The device whose current code is this challenge's; None once used, replaced or deleted."""
        for device in self.devices.values():
            if device.challenge_id == challenge_id:
                return device
        return None

    # Validating --------------------------------------------------------------------------------

    def validate_device(self, method: str, code: str, at: datetime, codes: MfaCodes) -> None:
        device = self.devices.get(method)
        if device is None:
            raise MfaDeviceNotFound(f"The user has no {method} device.")
        if device.is_enabled:
            raise PendingMfaDeviceNotFound(f"The user's {method} device is already validated.")
        # Checked before the code, so that no code is spent on a device that cannot be enabled yet.
        if method == TOTP and not any(d.method in BACKUP_METHODS for d in self.enabled):
            raise BackupMfaDeviceRequired("Validate an EMAIL or SMS device first, to fall back on if the app is lost.")
        consumed = device.accepts(code, at, codes)
        if consumed is None:
            raise MfaTokenInvalid()
        step, challenge_id = consumed
        self._validate_device(method=method, validated_at=at, step=step, challenge_id=challenge_id)

    class DeviceValidated(Aggregate.Event):
        method: str
        validated_at: datetime
        step: int | None
        challenge_id: UUID | None

    @event(DeviceValidated)
    def _validate_device(
        self, method: str, validated_at: datetime, step: int | None, challenge_id: UUID | None
    ) -> None:
        device = self.devices[method]
        self.devices[method] = replace(
            device,
            validated_at=validated_at,
            last_step=device.last_step if step is None else step,
            challenge_id=None,
            challenge_expires_at=None,
        )

    # Logging in --------------------------------------------------------------------------------

    def accept_second_factor(self, code: str, at: datetime, codes: MfaCodes) -> bool:
        """Consumes `code` if one enabled device accepts it; False (and nothing recorded) otherwise."""
        for device in self.enabled:
            consumed = device.accepts(code, at, codes)
            if consumed is not None:
                step, challenge_id = consumed
                self._accept_second_factor(method=device.method, accepted_at=at, step=step, challenge_id=challenge_id)
                return True
        return False

    class SecondFactorAccepted(Aggregate.Event):
        method: str
        accepted_at: datetime
        step: int | None
        challenge_id: UUID | None

    @event(SecondFactorAccepted)
    def _accept_second_factor(
        self, method: str, accepted_at: datetime, step: int | None, challenge_id: UUID | None
    ) -> None:
        device = self.devices[method]
        self.devices[method] = replace(
            device,
            last_step=device.last_step if step is None else step,
            challenge_id=None,
            challenge_expires_at=None,
        )

    # Deleting ----------------------------------------------------------------------------------

    def delete_device(self, method: str, at: datetime) -> None:
        device = self.devices.get(method)
        if device is None:
            raise MfaDeviceNotFound(f"The user has no {method} device.")
        other_backups = [d for d in self.enabled if d.method in BACKUP_METHODS and d.method != method]
        totp = self.devices.get(TOTP)
        # The seed lists KT-CT-1154 (not 1155) for deleteMfaDevice: the last backup cannot go while
        # the TOTP device is enabled, or losing the phone would lock the user out.
        if (
            device.is_enabled
            and method in BACKUP_METHODS
            and totp is not None
            and totp.is_enabled
            and not other_backups
        ):
            raise MfaDeviceDeletionFailed(
                f"The {method} device is the only backup of the enabled TOTP device; delete the TOTP device first."
            )
        self._delete_device(method=method, deleted_at=at)

    class DeviceDeleted(Aggregate.Event):
        method: str
        deleted_at: datetime

    @event(DeviceDeleted)
    def _delete_device(self, method: str, deleted_at: datetime) -> None:
        del self.devices[method]
