"""Password resets: the PasswordReset aggregate's story, its token signer, and the link's user id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.identity.errors import PasswordResetTokenInvalid
from domain.identity.password_reset import (
    RESET_TOKEN_TTL,
    PasswordReset,
    ResetTokens,
    decode_user_id,
    encode_user_id,
)
from domain.identity.pre_signed_key_signer import PreSignedKeys

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
USER = UUID("00000000-0000-4000-8000-00000000ada1")
RESET_ID = UUID("5f0c6a1e-2b7d-4c1a-9e3f-0123456789ab")
SECRET = b"a-test-secret-long-enough-for-hmac"


def requested() -> PasswordReset:
    reset = PasswordReset.request(RESET_ID, USER, at=AT)
    reset.collect_events()
    return reset


def signer(secret: bytes = SECRET) -> ResetTokens:
    return ResetTokens(PreSignedKeys(secret, ttl=timedelta(minutes=60)))


# The aggregate ------------------------------------------------------------------------------------


def test_a_reset_is_requested_for_one_user_and_expires_after_sixty_minutes() -> None:
    reset = PasswordReset.request(RESET_ID, USER, at=AT)
    [event] = reset.collect_events()
    assert type(event).__name__ == "Requested"
    assert (event.user_id, event.requested_at, event.expires_at) == (USER, AT, AT + timedelta(minutes=60))
    assert timedelta(minutes=60) == RESET_TOKEN_TTL
    assert reset.refusal(AT, password_changed_at=None) is None


def test_a_reset_is_used_once_and_the_use_is_an_event() -> None:
    # given
    reset = requested()
    # when
    reset.use(at=AT + timedelta(minutes=5), password_changed_at=None)
    # then
    assert [type(e).__name__ for e in reset.collect_events()] == ["Used"]
    with pytest.raises(PasswordResetTokenInvalid, match="already been used"):
        reset.use(at=AT + timedelta(minutes=6), password_changed_at=None)
    assert reset.collect_events() == []


def test_an_expired_reset_is_refused() -> None:
    reset = requested()
    with pytest.raises(PasswordResetTokenInvalid, match="expired"):
        reset.use(at=AT + RESET_TOKEN_TTL, password_changed_at=None)
    reset.use(at=AT + RESET_TOKEN_TTL - timedelta(seconds=1), password_changed_at=None)


def test_a_reset_requested_before_the_password_last_changed_is_refused() -> None:
    reset = requested()
    with pytest.raises(PasswordResetTokenInvalid, match="changed since"):
        reset.use(at=AT + timedelta(minutes=5), password_changed_at=AT + timedelta(minutes=1))
    # a change before the request does not matter
    reset.use(at=AT + timedelta(minutes=5), password_changed_at=AT - timedelta(days=1))


def test_the_email_is_recorded_as_sent_once() -> None:
    reset = requested()
    assert reset.record_email_sent(at=AT) is True
    assert reset.record_email_sent(at=AT) is False
    assert [type(e).__name__ for e in reset.collect_events()] == ["EmailSent"]


# The token signer -----------------------------------------------------------------------------------


def test_a_token_names_its_reset_and_verifies() -> None:
    token = signer().token_for(RESET_ID)
    assert token.startswith(RESET_ID.hex + ".")
    assert signer().reset_id_of(token) == RESET_ID


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # another MAC
        lambda t: "0" + t[1:],  # another id with the same MAC
        lambda t: t.upper(),  # the id in another spelling
        lambda t: t.replace(".", ""),
        lambda t: t + "." + t,
        lambda t: t + "x" * 200,
        lambda t: "",
    ],
)
def test_a_tampered_or_malformed_token_is_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    token = signer().token_for(RESET_ID)
    with pytest.raises(PasswordResetTokenInvalid):
        signer().reset_id_of(tamper(token))


def test_a_token_signed_with_another_secret_is_refused() -> None:
    with pytest.raises(PasswordResetTokenInvalid):
        signer().reset_id_of(signer(b"another-secret-entirely-different").token_for(RESET_ID))


def test_a_pre_signed_login_key_for_the_same_id_is_not_a_reset_token() -> None:
    keys = PreSignedKeys(SECRET, ttl=timedelta(minutes=60))
    login_key = keys.key_for(RESET_ID)
    with pytest.raises(PasswordResetTokenInvalid):
        signer().reset_id_of(login_key)
    assert login_key != signer().token_for(RESET_ID)


# The link's user id ------------------------------------------------------------------------------------


def test_the_user_id_travels_as_unpadded_urlsafe_base64_of_the_uuid() -> None:
    encoded = encode_user_id(USER)
    assert "=" not in encoded
    assert decode_user_id(encoded) == USER


@pytest.mark.parametrize("given", ["", "not base64!", "bm90LWEtdXVpZA", str(USER), "A" * 100])
def test_anything_else_is_no_user_id(given: str) -> None:
    assert decode_user_id(given) is None
