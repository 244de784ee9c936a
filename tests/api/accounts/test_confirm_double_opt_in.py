"""confirmDoubleOptIn through HTTP: the emailed token accepts the consent once; unknown, accepted and
expired tokens are refused in that order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from domain.accounts.consents import Consents, user_holder
from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.api.accounts import consents as shared
from tests.api.accounts.consents import CONFIRM_DOUBLE_OPT_IN, emailed_token, request_opt_in, viewer_consents
from tests.api.loyalty.conftest import served, token_for
from tests.helpers import GraphQL, refused_with

ada = shared.ada


def confirm(gql: GraphQL, token: str, consent_token: str) -> dict:
    return gql(CONFIRM_DOUBLE_OPT_IN, {"input": {"token": consent_token, "ipAddress": "198.51.100.7"}}, token=token)


def test_the_emailed_token_accepts_the_consent_with_the_ip_as_evidence(
    gql: GraphQL, settings: Settings, contexts: runtime.Contexts, customer: dict, ada: str, catch_up: Callable[[], int]
) -> None:
    # given
    request_opt_in(gql, ada)
    catch_up()
    # when
    body = confirm(gql, ada, emailed_token(settings))
    # then
    consent = body["data"]["confirmDoubleOptIn"]["consent"]
    assert (consent["code"], consent["value"]) == ("MARKETING_EMAIL", "ACCEPTED")
    catch_up()
    assert viewer_consents(gql, ada) == {"MARKETING_EMAIL": "ACCEPTED"}
    stored = contexts.accounts.repository.event_store.get(Consents.id_for(user_holder(UUID(customer["user_id"]))))
    [confirmed] = [e for e in stored if isinstance(e, Consents.DoubleOptInConfirmed)]
    assert confirmed.ip == "198.51.100.7"
    # and the store never saw the clear ada
    assert all(emailed_token(settings) not in repr(vars(e)) for e in stored)


def test_an_unknown_token_then_an_accepted_consent_are_refused(
    gql: GraphQL, settings: Settings, ada: str, catch_up: Callable[[], int]
) -> None:
    refused_with(confirm(gql, ada, "no-such-token"), "KT-CT-9021")
    request_opt_in(gql, ada)
    catch_up()
    confirm(gql, ada, emailed_token(settings))
    refused_with(confirm(gql, ada, emailed_token(settings)), "KT-CT-9022")


def test_an_expired_or_replaced_token_is_refused(
    gql: GraphQL,
    settings: Settings,
    clock: FrozenClock,
    contexts: runtime.Contexts,
    customer: dict,
    ada: str,
    catch_up: Callable[[], int],
) -> None:
    request_opt_in(gql, ada)
    catch_up()
    first = emailed_token(settings)
    # a newer request replaces the first link
    request_opt_in(gql, ada)
    catch_up()
    second = emailed_token(settings)
    assert second != first
    refused_with(confirm(gql, ada, first), "KT-CT-9020")
    # and the newer one expires after KRAKEN_DOUBLE_OPT_IN_HOURS
    clock.advance(timedelta(hours=settings.double_opt_in_hours))
    refused_with(confirm(gql, token_for(contexts, customer["email"]), second), "KT-CT-9020")


def test_switched_off_consent_management_refuses(
    settings: Settings, clock: FrozenClock, contexts: runtime.Contexts, customer: dict
) -> None:
    token = token_for(contexts, customer["email"])
    with served(settings, clock, consent_management=False) as off:
        refused_with(confirm(off, token, "any-token"), "KT-CT-9016")


def test_a_token_longer_than_any_we_issue_matches_none(gql: GraphQL, ada: str) -> None:
    refused_with(confirm(gql, ada, "x" * 129), "KT-CT-9021")
