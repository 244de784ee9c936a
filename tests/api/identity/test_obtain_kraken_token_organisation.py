"""obtainKrakenToken with an organizationSecretKey: an organisation's token acts on any account."""

from __future__ import annotations

import hashlib

import jwt

from domain.identity.organisation import Organisation
from ops import runtime
from settings import Settings
from tests.api.identity.acting_for_others import OBTAIN, login, organisation, organisation_token
from tests.helpers import GraphQL, error_codes

ACCOUNT = "query($number: String!) { account(accountNumber: $number) { number } }"
FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"


def obtain(gql: GraphQL, key: str) -> dict:
    return gql(OBTAIN, {"input": {"organizationSecretKey": key}})


def test_an_organisation_key_gives_a_token_for_the_organisation(
    backend: str, gql: GraphQL, contexts: runtime.Contexts
) -> None:
    # given
    organisation_id, key = organisation(contexts)
    # when
    body = obtain(gql, key)
    # then
    claims = jwt.decode(body["data"]["obtainKrakenToken"]["token"], options={"verify_signature": False})
    assert claims["sub"] == f"kraken|organization:{organisation_id}"
    assert claims["gty"] == "ORGANIZATION-SECRET-KEY"
    assert claims["exp"] - claims["iat"] == 3600


def test_the_key_is_kept_only_as_its_digest(contexts: runtime.Contexts) -> None:
    organisation_id, key = organisation(contexts)
    found: Organisation = contexts.identity.load(organisation_id)
    assert found.key_digest == hashlib.sha256(key.encode()).hexdigest()
    (registered,) = contexts.identity.repository.event_store.get(organisation_id)
    assert key not in repr(vars(registered))


def test_an_organisation_may_act_on_any_account_a_user_only_on_its_own(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts, catch_up
) -> None:
    # given another customer's account
    other = contexts.accounts.open_account("Charles Babbage").number
    catch_up()
    _, key = organisation(contexts)
    org_token = organisation_token(gql, key)
    user_token = login(gql, customer)
    # then the organisation reaches both accounts
    for number in (customer["account_number"], other):
        assert gql(ACCOUNT, {"number": number}, token=org_token)["data"]["account"] == {"number": number}
    # and the user only their own
    assert gql(ACCOUNT, {"number": customer["account_number"]}, token=user_token)["data"]["account"]
    assert error_codes(gql(ACCOUNT, {"number": other}, token=user_token)) == ["KT-CT-1111"]


def test_what_needs_an_account_user_refuses_an_organisation(gql: GraphQL, contexts: runtime.Contexts) -> None:
    _, key = organisation(contexts)
    body = gql(FORCE, token=organisation_token(gql, key))
    assert body["data"] == {"forceReauthentication": None}
    assert error_codes(body) == ["KT-CT-1111"]


def test_a_wrong_key_is_kt_ct_1138_and_guessing_is_rate_limited(
    gql: GraphQL, contexts: runtime.Contexts, settings: Settings
) -> None:
    # given a real key, which the client will not reach once it has guessed too often
    _, key = organisation(contexts)
    for n in range(settings.client_login_attempts):
        assert error_codes(obtain(gql, f"sk_live_org_guess{n}")) == ["KT-CT-1138"]
    # when
    body = obtain(gql, key)
    # then
    assert error_codes(body) == ["KT-CT-1199"]


def test_an_organisation_logs_in_again_with_its_key_rather_than_renewing_kt_ct_1135(
    gql: GraphQL, contexts: runtime.Contexts
) -> None:
    # The refresh flow renews account users' sessions only; an organisation holds its key.
    _, key = organisation(contexts)
    refresh_token = obtain(gql, key)["data"]["obtainKrakenToken"]["refreshToken"]
    assert error_codes(gql(OBTAIN, {"input": {"refreshToken": refresh_token}})) == ["KT-CT-1135"]


def test_a_users_api_key_is_not_an_organisation_key(gql: GraphQL, customer: dict) -> None:
    assert error_codes(obtain(gql, customer["api_key"])) == ["KT-CT-1138"]


def test_rotating_the_key_refuses_the_old_key_and_its_tokens(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict
) -> None:
    # given
    organisation_id, old_key = organisation(contexts)
    old_token = organisation_token(gql, old_key)
    # when
    new_key = contexts.identity.rotate_organisation_key(organisation_id)
    # then
    assert error_codes(obtain(gql, old_key)) == ["KT-CT-1138"]
    number = customer["account_number"]
    assert error_codes(gql(ACCOUNT, {"number": number}, token=old_token)) == ["KT-CT-1111"]
    assert obtain(gql, new_key)["data"]["obtainKrakenToken"]["token"]
