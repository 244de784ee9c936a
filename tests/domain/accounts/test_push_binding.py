"""The PushBinding aggregate: given past events, when a command runs, then these events or this error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.accounts.push_binding import PushBinding, token_digest
from tests.helpers import refused

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
YEAR = timedelta(days=365)
ADA = UUID("00000000-0000-4000-8000-00000000000a")
GRACE = UUID("00000000-0000-4000-8000-00000000000b")
TOKEN = "apns-0123456789abcdef"
APP = "com.kraken.demo"


def registered() -> PushBinding:
    binding = PushBinding.register(TOKEN, ADA, APP, AT, AT + YEAR)
    binding.collect_events()
    return binding


def test_a_binding_lives_at_an_id_derived_from_the_token_digest() -> None:
    binding = PushBinding.register(TOKEN, ADA, APP, AT, AT + YEAR)
    [event] = binding.collect_events()
    assert type(event).__name__ == "Registered"
    assert (event.token_digest, event.user_id, event.bundle_id, event.expires_at) == (
        token_digest(TOKEN),
        ADA,
        APP,
        AT + YEAR,
    )
    assert binding.id == PushBinding.id_for(TOKEN) != PushBinding.id_for(TOKEN + "x")


def test_the_same_user_registering_again_renews_the_binding() -> None:
    binding = registered()
    binding.register_again(TOKEN, ADA, APP, AT + timedelta(days=10), AT + timedelta(days=10) + YEAR)
    [event] = binding.collect_events()
    assert type(event).__name__ == "Renewed" and event.expires_at == AT + timedelta(days=10) + YEAR
    assert binding.registered_at == AT


def test_another_user_registering_the_token_takes_the_binding_over() -> None:
    binding = registered()
    binding.register_again(TOKEN, GRACE, APP, AT + timedelta(days=1), AT + timedelta(days=1) + YEAR)
    [event] = binding.collect_events()
    assert type(event).__name__ == "Rebound"
    assert (event.user_id, event.previous_user_id, event.registered_at) == (GRACE, ADA, AT + timedelta(days=1))
    # and the token is recorded again, for its new user (sealed under their key, not the previous one's)
    assert event.device_token == TOKEN
    refused("KT-CT-5411", binding.remove, ADA, at=AT)


def test_removing_records_the_digest_and_a_second_removal_is_kt_ct_5411() -> None:
    binding = registered()
    binding.remove(ADA, at=AT)
    [event] = binding.collect_events()
    assert type(event).__name__ == "Removed" and event.token_digest == token_digest(TOKEN)
    refused("KT-CT-5411", binding.remove, ADA, at=AT)


def test_a_removed_binding_registered_again_is_bound_afresh() -> None:
    binding = registered()
    binding.remove(ADA, at=AT)
    binding.collect_events()
    binding.register_again(TOKEN, ADA, APP, AT + timedelta(days=1), AT + timedelta(days=1) + YEAR)
    [event] = binding.collect_events()
    assert type(event).__name__ == "Rebound" and event.previous_user_id is None and event.user_id == ADA
