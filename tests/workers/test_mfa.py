"""The MFA worker: a challenge's code goes out once, by email (SMTP) or SMS (the outbox folder)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

from domain.identity import commands
from domain.identity.mfa_devices import SMS, MfaDevices
from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.workers.conftest import SmtpServer
from workers.mfa import send_mfa_code


def email_challenge(contexts: runtime.Contexts, user_id: str) -> tuple[UUID, UUID]:
    """Given a pending EMAIL device: its aggregate's id and its first challenge's id."""
    contexts.identity.create_mfa_device(commands.CreateMfaDevice(user_id=UUID(user_id), mfa_method="EMAIL"))
    devices: MfaDevices = contexts.identity.repository.get(MfaDevices.id_for(UUID(user_id)))
    challenge_id = devices.devices["EMAIL"].challenge_id
    assert challenge_id is not None
    return devices.id, challenge_id


def events_of(contexts: runtime.Contexts, devices_id: UUID) -> list[str]:
    return [type(e).__name__ for e in contexts.identity.repository.event_store.get(devices_id)]


def test_the_email_code_arrives_and_validates_the_device(
    backend: str, actors: runtime.Contexts, customer: dict, smtp: SmtpServer, worker_settings: Settings
) -> None:
    # given
    devices_id, challenge_id = email_challenge(actors, customer["user_id"])
    # when
    send_mfa_code.fn(str(devices_id), str(challenge_id))
    # then
    [message] = smtp.inbox.messages()
    assert message["To"] == customer["email"]
    assert message["From"] == worker_settings.mail_from
    assert message["Message-ID"] == f"<mfa-{challenge_id}@kraken.example>"
    body = message.get_body(("plain",)).get_content()
    code = body.split("verification code is ")[1][:6]
    assert events_of(actors, devices_id) == ["Opened", "DeviceCreated", "ChallengeIssued", "ChallengeSent"]
    # and the code is the one the API verifies
    valid = actors.identity.validate_mfa_device(
        commands.ValidateMfaDevice(user_id=UUID(customer["user_id"]), mfa_method="EMAIL", token=code, client="test")
    )
    assert valid is True


def test_a_redelivered_message_sends_nothing_twice(actors: runtime.Contexts, customer: dict, smtp: SmtpServer) -> None:
    devices_id, challenge_id = email_challenge(actors, customer["user_id"])
    send_mfa_code.fn(str(devices_id), str(challenge_id))
    send_mfa_code.fn(str(devices_id), str(challenge_id))
    assert len(smtp.inbox.envelopes) == 1


def test_an_expired_or_replaced_challenge_is_not_sent(
    actors: runtime.Contexts, customer: dict, smtp: SmtpServer, clock: FrozenClock
) -> None:
    # given a challenge replaced by a new device's, and that one expired
    devices_id, first = email_challenge(actors, customer["user_id"])
    _, second = email_challenge(actors, customer["user_id"])
    clock.advance(timedelta(minutes=10))
    # when
    send_mfa_code.fn(str(devices_id), str(first))
    send_mfa_code.fn(str(devices_id), str(second))
    # then
    assert smtp.inbox.envelopes == []


def test_an_sms_code_is_written_to_the_sms_outbox(
    actors: runtime.Contexts, customer: dict, worker_settings: Settings, clock: FrozenClock
) -> None:
    # given an SMS device (made directly: users have no mobile number on record yet)
    identity = actors.identity
    devices = MfaDevices.open(UUID(customer["user_id"]))
    devices.create_device(SMS, "+447700900123", None, at=clock.now())
    challenge_id = uuid4()
    devices.issue_challenge(SMS, challenge_id, clock.now() + timedelta(minutes=10), purpose="VALIDATION")
    identity.save(devices)
    # when
    send_mfa_code.fn(str(devices.id), str(challenge_id))
    # then
    [path] = (Path(worker_settings.data_dir) / "sms").glob("*.sms.json")
    sms = json.loads(path.read_text())
    assert sms["to"] == "+447700900123"
    assert identity.mfa_codes.code_for(challenge_id) in sms["body"]
    assert events_of(actors, devices.id)[-1] == "ChallengeSent"
