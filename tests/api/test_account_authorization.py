"""A viewer acts only on the accounts they belong to, with the mutation's own "Unauthorized." code."""

from __future__ import annotations

import anyio
import pytest

from api.context import RequestContext
from api.errors import raised_as
from domain.identity import commands
from domain.loyalty.errors import ReferralAccessDenied
from domain.shared.catalogue import AccountAccessDenied
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from settings import Settings


def context_for(contexts: Contexts, settings: Settings, token: str) -> RequestContext:
    return RequestContext(contexts=contexts, settings=settings, client="test", authorization=token)


def token_for(contexts: Contexts, email: str, password: str) -> str:
    command = commands.ObtainKrakenToken(client="test", email=email, password=password)
    return contexts.identity.obtain_kraken_token(command).token


def authenticated(contexts: Contexts, settings: Settings, customer: dict) -> RequestContext:
    context = context_for(contexts, settings, token_for(contexts, customer["email"], customer["password"]))
    anyio.run(context.authenticate)
    return context


def test_a_viewer_may_act_on_their_own_account(contexts: Contexts, settings: Settings, customer: dict) -> None:
    context = authenticated(contexts, settings, customer)
    assert context.account_number(customer["account_number"]) == customer["account_number"]


@pytest.mark.parametrize("denied", [None, ReferralAccessDenied])
def test_another_account_is_refused_with_the_code_the_mutation_declares(
    contexts: Contexts, settings: Settings, customer: dict, denied: type[KrakenError] | None
) -> None:
    # given another customer's account
    other = contexts.accounts.open_account("Charles Babbage")
    context = authenticated(contexts, settings, customer)
    # when the mutation's table answers the refusal with its own code, or not
    expected = denied.code if denied else "KT-CT-4123"
    with pytest.raises(KrakenError) as refused, raised_as({AccountAccessDenied: denied} if denied else {}):
        context.account_number(other.number)
    # then
    assert refused.value.code == expected
