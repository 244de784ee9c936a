"""The User aggregate: given past events, when a command runs, then these events."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.identity.user import User

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def registered() -> User:
    return User(
        email="ada@example.com",
        password_hash="$argon2id$stub-for-state-only",
        given_name="Ada",
        family_name="Lovelace",
        account_numbers=("A-ABCDEFGH",),
        registered_at=AT,
    )


def test_forcing_reauthentication_moves_the_token_epoch_on_each_time() -> None:
    # given
    user = registered()
    user.collect_events()
    # when
    user.force_reauthentication(at=AT, include_third_parties=False)
    user.force_reauthentication(at=AT, include_third_parties=True)
    # then
    events = user.collect_events()
    assert [type(e).__name__ for e in events] == ["ReauthenticationForced", "ReauthenticationForced"]
    assert [e.token_epoch for e in events] == [1, 2]
    assert user.token_epoch == 2 and user.reauthenticated_at == AT


def test_a_secret_key_is_recorded_only_as_its_digest() -> None:
    # given
    user = registered()
    # when
    user.issue_secret_key("ab" * 32, at=AT)
    # then
    issued = user.collect_events()[-1]
    assert type(issued).__name__ == "SecretKeyIssued"
    assert issued.key_digest == "ab" * 32
    assert user.secret_key_digest == "ab" * 32


def test_membership_is_by_account_number() -> None:
    user = registered()
    assert user.belongs_to("A-ABCDEFGH")
    assert not user.belongs_to("A-ZZZZZZZZ")


def test_replaying_the_events_rebuilds_the_same_state() -> None:
    # given
    user = registered()
    user.force_reauthentication(at=AT, include_third_parties=False)
    events = user.collect_events()
    # when
    replayed = None
    for e in events:
        replayed = e.mutate(replayed)
    # then
    assert replayed is not None
    assert (replayed.email, replayed.token_epoch, replayed.account_numbers) == ("ada@example.com", 1, ("A-ABCDEFGH",))
