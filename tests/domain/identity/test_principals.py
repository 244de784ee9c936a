"""RecentPrincipals: a token verified lately is answered from memory, never beyond its bounds."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from domain.identity.organisation import Organisation
from domain.identity.principal import Principal
from domain.identity.principals import RecentPrincipals

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
LATER = int(NOW.timestamp()) + 3600


class Ticking:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def principal() -> Principal:
    return Principal(Organisation(name="Acme", key_digest="d", registered_at=NOW))


def test_a_kept_principal_is_answered_until_its_lifetime_ends() -> None:
    clock = Ticking()
    recent = RecentPrincipals(seconds=5, monotonic=clock)
    kept, owner = principal(), uuid4()
    recent.keep("token", kept, [owner], LATER, recent.ticket())
    assert recent.get("token", NOW) is kept
    clock.now += 4.9
    assert recent.get("token", NOW) is kept
    clock.now += 0.2
    assert recent.get("token", NOW) is None


def test_an_expired_token_is_never_answered_from_memory() -> None:
    recent = RecentPrincipals(seconds=60, monotonic=Ticking())
    recent.keep("token", principal(), [uuid4()], int(NOW.timestamp()) + 1, recent.ticket())
    assert recent.get("token", NOW) is not None
    assert recent.get("token", datetime.fromtimestamp(NOW.timestamp() + 1, UTC)) is None


def test_forgetting_a_user_drops_every_token_of_theirs_and_no_other() -> None:
    recent = RecentPrincipals(seconds=60, monotonic=Ticking())
    user, staff, other = uuid4(), uuid4(), uuid4()
    recent.keep("own", principal(), [user], LATER, recent.ticket())
    recent.keep("masquerade", principal(), [user, staff], LATER, recent.ticket())
    recent.keep("other", principal(), [other], LATER, recent.ticket())
    recent.forget([staff])
    assert recent.get("masquerade", NOW) is None and recent.get("own", NOW) is not None
    recent.forget([user])
    assert recent.get("own", NOW) is None and recent.get("other", NOW) is not None


def test_a_principal_read_before_a_forget_is_not_kept() -> None:
    # given a principal read from the store while a save of its user was being recorded
    recent = RecentPrincipals(seconds=60, monotonic=Ticking())
    ticket = recent.ticket()
    recent.forget([uuid4()])
    # when it is handed back to be kept, it is not: it may predate the change
    recent.keep("token", principal(), [uuid4()], LATER, ticket)
    assert recent.get("token", NOW) is None


def test_the_oldest_entries_go_first_beyond_the_size() -> None:
    recent = RecentPrincipals(seconds=60, size=2, monotonic=Ticking())
    for token in ("a", "b", "c"):
        recent.keep(token, principal(), [uuid4()], LATER, recent.ticket())
    assert recent.get("a", NOW) is None
    assert recent.get("b", NOW) is not None and recent.get("c", NOW) is not None


def test_a_lifetime_of_zero_keeps_nothing() -> None:
    recent = RecentPrincipals(seconds=0)
    recent.keep("token", principal(), [uuid4()], LATER, recent.ticket())
    assert recent.get("token", NOW) is None
