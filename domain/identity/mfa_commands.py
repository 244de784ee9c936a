"""Identity commands about multi-factor authentication devices: TOTP, email and SMS codes.

A user's devices are one MfaDevices aggregate (domain/identity/mfa_devices.py). Once one device
is enabled (validated), logging in with email and password also needs `mfaToken`: a code from the
authenticator app or the code just sent by email or SMS. Without it, or with a wrong one, the
login answers KT-CT-1138 (the seed's code for obtainKrakenToken's credentials) with a description
saying which; a password login without the second factor sends fresh EMAIL/SMS codes. Logins with
an APIKey, a refresh token or a pre-signed key are not affected: the key itself is the credential,
and a refresh token continues a login that passed the second factor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pyotp

from domain.identity import commands
from domain.identity.errors import MfaDeviceCreationFailed, MfaTokenInvalid
from domain.identity.lookups import IdentityLookups
from domain.identity.mfa_devices import BACKUP_METHODS, EMAIL, METHODS, SMS, TOTP, MfaCodes, MfaDevices
from domain.identity.user import User
from domain.shared.catalogue import InvalidCredentials, TooManyRequests

CODE_TTL = timedelta(minutes=10)
# A fixed id that names no pre-signed key (a version-5 UUID; keys get random version-4 ids): the
# MFA code secret is the pre-signed-key HMAC of it, i.e. derived from the server's signing secret.


@dataclass(frozen=True, slots=True)
class CreatedMfaDevice:
    """What createMfaDevice answers; `totp_secret` is shown this once."""

    method: str
    device_email: str | None = None
    device_phone: str | None = None
    totp_secret: str | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class MfaCodeMessage:
    """What the MFA worker needs to send one code; `code` is clear and never stored."""

    devices_id: UUID
    challenge_id: UUID
    method: str
    destination: str
    code: str = field(repr=False)  # never in a log line or a traceback
    expires_at: datetime


class MfaCommands(IdentityLookups):
    """Joined into the Identity application (domain/identity/application.py)."""

    @property
    def mfa_codes(self) -> MfaCodes:
        # The code secret is derived from the server's signing secret under its own label.
        return MfaCodes(self.pre_signed_keys.derive(b"mfa-code-secret"))

    def create_mfa_device(self, command: commands.CreateMfaDevice) -> CreatedMfaDevice:
        method = command.mfa_method
        if method not in METHODS:
            raise MfaDeviceCreationFailed(f"Unknown MFA method {method}.")
        totp_secret = pyotp.random_base32() if method == TOTP else None

        def decide() -> tuple[CreatedMfaDevice, list[Any]]:
            user: User = self.load(command.user_id)
            destination = self._destination(user, method)
            devices: MfaDevices = self.find(MfaDevices.id_for(user.id)) or MfaDevices.open(user.id)
            now = self.clock.now()
            devices.create_device(method, destination, totp_secret, at=now)
            if method in BACKUP_METHODS:
                # The first code goes out through the MFA worker (a reaction to ChallengeIssued).
                devices.issue_challenge(method, uuid4(), now + CODE_TTL, purpose="VALIDATION")
            created = CreatedMfaDevice(
                method=method,
                device_email=destination if method == EMAIL else None,
                device_phone=destination if method == SMS else None,
                totp_secret=totp_secret,
            )
            return created, [devices]

        return self.decide(decide)

    def validate_mfa_device(self, command: commands.ValidateMfaDevice) -> bool:
        keys = [f"mfa-user:{command.user_id}", f"mfa-client:{command.client}"]
        self._check_mfa_throttle(keys)
        codes = self.mfa_codes

        def decide() -> tuple[bool, list[Any]]:
            devices: MfaDevices | None = self.find(MfaDevices.id_for(command.user_id))
            if devices is None:
                devices = MfaDevices.open(command.user_id)  # no device of any method: KT-CT-1150 below
            devices.validate_device(command.mfa_method, command.token, self.clock.now(), codes)
            return True, [devices]

        try:
            return self.decide(decide)
        except MfaTokenInvalid:
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise

    def delete_mfa_device(self, command: commands.DeleteMfaDevice) -> bool:
        def decide() -> tuple[bool, list[Any]]:
            devices: MfaDevices | None = self.find(MfaDevices.id_for(command.user_id))
            if devices is None:
                devices = MfaDevices.open(command.user_id)  # no device of any method: KT-CT-1150 below
            devices.delete_device(command.mfa_method, at=self.clock.now())
            return True, [devices]

        return self.decide(decide)

    # The password login's second step ------------------------------------------------------------

    def _require_second_factor(self, user: User, mfa_token: str | None, client: str) -> None:
        """Returns if the user has no enabled device or `mfa_token` is a fresh code of one; else KT-CT-1138."""
        devices: MfaDevices | None = self.find(MfaDevices.id_for(user.id))
        if devices is None or not devices.enabled:
            return
        login_keys = [f"email:{user.email}", f"client:{client}"]
        mfa_keys = [f"mfa-user:{user.id}", f"mfa-client:{client}"]
        if not mfa_token:
            self._send_login_codes(user.id)
            # Counted as a failed login: it bounds how many codes one password can have sent.
            self.throttle.record_failure(login_keys, self.limits.window_seconds)
            raise InvalidCredentials(
                "This user has multi-factor authentication enabled: log in again with mfaToken, a code from the "
                "authenticator app or the code just sent by email or SMS."
            )
        self._check_mfa_throttle(mfa_keys)
        codes = self.mfa_codes

        def decide() -> tuple[bool, list[Any]]:
            current: MfaDevices = self.load(MfaDevices.id_for(user.id))
            # Accepting a code is saved before the token is issued: of two logins racing with one
            # code, the second's save conflicts, its retry sees the step used, and it is refused.
            accepted = current.accept_second_factor(mfa_token, self.clock.now(), codes)
            return accepted, [current] if accepted else []

        if not self.decide(decide):
            self.throttle.record_failure(login_keys + mfa_keys, self.limits.window_seconds)
            raise InvalidCredentials("The second factor (mfaToken) is wrong, expired or already used.")

    def _send_login_codes(self, user_id: UUID) -> None:
        def decide() -> tuple[None, list[Any]]:
            devices: MfaDevices = self.load(MfaDevices.id_for(user_id))
            now = self.clock.now()
            for device in devices.enabled:
                if device.method in BACKUP_METHODS:
                    devices.issue_challenge(device.method, uuid4(), now + CODE_TTL, purpose="LOGIN")
            return None, [devices]

        self.decide(decide)

    # The MFA worker's commands and queries -------------------------------------------------------

    def mfa_code_message(self, devices_id: UUID, challenge_id: UUID) -> MfaCodeMessage | None:
        """The code still to send for this challenge; None once sent, used, replaced or expired."""
        devices: MfaDevices | None = self.find(devices_id)
        device = None if devices is None else devices.device_with_challenge(challenge_id)
        if (
            device is None
            or device.destination is None
            or device.challenge_sent_at is not None
            or device.challenge_expires_at is None
            or self.clock.now() >= device.challenge_expires_at
        ):
            return None
        return MfaCodeMessage(
            devices_id=devices_id,
            challenge_id=challenge_id,
            method=device.method,
            destination=device.destination,
            code=self.mfa_codes.code_for(challenge_id),
            expires_at=device.challenge_expires_at,
        )

    def record_mfa_code_sent(self, devices_id: UUID, challenge_id: UUID) -> bool:
        """Records that the challenge's code went out; False if already recorded (or it is gone)."""

        def decide() -> tuple[bool, list[Any]]:
            devices: MfaDevices = self.load(devices_id)
            recorded = devices.record_challenge_sent(challenge_id, at=self.clock.now())
            return recorded, [devices]

        return self.decide(decide)

    # -------------------------------------------------------------------------------------------

    def _destination(self, user: User, method: str) -> str | None:
        if method == EMAIL:
            return user.email
        if method == SMS:
            # The mobile number on record (updateUser); SMS needs one to send codes to.
            mobile = getattr(user, "mobile", None)
            if not isinstance(mobile, str) or not mobile:
                raise MfaDeviceCreationFailed("The user has no mobile number to send SMS codes to.")
            return mobile
        return None

    def _check_mfa_throttle(self, keys: list[str]) -> None:
        # RFC 4226 §7.3: a six-digit code must not be guessable by retrying; limits as for logins.
        failures = self.throttle.failures(keys, self.limits.window_seconds)
        for key, count in failures.items():
            limit = self.limits.per_email if key.startswith("mfa-user:") else self.limits.per_client
            if count >= limit:
                raise TooManyRequests("Too many wrong MFA codes; try again later.")
