"""Pre-signed keys: the PreSignedKey aggregate's story, and the signer that makes and checks keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.identity.errors import PreSignedTokenAccessDenied
from domain.identity.pre_signed_key import PreSignedKey
from domain.identity.pre_signed_key_signer import PreSignedKeys
from domain.shared.catalogue import InvalidCredentials

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
EXPIRES = AT + timedelta(hours=1)
USER = UUID("00000000-0000-4000-8000-00000000ada1")
KEY_ID = UUID("5f0c6a1e-2b7d-4c1a-9e3f-0123456789ab")
SECRET = b"a-test-secret-long-enough-for-hmac"


def issued() -> PreSignedKey:
    return PreSignedKey.issue(KEY_ID, USER, "SUBMIT_METER_READINGS", EXPIRES)


def names(key: PreSignedKey) -> list[str]:
    return [type(e).__name__ for e in key.collect_events()]


# The aggregate ------------------------------------------------------------------------------------


def test_a_key_is_issued_at_its_id_for_one_user_scope_and_expiry() -> None:
    # when
    key = issued()
    # then
    events = key.collect_events()
    assert [type(e).__name__ for e in events] == ["Issued"]
    assert (events[0].user_id, events[0].scope, events[0].expires_at) == (USER, "SUBMIT_METER_READINGS", EXPIRES)
    assert key.id == KEY_ID and key.is_valid(AT)


def test_a_key_has_one_of_krakens_scopes() -> None:
    with pytest.raises(ValueError, match="scope"):
        PreSignedKey.issue(KEY_ID, USER, "EVERYTHING", EXPIRES)


def test_a_key_is_used_once() -> None:
    # given
    key = issued()
    key.collect_events()
    # when
    key.use(at=AT)
    # then
    assert names(key) == ["Used"]
    with pytest.raises(InvalidCredentials, match="already been used"):
        key.use(at=AT)
    assert names(key) == []


def test_an_expired_key_cannot_be_used() -> None:
    key = issued()
    key.collect_events()
    with pytest.raises(InvalidCredentials, match="expired"):
        key.use(at=EXPIRES)
    assert names(key) == [] and not key.is_valid(EXPIRES)
    # one microsecond earlier it still works
    key.use(at=EXPIRES - timedelta(microseconds=1))


def test_an_invalidated_key_cannot_be_used_and_invalidating_twice_records_once() -> None:
    # given
    key = issued()
    key.collect_events()
    # when
    key.invalidate(at=AT)
    key.invalidate(at=AT + timedelta(minutes=1))
    # then
    assert names(key) == ["Invalidated"]
    assert key.invalidated_at == AT
    with pytest.raises(InvalidCredentials, match="invalidated"):
        key.use(at=AT)


def test_the_email_is_recorded_as_sent_once() -> None:
    key = issued()
    key.collect_events()
    assert key.record_email_sent(at=AT) is True
    assert key.record_email_sent(at=AT + timedelta(seconds=30)) is False
    assert names(key) == ["EmailSent"] and key.email_sent_at == AT


def test_replaying_the_events_rebuilds_the_same_state() -> None:
    # given
    key = issued()
    key.record_email_sent(at=AT)
    key.use(at=AT + timedelta(minutes=5))
    events = key.collect_events()
    # when
    replayed = None
    for e in events:
        replayed = e.mutate(replayed)
    # then
    assert replayed is not None
    assert (replayed.scope, replayed.email_sent_at, replayed.used_at) == (
        "SUBMIT_METER_READINGS",
        AT,
        AT + timedelta(minutes=5),
    )
    assert not replayed.is_valid(AT + timedelta(minutes=6))


# The signer ---------------------------------------------------------------------------------------


@pytest.fixture
def signer() -> PreSignedKeys:
    return PreSignedKeys(SECRET, ttl=timedelta(minutes=60))


def test_a_key_names_its_id_and_is_the_same_each_time_it_is_computed(signer: PreSignedKeys) -> None:
    key = signer.key_for(KEY_ID)
    assert key == signer.key_for(KEY_ID) == PreSignedKeys(SECRET, ttl=timedelta(0)).key_for(KEY_ID)
    assert key.startswith(KEY_ID.hex + ".")
    assert signer.key_id_of(key) == KEY_ID


def test_a_key_is_url_safe(signer: PreSignedKeys) -> None:
    key = signer.key_for(uuid4())
    assert set(key) <= set("0123456789abcdefABCDEFGHIJKLMNOPQRSTUVWXYZghijklmnopqrstuvwxyz-_.")


def test_a_forged_mac_is_refused(signer: PreSignedKeys) -> None:
    key = signer.key_for(KEY_ID)
    forged = key[:-1] + ("A" if key[-1] != "A" else "B")
    with pytest.raises(PreSignedTokenAccessDenied):
        signer.key_id_of(forged)


def test_another_keys_mac_does_not_fit_this_id(signer: PreSignedKeys) -> None:
    other_mac = signer.key_for(uuid4()).split(".")[1]
    with pytest.raises(PreSignedTokenAccessDenied):
        signer.key_id_of(f"{KEY_ID.hex}.{other_mac}")


def test_a_key_signed_with_another_secret_is_refused(signer: PreSignedKeys) -> None:
    theirs = PreSignedKeys(b"another-secret", ttl=timedelta(minutes=60)).key_for(KEY_ID)
    with pytest.raises(PreSignedTokenAccessDenied):
        signer.key_id_of(theirs)


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "abc",
        "abc.def",
        "a.b.c",
        "{uuid}",
        "{uuid}.",
        "{braced}.{mac}",
        "{hyphenated}.{mac}",
        "{upper}.{mac}",
        "{uuid}.{mac}=",
        "{uuid}.{mac}é",
        "{uuid}.{mac}" + "x" * 200,
    ],
)
def test_a_malformed_key_is_refused(signer: PreSignedKeys, malformed: str) -> None:
    mac = signer.key_for(KEY_ID).split(".")[1]
    key = malformed.format(
        uuid=KEY_ID.hex, mac=mac, braced="{" + str(KEY_ID) + "}", hyphenated=str(KEY_ID), upper=KEY_ID.hex.upper()
    )
    with pytest.raises(PreSignedTokenAccessDenied):
        signer.key_id_of(key)
