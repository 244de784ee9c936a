"""MFA secrets at rest: the TOTP secret is kept (to verify codes) but only encrypted; sent codes are never kept."""

from __future__ import annotations

from uuid import UUID

from domain.identity import commands
from domain.identity.mfa_devices import MfaDevices
from projections.contexts import Contexts
from settings import Settings
from tests.helpers import raw_states


def test_the_totp_secret_and_email_codes_are_not_in_the_raw_event_table(
    backend: str, settings: Settings, contexts: Contexts, customer: dict
) -> None:
    # given a TOTP and an EMAIL device
    user_id = UUID(customer["user_id"])
    identity = contexts.identity
    secret = identity.create_mfa_device(commands.CreateMfaDevice(user_id=user_id, mfa_method="TOTP")).totp_secret
    identity.create_mfa_device(commands.CreateMfaDevice(user_id=user_id, mfa_method="EMAIL"))
    assert secret is not None
    devices: MfaDevices = identity.repository.get(MfaDevices.id_for(user_id))
    challenge_id = devices.devices["EMAIL"].challenge_id
    assert challenge_id is not None
    # then neither can be read from the raw table
    states = raw_states(settings, "identity")
    assert not any(secret.encode() in state for state in states)
    assert not any(identity.mfa_codes.code_for(challenge_id).encode() in state for state in states)
    # while the application reads the secret back to verify codes
    assert devices.devices["TOTP"].totp_secret == secret
