"""The comms preferences read model: each user's latest complete set, the defaults for the others."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

import pytest

from domain.accounts import commands
from domain.accounts.account_user_profile import CommsPreferences
from projections.accounts.comms_preferences import CommsPreferencesProjection
from projections.contexts import Contexts
from projections.projection import ViewFollower

ADA, GRACE = uuid4(), uuid4()


def _set(contexts: Contexts, user_id: UUID, **changes: object) -> None:
    command = commands.UpdateCommsPreferences(user_id=user_id, has_mobile=True, **changes)  # type: ignore[arg-type]
    contexts.accounts.update_comms_preferences(command)


def test_each_user_has_their_latest_set_and_the_others_the_defaults(
    backend: str, contexts: Contexts, catch_up: Callable[[], int]
) -> None:
    # given
    _set(contexts, ADA, is_opted_in_to_offer_messages=True, font_size_multiplier=2.25)
    _set(contexts, ADA, email_format="TEXT", is_opted_in_to_sms_messages=True)
    _set(contexts, GRACE, preferred_hold_music="SONG_1938")
    # when
    catch_up()
    # then
    ada, grace, nobody = contexts.read.comms_preferences.of_users([str(ADA), str(GRACE), str(uuid4())])
    assert ada == CommsPreferences(
        is_opted_in_to_offer_messages=True,
        font_size_multiplier=2.25,
        email_format="TEXT",
        is_opted_in_to_sms_messages=True,
    )
    assert grace == CommsPreferences(preferred_hold_music="SONG_1938")
    assert nobody == CommsPreferences()
    assert contexts.read.comms_preferences.of_users([]) == []


@pytest.mark.parametrize("batch", [1, 2, 10_000])
def test_any_batching_of_the_events_gives_the_same_rows(
    contexts: Contexts, catch_up: Callable[[], int], batch: int
) -> None:
    # given
    _set(contexts, ADA, is_opted_in_to_offer_messages=True)
    _set(contexts, GRACE, is_using_inverted_email_colours=True)
    _set(contexts, ADA, is_opted_in_to_update_messages=False)
    catch_up()
    followed = contexts.read.comms_preferences.of_users([str(ADA), str(GRACE)])

    class Batched(ViewFollower):
        def run_once(self, limit: int = batch) -> int:
            return super().run_once(limit)

    # when
    assert Batched(CommsPreferencesProjection(), contexts.accounts, contexts.read.store).rebuild() == 3
    # then
    assert contexts.read.comms_preferences.of_users([str(ADA), str(GRACE)]) == followed
    assert followed[0] == CommsPreferences(is_opted_in_to_offer_messages=True, is_opted_in_to_update_messages=False)
