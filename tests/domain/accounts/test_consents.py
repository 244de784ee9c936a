"""The Consents aggregate and the consent types: events only for changes, double opt-in tokens used once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.accounts.consent_types import ConsentType
from domain.accounts.consents import SMS, Consents, consent_id
from domain.accounts.errors import ConsentAlreadyAccepted, ConsentTokenInvalid
from domain.shared.personal_data import declared, subject_of

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
HOLDER = "account:A-2B3C4D5E"
DAY = timedelta(days=1)
REQUEST = UUID("5f0c6a1e-2b7d-4c1a-9e3f-0123456789ab")


def names(aggregate: Consents | ConsentType) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def settled(consents: Consents) -> Consents:
    consents.collect_events()
    return consents


def requested(digest: str = "d1") -> Consents:
    """Given: MARKETING_SMS asked for by double opt-in, expiring a day after AT."""
    consents = Consents.open(HOLDER)
    consents.request_double_opt_in(
        "MARKETING_SMS", REQUEST, digest, SMS, "+447700900123", "192.0.2.1", "user:1", AT, AT + timedelta(days=1)
    )
    return settled(consents)


def test_a_consent_records_an_event_only_when_its_value_changes() -> None:
    consents = settled(Consents.open(HOLDER))
    assert consents.record("MARKETING_POST", "ACCEPTED", "CONSUMER_SITE", "user:1", AT) is True
    assert consents.record("MARKETING_POST", "ACCEPTED", "CONSUMER_SITE", "user:1", AT) is False
    [recorded] = consents.collect_events()
    assert isinstance(recorded, Consents.ConsentRecorded)
    assert (recorded.code, recorded.value, recorded.source, recorded.recorded_by) == (
        "MARKETING_POST",
        "ACCEPTED",
        "CONSUMER_SITE",
        "user:1",
    )
    assert consents.values == {"MARKETING_POST": "ACCEPTED"}


def test_a_double_opt_in_makes_the_consent_pending_until_confirmed_with_the_ip_as_evidence() -> None:
    consents = requested()
    assert consents.values["MARKETING_SMS"] == "PENDING"
    assert consents.confirm_double_opt_in("d1", "198.51.100.7", AT + timedelta(hours=1)) == "MARKETING_SMS"
    [confirmed] = consents.collect_events()
    assert isinstance(confirmed, Consents.DoubleOptInConfirmed)
    assert confirmed.ip == "198.51.100.7"
    assert consents.values["MARKETING_SMS"] == "ACCEPTED"


def test_a_confirmed_consent_refuses_its_token_again_as_already_accepted() -> None:
    consents = requested()
    consents.confirm_double_opt_in("d1", "198.51.100.7", AT)
    with pytest.raises(ConsentAlreadyAccepted):
        consents.confirm_double_opt_in("d1", "198.51.100.7", AT)


def test_an_expired_token_is_refused() -> None:
    with pytest.raises(ConsentTokenInvalid):
        requested().confirm_double_opt_in("d1", "198.51.100.7", AT + timedelta(days=1))


def test_a_newer_request_or_a_recorded_value_ends_the_older_token() -> None:
    consents = requested("d1")
    consents.request_double_opt_in("MARKETING_SMS", REQUEST, "d2", SMS, "+447700900123", "ip", "u", AT, AT + DAY)
    with pytest.raises(ConsentTokenInvalid):
        consents.confirm_double_opt_in("d1", "ip", AT)
    consents.record("MARKETING_SMS", "REJECTED", "CONSUMER_SITE", "user:1", AT)
    with pytest.raises(ConsentTokenInvalid):
        consents.confirm_double_opt_in("d2", "ip", AT)


def test_an_accepted_consent_is_not_asked_again() -> None:
    consents = settled(Consents.open(HOLDER))
    consents.record("MARKETING_SMS", "ACCEPTED", "CONSUMER_SITE", "user:1", AT)
    consents.collect_events()
    assert not consents.request_double_opt_in("MARKETING_SMS", REQUEST, "d1", SMS, "+44", "ip", "u", AT, AT)
    assert names(consents) == []


def test_the_message_sent_is_recorded_once() -> None:
    consents = requested()
    assert consents.record_message_sent("d1", AT) is True
    assert consents.record_message_sent("d1", AT) is False
    assert names(consents) == ["DoubleOptInMessageSent"]


def test_a_redefinition_that_changes_nothing_records_nothing() -> None:
    kind = ConsentType.define("MARKETING_POST", "Marketing by post", "Offers by post.", "REJECTED", AT)
    kind.collect_events()
    assert kind.redefine("Marketing by post", "Offers by post.", "REJECTED", AT) is False
    assert kind.redefine("Post", "Offers by post.", "UNKNOWN", AT) is True
    assert names(kind) == ["Redefined"]
    assert ConsentType.id_for("MARKETING_POST") == kind.id


def test_a_consent_id_is_stable_and_a_safe_javascript_integer() -> None:
    assert consent_id(HOLDER, "MARKETING_POST") == consent_id(HOLDER, "MARKETING_POST")
    assert consent_id(HOLDER, "MARKETING_POST") != consent_id("user:x", "MARKETING_POST")
    assert 0 <= consent_id(HOLDER, "MARKETING_POST") < 2**53


@pytest.mark.parametrize(
    ("holder", "requested_by", "subject"),
    [
        # a user's own consent is theirs, whoever asked
        (f"user:{REQUEST}", "organisation:7", str(REQUEST)),
        # an account's is the user's who asked for it, or the user a staff member acted as
        (HOLDER, f"user:{REQUEST}", str(REQUEST)),
        (HOLDER, f"staff:3 as user:{REQUEST}", str(REQUEST)),
        # an organisation's or an operator's request for an account is nobody's
        (HOLDER, "organisation:7", None),
        (HOLDER, "system", None),
    ],
)
def test_a_double_opt_ins_address_and_ip_are_sealed_under_the_person_they_are_about(
    holder: str, requested_by: str, subject: str | None
) -> None:
    consents = settled(Consents.open(holder))
    consents.request_double_opt_in(
        "MARKETING_SMS", REQUEST, "d1", SMS, "07700900123", "192.0.2.1", requested_by, AT, AT + DAY
    )
    [event] = consents.collect_events()
    declaration = declared(type(event))
    assert declaration is not None and set(declaration.placeholders) == {"address", "ip"}
    assert subject_of(vars(event), declaration, event.originator_id) == subject
