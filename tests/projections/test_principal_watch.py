"""A token revoked in one process stops working in the others: at once where the watch of the identity
store runs (PostgreSQL), and within the principal cache's lifetime whatever happens."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from domain.identity import commands
from domain.shared.catalogue import Unauthorized
from ops import runtime
from projections.contexts import Contexts
from projections.principal_watch import PrincipalWatch
from settings import Settings
from tests.conftest import msgspec_replace

pytestmark = pytest.mark.postgres


@pytest.fixture
def backend() -> str:
    return "postgres"


@pytest.fixture
def processes(backend: str, settings: Settings) -> Iterator[Callable[[float], Contexts]]:
    """Builds the applications of one more API process on the same store, its principals kept for `seconds`."""
    built: list[Contexts] = []

    def process(seconds: float) -> Contexts:
        built.append(runtime.build(msgspec_replace(settings, principal_cache_seconds=seconds)))
        return built[-1]

    yield process
    for contexts in built:
        contexts.close()


def _token_of_a_new_user(contexts: Contexts) -> tuple[str, commands.ForceReauthentication]:
    account = contexts.accounts.open_account("Ada Lovelace")
    user_id = contexts.identity.register_user(
        commands.RegisterUser(
            email="ada@example.com",
            password="correct horse battery staple",
            given_name="Ada",
            family_name="Lovelace",
            account_numbers=(account.number,),
        )
    )
    key = contexts.identity.issue_secret_key(user_id)
    token = contexts.identity.obtain_kraken_token(commands.ObtainKrakenToken(client="test", api_key=key)).token
    return token, commands.ForceReauthentication(user_id=user_id)


def _refused_within(seconds: float, check: Callable[[], object]) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            check()
        except Unauthorized:
            return time.monotonic() - started
        time.sleep(0.01)
    raise AssertionError(f"still answered after {seconds} s")


def test_the_process_that_revokes_refuses_the_token_at_once(processes: Callable[[float], Contexts]) -> None:
    # given a token this process has just verified (and keeps for a minute)
    here = processes(60)
    token, revoke = _token_of_a_new_user(here)
    assert here.identity.principal(token).viewer.id == revoke.user_id
    # when the user forces reauthentication through this process
    here.identity.force_reauthentication(revoke)
    # then the token is refused on its next use
    with pytest.raises(Unauthorized):
        here.identity.principal(token)


def test_another_process_with_the_watch_refuses_it_as_soon_as_the_event_is_stored(
    processes: Callable[[float], Contexts], settings: Settings
) -> None:
    # given a second API process that verified the token and keeps principals for a minute
    first, second = processes(60), processes(60)
    token, revoke = _token_of_a_new_user(first)
    assert second.identity.principal(token).viewer.id == revoke.user_id
    watch = PrincipalWatch.start(second.identity, settings.database_url)
    assert watch is not None
    try:
        # when the first process revokes it
        first.identity.force_reauthentication(revoke)
        # then the second refuses it at once, woken by the store's notification (well before its
        # cache would have let go, and before the watch's own periodic read)
        assert _refused_within(5.0, lambda: second.identity.principal(token)) < 0.9
    finally:
        watch.close()


def test_without_the_watch_the_cache_lifetime_bounds_the_delay(processes: Callable[[float], Contexts]) -> None:
    # given a second process that keeps principals for half a second and does not watch the store
    first, second = processes(0.5), processes(0.5)
    token, revoke = _token_of_a_new_user(first)
    second.identity.principal(token)
    # when the first process revokes the token
    first.identity.force_reauthentication(revoke)
    # then the second refuses it once its entry has lived its half second, at the latest
    assert _refused_within(2.0, lambda: second.identity.principal(token)) <= 0.6
