"""The MfaDevices aggregate: a user's devices, validated with RFC 6238 TOTP or sent codes, never replayed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pyotp
import pytest

from domain.identity.errors import (
    BackupMfaDeviceRequired,
    MfaDeviceCreationFailed,
    MfaDeviceDeletionFailed,
    MfaDeviceNotFound,
    MfaTokenInvalid,
    PendingMfaDeviceNotFound,
)
from domain.identity.mfa_devices import EMAIL, SMS, TOTP, MfaCodes, MfaDevices, totp_step

AT = datetime(2026, 3, 1, 12, 0, 15, tzinfo=UTC)
USER = UUID("00000000-0000-4000-8000-00000000ada1")
CHALLENGE = UUID("5f0c6a1e-2b7d-4c1a-9e3f-0123456789ab")
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CODES = MfaCodes(b"a-test-secret-long-enough-for-hmac")


def totp_code(at: datetime) -> str:
    return pyotp.TOTP(SECRET).at(at)


def names(devices: MfaDevices) -> list[str]:
    return [type(e).__name__ for e in devices.collect_events()]


def with_email_device() -> MfaDevices:
    """Given: an enabled EMAIL device (validated with its first sent code)."""
    devices = MfaDevices.open(USER)
    devices.create_device(EMAIL, "ada@example.com", None, at=AT)
    devices.issue_challenge(EMAIL, CHALLENGE, AT + timedelta(minutes=10), purpose="VALIDATION")
    devices.validate_device(EMAIL, CODES.code_for(CHALLENGE), AT, CODES)
    devices.collect_events()
    return devices


def with_totp_device() -> MfaDevices:
    """Given: an enabled EMAIL device and an enabled TOTP device, validated at AT."""
    devices = with_email_device()
    devices.create_device(TOTP, None, SECRET, at=AT)
    devices.validate_device(TOTP, totp_code(AT), AT, CODES)
    devices.collect_events()
    return devices


# Creating -----------------------------------------------------------------------------------------


def test_a_device_is_pending_until_validated_and_lives_at_the_users_id() -> None:
    # when
    devices = MfaDevices.open(USER)
    devices.create_device(TOTP, None, SECRET, at=AT)
    # then
    assert devices.id == MfaDevices.id_for(USER)
    assert names(devices) == ["Opened", "DeviceCreated"]
    assert devices.devices[TOTP].is_enabled is False
    assert devices.enabled == []


def test_the_totp_secret_never_shows_in_a_repr() -> None:
    devices = MfaDevices.open(USER)
    devices.create_device(TOTP, None, SECRET, at=AT)
    assert SECRET not in repr(devices.devices[TOTP])


def test_a_second_enabled_device_of_one_method_is_refused_but_a_pending_one_is_replaced() -> None:
    # given
    devices = with_email_device()
    # when / then
    with pytest.raises(MfaDeviceCreationFailed):
        devices.create_device(EMAIL, "ada@example.com", None, at=AT)
    devices.create_device(TOTP, None, SECRET, at=AT)
    devices.create_device(TOTP, None, "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU", at=AT)
    assert devices.devices[TOTP].totp_secret == "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


# Validating ---------------------------------------------------------------------------------------


def test_validating_without_any_device_is_kt_ct_1150_and_an_enabled_one_is_kt_ct_1151() -> None:
    with pytest.raises(MfaDeviceNotFound):
        MfaDevices.open(USER).validate_device(SMS, "123456", AT, CODES)
    with pytest.raises(PendingMfaDeviceNotFound):
        with_email_device().validate_device(EMAIL, "123456", AT, CODES)


def test_totp_needs_an_enabled_backup_device_first_kt_ct_1155() -> None:
    # given only a pending TOTP device
    devices = MfaDevices.open(USER)
    devices.create_device(TOTP, None, SECRET, at=AT)
    # when / then: even the right code does not enable it
    with pytest.raises(BackupMfaDeviceRequired):
        devices.validate_device(TOTP, totp_code(AT), AT, CODES)
    assert devices.devices[TOTP].is_enabled is False


@pytest.mark.parametrize("drift", [-30, 0, 30])
def test_a_totp_code_of_the_step_before_now_or_after_is_accepted(drift: int) -> None:
    # given
    devices = with_email_device()
    devices.create_device(TOTP, None, SECRET, at=AT)
    # when
    devices.validate_device(TOTP, totp_code(AT + timedelta(seconds=drift)), AT, CODES)
    # then
    events = devices.collect_events()
    assert [type(e).__name__ for e in events] == ["DeviceCreated", "DeviceValidated"]
    assert events[-1].step == totp_step(AT) + drift // 30
    assert devices.devices[TOTP].is_enabled


@pytest.mark.parametrize("drift", [-60, 60, 3600])
def test_a_totp_code_two_steps_away_is_kt_ct_1152(drift: int) -> None:
    devices = with_email_device()
    devices.create_device(TOTP, None, SECRET, at=AT)
    with pytest.raises(MfaTokenInvalid):
        devices.validate_device(TOTP, totp_code(AT + timedelta(seconds=drift)), AT, CODES)


def test_a_sent_code_validates_once_and_not_after_it_expires() -> None:
    # given
    devices = MfaDevices.open(USER)
    devices.create_device(SMS, "+447700900123", None, at=AT)
    devices.issue_challenge(SMS, CHALLENGE, AT + timedelta(minutes=10), purpose="VALIDATION")
    code = CODES.code_for(CHALLENGE)
    assert len(code) == 6 and code.isdigit()
    # when / then: expired
    with pytest.raises(MfaTokenInvalid):
        devices.validate_device(SMS, code, AT + timedelta(minutes=10), CODES)
    with pytest.raises(MfaTokenInvalid):
        devices.validate_device(SMS, "000000" if code != "000000" else "111111", AT, CODES)
    devices.validate_device(SMS, code, AT + timedelta(minutes=9), CODES)
    # and the challenge is spent
    assert devices.devices[SMS].challenge_id is None


# Logging in ---------------------------------------------------------------------------------------


def test_a_totp_code_is_never_accepted_twice_nor_an_earlier_one() -> None:
    # given a TOTP device validated with the code of AT's step
    devices = with_totp_device()
    # when the same code is offered again within its window
    assert devices.accept_second_factor(totp_code(AT), AT + timedelta(seconds=10), CODES) is False
    # and the previous step's code too
    assert devices.accept_second_factor(totp_code(AT - timedelta(seconds=30)), AT, CODES) is False
    # then nothing was recorded; the next step's code is accepted, once
    assert devices.collect_events() == []
    later = AT + timedelta(seconds=30)
    assert devices.accept_second_factor(totp_code(later), later, CODES) is True
    assert names(devices) == ["SecondFactorAccepted"]
    assert devices.accept_second_factor(totp_code(later), later, CODES) is False


def test_a_login_code_sent_by_email_is_accepted_once() -> None:
    # given
    devices = with_totp_device()
    login_challenge = UUID("7f0c6a1e-2b7d-4c1a-9e3f-0123456789ab")
    devices.issue_challenge(EMAIL, login_challenge, AT + timedelta(minutes=10), purpose="LOGIN")
    # when / then
    assert devices.accept_second_factor(CODES.code_for(login_challenge), AT, CODES) is True
    assert devices.accept_second_factor(CODES.code_for(login_challenge), AT, CODES) is False


def test_the_worker_finds_a_challenge_until_it_is_used_and_records_its_send_once() -> None:
    devices = MfaDevices.open(USER)
    devices.create_device(EMAIL, "ada@example.com", None, at=AT)
    devices.issue_challenge(EMAIL, CHALLENGE, AT + timedelta(minutes=10), purpose="VALIDATION")
    assert devices.record_challenge_sent(CHALLENGE, at=AT) is True
    assert devices.record_challenge_sent(CHALLENGE, at=AT) is False
    devices.validate_device(EMAIL, CODES.code_for(CHALLENGE), AT, CODES)
    assert devices.device_with_challenge(CHALLENGE) is None


def test_codes_depend_on_the_server_secret_and_the_challenge() -> None:
    other = UUID("6f0c6a1e-2b7d-4c1a-9e3f-0123456789ab")
    assert CODES.code_for(CHALLENGE) == MfaCodes(b"a-test-secret-long-enough-for-hmac").code_for(CHALLENGE)
    assert {CODES.code_for(other), MfaCodes(b"another-secret").code_for(CHALLENGE)} != {CODES.code_for(CHALLENGE)}


# Deleting -----------------------------------------------------------------------------------------


def test_deleting_a_missing_device_is_kt_ct_1150() -> None:
    with pytest.raises(MfaDeviceNotFound):
        with_email_device().delete_device(SMS, at=AT)


def test_the_last_backup_of_an_enabled_totp_device_cannot_go_kt_ct_1154() -> None:
    # given
    devices = with_totp_device()
    # when / then
    with pytest.raises(MfaDeviceDeletionFailed):
        devices.delete_device(EMAIL, at=AT)
    # but once the TOTP device is gone, it can
    devices.delete_device(TOTP, at=AT)
    devices.delete_device(EMAIL, at=AT)
    assert names(devices) == ["DeviceDeleted", "DeviceDeleted"]
    assert devices.devices == {}
