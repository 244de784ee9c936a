"""forceReauthentication: every token and refresh token issued to the viewer before it stops working."""

from __future__ import annotations

from datetime import timedelta

from domain.shared.clock import FrozenClock
from tests.helpers import GraphQL, error_codes

FORCE = """
mutation ForceReauthentication($input: ForceReauthenticationInput!) {
  forceReauthentication(input: $input) { tokensInvalidated effectiveAt }
}
"""
OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token refreshToken } }"


def login(gql: GraphQL, customer: dict) -> dict:
    return gql(OBTAIN, {"input": {"email": customer["email"], "password": customer["password"]}})["data"][
        "obtainKrakenToken"
    ]


def test_tokens_and_refresh_tokens_issued_before_are_refused_and_new_ones_work(
    backend: str, gql: GraphQL, customer: dict, clock: FrozenClock
) -> None:
    # given
    old = login(gql, customer)
    # when
    body = gql(FORCE, {"input": {"includeThirdParties": False}}, token=old["token"])
    # then
    assert body["data"]["forceReauthentication"] == {
        "tokensInvalidated": True,
        "effectiveAt": clock.now().isoformat(),
    }
    assert error_codes(gql(FORCE, {"input": {"includeThirdParties": False}}, token=old["token"])) == ["KT-CT-1111"]
    assert error_codes(gql(OBTAIN, {"input": {"refreshToken": old["refreshToken"]}})) == ["KT-CT-1135"]
    # and a login after it, even within the same second, is valid
    new = login(gql, customer)
    assert gql(FORCE, {"input": {"includeThirdParties": True}}, token=new["token"])["data"]["forceReauthentication"]


def test_it_needs_an_authorization_header(gql: GraphQL) -> None:
    body = gql(FORCE, {"input": {"includeThirdParties": False}})
    assert body["data"]["forceReauthentication"] is None
    assert error_codes(body) == ["KT-CT-1112"]


def test_the_event_is_recorded_for_the_viewer(backend: str, gql: GraphQL, customer: dict, contexts) -> None:
    token = login(gql, customer)["token"]
    gql(FORCE, {"input": {"includeThirdParties": True}}, token=token)
    from uuid import UUID

    events = list(contexts.identity.repository.event_store.get(UUID(customer["user_id"])))
    forced = [e for e in events if type(e).__name__ == "ReauthenticationForced"]
    assert len(forced) == 1 and forced[0].include_third_parties is True and forced[0].token_epoch == 1


def test_an_expired_access_token_is_kt_ct_1124(gql: GraphQL, customer: dict, clock: FrozenClock) -> None:
    token = login(gql, customer)["token"]
    clock.advance(timedelta(minutes=60))
    body = gql(FORCE, {"input": {"includeThirdParties": False}}, token=token)
    assert error_codes(body) == ["KT-CT-1124"]
