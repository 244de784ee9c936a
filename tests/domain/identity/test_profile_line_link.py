"""LINE link tokens: the LineLinkToken and LineAccount stories, and tokens that are never stored in clear."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.identity.errors import PreSignedTokenAccessDenied
from domain.identity.line_link import (
    LineAccount,
    LineLinkToken,
    link_token_for,
    link_token_id_of,
)
from domain.identity.pre_signed_key_signer import PreSignedKeys
from projections.contexts import Contexts

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TOKEN_ID = UUID("5f0c6a1e-2b7d-4c1a-9e3f-0123456789ab")
USER = UUID("00000000-0000-4000-8000-00000000ada1")
KEYS = PreSignedKeys(b"a-test-secret-long-enough-for-hmac", ttl=timedelta(hours=1))


def test_a_token_is_issued_for_one_line_user_and_consumed_once() -> None:
    # given
    token = LineLinkToken.issue(TOKEN_ID, "U-line", AT + timedelta(minutes=10))
    assert token.is_usable(AT)
    # when
    token.consume(USER, "nonce-digest", at=AT)
    # then
    assert [type(e).__name__ for e in token.collect_events()] == ["Issued", "Consumed"]
    assert not token.is_usable(AT)
    with pytest.raises(ValueError, match="already used"):
        token.consume(USER, "nonce-digest", at=AT)


def test_a_token_cannot_be_consumed_once_expired() -> None:
    token = LineLinkToken.issue(TOKEN_ID, "U-line", AT + timedelta(minutes=10))
    with pytest.raises(ValueError):
        token.consume(USER, "nonce-digest", at=AT + timedelta(minutes=10))


def test_a_line_user_is_linked_unlinked_and_relinked() -> None:
    account = LineAccount.link("U-line", USER)
    assert account.id == LineAccount.id_for("U-line") and account.user_id == USER
    account.unlink()
    assert account.user_id is None
    account.relink(USER)
    assert [type(e).__name__ for e in account.collect_events()] == ["Linked", "Unlinked", "Relinked"]


def test_the_token_names_its_id_and_only_our_mac_verifies() -> None:
    token = link_token_for(KEYS, TOKEN_ID)
    assert link_token_id_of(KEYS, token) == TOKEN_ID
    other = PreSignedKeys(b"another-secret-long-enough-for-hmac", ttl=timedelta(hours=1))
    for forged in (link_token_for(other, TOKEN_ID), token.upper(), token + "x", TOKEN_ID.hex, "a.b.c"):
        assert link_token_id_of(KEYS, forged) is None


def test_link_tokens_and_pre_signed_keys_are_never_each_other() -> None:
    with pytest.raises(PreSignedTokenAccessDenied):
        KEYS.key_id_of(link_token_for(KEYS, TOKEN_ID))
    assert link_token_id_of(KEYS, KEYS.key_for(TOKEN_ID)) is None


def test_issuing_records_the_line_user_but_never_the_token(contexts: Contexts) -> None:
    # when
    token = contexts.identity.issue_line_link_token("U-line")
    # then
    token_id = link_token_id_of(contexts.identity.pre_signed_keys, token)
    events = list(contexts.identity.repository.event_store.get(token_id))
    assert [type(e).__name__ for e in events] == ["Issued"]
    assert events[0].line_user_id == "U-line"
    assert events[0].expires_at == contexts.identity.clock.now() + timedelta(minutes=10)
    mac = token.split(".")[1]
    stored = contexts.identity.recorder.select_events(token_id)
    assert all(mac.encode() not in record.state for record in stored)


def test_a_line_user_id_is_required(contexts: Contexts) -> None:
    with pytest.raises(ValueError):
        contexts.identity.issue_line_link_token("  ")
