"""Personal data in identity events is encrypted at rest: the raw event table holds no email or name."""

from __future__ import annotations

from projections.contexts import Contexts
from settings import Settings, load
from tests.helpers import raw_states


def test_the_identity_store_holds_no_personal_data_in_clear(
    backend: str, settings: Settings, contexts: Contexts, customer: dict
) -> None:
    # given a registered user (email, names, password hash, API key digest)
    states = raw_states(settings, "identity")
    # then the events are there, but none of it can be read from the raw table
    assert len(states) >= 3
    for secret in (b"ada@example.com", b"Lovelace", b"argon2", b"Ada"):
        assert not any(secret in state for state in states)
    # while the application reads them back
    assert contexts.identity.user_id_for_email("ada@example.com") is not None


def test_production_needs_an_explicit_cipher_key() -> None:
    import pytest

    from settings import SettingsError

    with pytest.raises(SettingsError, match="KRAKEN_IDENTITY_CIPHER_KEY"):
        load({"KRAKEN_DATABASE_URL": "postgresql://db/kraken", "KRAKEN_SECRET_KEY": "x" * 40}).cipher_env()
