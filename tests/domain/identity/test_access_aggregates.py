"""StaffMember, Organisation and MasqueradeGrant: given past events, when a command runs, then these events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domain.identity.masquerade_grant import MasqueradeGrant
from domain.identity.organisation import Organisation, OrganisationKey
from domain.identity.staff_member import StaffMember

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_staff_member_lives_at_an_id_derived_from_the_normalised_email() -> None:
    staff = StaffMember.register(" Grace@Support.Example ", at=AT)
    assert staff.id == StaffMember.id_for("grace@support.example")
    assert staff.email == "grace@support.example" and staff.active
    assert staff.actor == f"staff:{staff.id}"


def test_deactivating_a_staff_member_is_recorded_once() -> None:
    # given
    staff = StaffMember.register("grace@support.example", at=AT)
    staff.collect_events()
    # when
    staff.deactivate(at=AT)
    staff.deactivate(at=AT + timedelta(hours=1))
    # then
    assert [type(e).__name__ for e in staff.collect_events()] == ["Deactivated"]
    assert not staff.active and staff.deactivated_at == AT


def test_an_organisation_may_act_on_any_account_and_keeps_only_a_key_digest() -> None:
    organisation = Organisation(name="Partner Ltd", key_digest="ab" * 32, registered_at=AT)
    (registered,) = organisation.collect_events()
    assert type(registered).__name__ == "Registered" and registered.key_digest == "ab" * 32
    assert organisation.belongs_to("A-ANYTHING") and organisation.belongs_to("A-ELSE")
    assert organisation.subject == f"kraken|organization:{organisation.id}"
    assert OrganisationKey.claim("ab" * 32, organisation.id).id == OrganisationKey.id_for("ab" * 32)


def test_rotating_an_organisation_key_moves_its_token_epoch_on() -> None:
    # given
    organisation = Organisation(name="Partner Ltd", key_digest="ab" * 32, registered_at=AT)
    organisation.collect_events()
    # when
    organisation.rotate_key("cd" * 32, at=AT)
    # then
    (rotated,) = organisation.collect_events()
    assert type(rotated).__name__ == "KeyRotated" and rotated.token_epoch == 1
    assert organisation.key_digest == "cd" * 32 and organisation.token_epoch == 1


def test_a_masquerade_grant_serves_one_user_once_before_it_expires() -> None:
    # given
    staff_id, user_id = uuid4(), uuid4()
    grant = MasqueradeGrant.issue("ef" * 32, staff_id, user_id, expires_at=AT + timedelta(minutes=5))
    assert grant.id == MasqueradeGrant.id_for("ef" * 32)
    # then it refuses another user and a late use
    assert grant.refusal(uuid4(), AT) == "not issued for this user"
    assert grant.refusal(user_id, AT + timedelta(minutes=5)) == "expired"
    assert grant.refusal(user_id, AT) is None
    # when it is used
    grant.use(at=AT)
    # then it is spent
    assert [type(e).__name__ for e in grant.collect_events()] == ["Issued", "Used"]
    assert grant.refusal(user_id, AT) == "already used"
