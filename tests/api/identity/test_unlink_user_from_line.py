"""unlinkUserFromLine: the viewer's LINE link ends, and the LINE user may link again."""

from __future__ import annotations

from uuid import UUID

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.blackhole import disabled
from tests.helpers import GraphQL, error_codes

UNLINK = """
mutation UnlinkUserFromLine {
  unlinkUserFromLine {
    __typename
    ... on LineUnlinkedResponse { message }
    ... on LinkTokenNotFound { type }
    ... on LineCommonError { message field }
  }
}
"""
LINK = "mutation($input: LinkUserToLineInput!) { linkUserToLine(input: $input) { __typename } }"
LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
LINE_USER = "U4af4980629b1b5a8f4c3c2d1e0f9a8b7"


def token_of(gql: GraphQL, customer: dict) -> str:
    body = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})
    token: str = body["data"]["obtainKrakenToken"]["token"]
    return token


def linked(gql: GraphQL, contexts: Contexts, token: str) -> None:
    link_token = contexts.identity.issue_line_link_token(LINE_USER)
    answer = gql(LINK, {"input": {"linkToken": link_token}}, token=token)["data"]["linkUserToLine"]
    assert answer["__typename"] == "LineLinkRedirectResponse"


def test_the_viewer_unlinks_and_may_link_again(backend: str, gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    # given
    token = token_of(gql, customer)
    linked(gql, contexts, token)
    # when
    body = gql(UNLINK, token=token)
    # then
    assert body["data"]["unlinkUserFromLine"]["__typename"] == "LineUnlinkedResponse"
    user_id = UUID(customer["user_id"])
    assert contexts.identity.load(user_id).line_user_id is None
    events = [type(e).__name__ for e in contexts.identity.repository.event_store.get(user_id)]
    assert events[-2:] == ["LineLinked", "LineUnlinked"]
    # and the LINE user is free to link again
    linked(gql, contexts, token)


def test_a_viewer_not_linked_is_link_token_not_found(gql: GraphQL, customer: dict) -> None:
    body = gql(UNLINK, token=token_of(gql, customer))
    assert body["data"]["unlinkUserFromLine"] == {"__typename": "LinkTokenNotFound", "type": "NO_MATCHING_LINE_LINK"}


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL) -> None:
    assert error_codes(gql(UNLINK)) == ["KT-CT-1112"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    with disabled(settings, clock, "unlinkUserFromLine") as (_, gql):
        body = gql(UNLINK, token=token_of(gql, customer))
    assert error_codes(body) == ["KT-CT-1113"]
