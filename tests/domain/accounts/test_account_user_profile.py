"""The AccountUserProfile aggregate: given past events, when a command runs, then these events or this error."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from domain.accounts.account_user_profile import AccountUserProfile, CommsPreferences
from domain.shared.personal_data import declared, subject_of
from tests.helpers import refused

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ADA = UUID("00000000-0000-4000-8000-00000000000a")


def started() -> AccountUserProfile:
    profile = AccountUserProfile.start(ADA, at=AT)
    profile.collect_events()
    return profile


def test_a_profile_lives_at_an_id_derived_from_the_user_id_and_starts_with_the_defaults() -> None:
    profile = AccountUserProfile.start(ADA, at=AT)
    [event] = profile.collect_events()
    assert type(event).__name__ == "Started" and event.user_id == ADA
    assert profile.id == AccountUserProfile.id_for(ADA)
    assert profile.comms == CommsPreferences() and profile.psr_records == ()


def test_setting_preferences_records_the_complete_set_after_the_change() -> None:
    # given
    profile = started()
    # when
    profile.set_comms_preferences({"is_opted_in_to_offer_messages": True}, has_mobile=False, at=AT)
    # then
    [event] = profile.collect_events()
    assert type(event).__name__ == "CommsPreferencesSet" and event.at == AT
    assert event.preferences == CommsPreferences(is_opted_in_to_offer_messages=True)


def test_setting_the_preferences_a_user_already_has_records_nothing() -> None:
    profile = started()
    profile.set_comms_preferences({"email_format": "HTML", "font_size_multiplier": 1.0}, has_mobile=False, at=AT)
    assert profile.collect_events() == []


@pytest.mark.parametrize(
    ("changes", "has_mobile"),
    [
        ({"font_size_multiplier": 0.4}, True),
        ({"font_size_multiplier": 3.5}, True),
        ({"font_size_multiplier": float("nan")}, True),
        ({"email_format": "PDF"}, True),
        ({"is_opted_in_to_sms_messages": True}, False),
        ({"favourite_colour": "blue"}, True),
    ],
)
def test_an_invalid_preference_is_kt_gb_5414(changes: dict, has_mobile: bool) -> None:
    profile = started()
    refused("KT-GB-5414", profile.set_comms_preferences, changes, has_mobile=has_mobile, at=AT)
    assert profile.collect_events() == []


def test_replacing_psr_records_records_the_new_set_and_what_it_deactivated() -> None:
    # given
    profile = started()
    [blind, _] = profile.replace_psr_records([("blind", None), ("dementia", None)], at=AT)
    profile.collect_events()
    # when
    records = profile.replace_psr_records([("blind", None), ("temporaryLifeChanges", date(2026, 4, 1))], at=AT)
    # then
    [event] = profile.collect_events()
    assert type(event).__name__ == "PsrRecordsReplaced"
    assert [(r.code, r.expiry_date) for r in event.records] == [
        ("blind", None),
        ("temporaryLifeChanges", date(2026, 4, 1)),
    ]
    assert event.deactivated == ("dementia",)
    # the need that stays keeps its id
    assert records[0].id == blind.id and records == event.records


def test_a_temporary_record_is_active_up_to_and_including_its_expiry_date() -> None:
    profile = started()
    profile.replace_psr_records([("temporaryLifeChanges", date(2026, 3, 5))], at=AT)
    assert [r.code for r in profile.active_psr_records(date(2026, 3, 5))] == ["temporaryLifeChanges"]
    assert profile.active_psr_records(date(2026, 3, 6)) == ()


def test_an_expired_record_is_not_listed_as_deactivated() -> None:
    # given a record that expired with no event
    profile = started()
    profile.replace_psr_records([("blind", None), ("temporaryLifeChanges", date(2026, 3, 2))], at=AT)
    profile.collect_events()
    # when
    profile.replace_psr_records([("blind", None)], at=AT + timedelta(days=2))
    # then
    assert profile.collect_events() == []


def test_an_unknown_code_is_kt_gb_5415() -> None:
    refused("KT-GB-5415", started().replace_psr_records, [("blind", None), ("unicorn", None)], at=AT)


@pytest.mark.parametrize(
    "records",
    [
        [("temporaryLifeChanges", None)],
        [("temporaryLifeChanges", date(2026, 2, 28))],
        [("blind", date(2026, 4, 1))],
        [("blind", None), ("blind", None)],
    ],
    ids=["temporary without expiry", "expiry in the past", "permanent with expiry", "duplicate"],
)
def test_a_set_that_cannot_be_saved_is_kt_gb_5411(records: list) -> None:
    profile = started()
    refused("KT-GB-5411", profile.replace_psr_records, records, at=AT)
    assert profile.collect_events() == []


def test_the_profiles_events_name_the_user_whose_key_seals_their_personal_fields() -> None:
    # given a profile (its id is derived from the user's and cannot be read back)
    profile = started()
    # when preferences and special circumstances are recorded
    profile.set_comms_preferences({"is_opted_in_to_offer_messages": True}, has_mobile=False, at=AT)
    profile.replace_psr_records([("blind", None)], at=AT)
    # then each event names the user, and declares its personal fields sealed under the user's key
    events = profile.collect_events()
    assert [e.user_id for e in events] == [ADA, ADA]
    assert [sorted(declared(type(e)).placeholders) for e in events] == [["preferences"], ["deactivated", "records"]]
    assert subject_of(vars(events[0]), declared(type(events[0])), profile.id) == str(ADA)


def test_erased_preferences_read_as_the_defaults() -> None:
    # given a user's preferences, then an event whose preferences were erased (the placeholder None)
    profile = started()
    profile.set_comms_preferences({"is_opted_in_to_offer_messages": True}, has_mobile=False, at=AT)
    profile._set_comms_preferences(preferences=None, at=AT, user_id=ADA)
    # then the profile has the defaults
    assert profile.comms == CommsPreferences()
