"""The account user's own details: blackhole users, identity facts, names per day and emails moving."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.identity import commands
from domain.identity.errors import UserDetailsInvalid, UserEmailAlreadyInUse
from domain.identity.indexes import UserEmail
from domain.identity.profile_commands import has_blackhole_email
from domain.identity.residents import Residents
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts

BLACKHOLE = commands.CreateBlackholeUser(
    account_number="A-1234ABCD",
    given_name="Kenji",
    family_name="Sato",
    first_line_of_address="12 Acacia Avenue",
    postcode="sw1a 1aa",
    date_of_birth=date(1980, 2, 3),
)


def names(contexts: Contexts, aggregate_id) -> list[str]:
    return [type(e).__name__ for e in contexts.identity.repository.event_store.get(aggregate_id)]


def test_an_operator_creates_a_user_with_a_placeholder_email_and_the_facts_to_verify(contexts: Contexts) -> None:
    # when
    user_id = contexts.identity.create_blackhole_user(BLACKHOLE)
    # then
    user = contexts.identity.load(user_id)
    assert has_blackhole_email(user) and user.email.endswith("@blackhole.invalid")
    assert (user.first_line_of_address, user.postcode, user.date_of_birth) == (
        "12 Acacia Avenue",
        "SW1A1AA",
        date(1980, 2, 3),
    )
    assert names(contexts, user_id) == ["Registered", "AddressRecorded", "DateOfBirthRecorded"]
    # and the placeholder is not an email anyone can log in with
    assert contexts.identity.user_id_for_email(user.email) is None
    # and the user is found by postcode, however it is typed
    assert contexts.identity.load(Residents.id_for("SW1A 1AA")).user_ids == (user_id,)


def test_neighbours_share_one_postcode_index(contexts: Contexts) -> None:
    first = contexts.identity.create_blackhole_user(BLACKHOLE)
    second = contexts.identity.create_blackhole_user(BLACKHOLE)
    index_id = Residents.id_for(BLACKHOLE.postcode)
    assert contexts.identity.load(index_id).user_ids == (first, second)
    assert names(contexts, index_id) == ["Started", "ResidentAdded"]


def test_a_name_change_records_which_field_changed(contexts: Contexts, clock: FrozenClock) -> None:
    # given
    user_id = contexts.identity.create_blackhole_user(BLACKHOLE)
    # when
    contexts.identity.update_user(commands.UpdateUser(user_id=user_id, family_name="Tanaka"))
    # then
    event = list(contexts.identity.repository.event_store.get(user_id))[-1]
    assert (type(event).__name__, event.field, event.name, event.changed_at) == (
        "NameChanged",
        "family_name",
        "Tanaka",
        clock.now(),
    )


def test_the_31_day_exemption_ends_exactly_31_days_after_registration(contexts: Contexts, clock: FrozenClock) -> None:
    user_id = contexts.identity.create_blackhole_user(BLACKHOLE)
    clock.advance(timedelta(days=31) - timedelta(seconds=1))
    both = commands.UpdateUser(user_id=user_id, given_name="Ken", family_name="Tanaka")
    contexts.identity.update_user(both)
    clock.advance(timedelta(seconds=1))
    with pytest.raises(UserDetailsInvalid):
        contexts.identity.update_user(commands.UpdateUser(user_id=user_id, given_name="Kenji", family_name="Sato"))


def test_an_unchanged_name_is_not_a_name_change(contexts: Contexts, clock: FrozenClock) -> None:
    user_id = contexts.identity.create_blackhole_user(BLACKHOLE)
    clock.advance(timedelta(days=100))
    contexts.identity.update_user(commands.UpdateUser(user_id=user_id, given_name="Ken"))
    # the form sends the other name as it was: still one name field changed
    user = contexts.identity.update_user(commands.UpdateUser(user_id=user_id, given_name="Ken", family_name="Sato"))
    assert user.given_name == "Ken"
    assert names(contexts, user_id).count("NameChanged") == 1


def test_changing_email_releases_the_old_one_for_anyone_to_claim(contexts: Contexts) -> None:
    # given
    register = commands.RegisterUser(
        email="ada@example.com", password="x" * 16, given_name="Ada", family_name="L", account_numbers=()
    )
    ada = contexts.identity.register_user(register)
    # when
    contexts.identity.update_user(commands.UpdateUser(user_id=ada, email="ada.king@example.com"))
    # then
    assert contexts.identity.user_id_for_email("ada@example.com") is None
    assert names(contexts, UserEmail.id_for("ada@example.com")) == ["Claimed", "Released"]
    # and another user may take it
    other = contexts.identity.create_blackhole_user(BLACKHOLE)
    contexts.identity.update_user(commands.UpdateUser(user_id=other, email="ada@example.com"))
    assert contexts.identity.user_id_for_email("ada@example.com") == other
    # but not one that is held
    with pytest.raises(UserEmailAlreadyInUse):
        contexts.identity.update_user(commands.UpdateUser(user_id=other, email="ada.king@example.com"))
