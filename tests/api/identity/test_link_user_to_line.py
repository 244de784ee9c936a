"""linkUserToLine: the viewer consumes a one-time LINE link token and is sent on to LINE."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.blackhole import disabled
from tests.helpers import GraphQL, error_codes

LINK = """
mutation LinkUserToLine($input: LinkUserToLineInput!) {
  linkUserToLine(input: $input) {
    __typename
    ... on LineLinkRedirectResponse { redirectUrl }
    ... on LinkTokenNotFound { type }
    ... on AlreadyLinkedError { type }
  }
}
"""
LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
LINE_USER = "U4af4980629b1b5a8f4c3c2d1e0f9a8b7"


def token_of(gql: GraphQL, email: str, password: str) -> str:
    token: str = gql(LOGIN, {"input": {"email": email, "password": password}})["data"]["obtainKrakenToken"]["token"]
    return token


def link(gql: GraphQL, token: str | None, link_token: str) -> dict:
    return gql(LINK, {"input": {"linkToken": link_token}}, token=token)


def second_user(contexts: Contexts) -> tuple[str, str]:
    from domain.identity import commands

    contexts.identity.register_user(
        commands.RegisterUser(
            email="charles@example.com",
            password="difference engine no 2",
            given_name="Charles",
            family_name="Babbage",
            account_numbers=(),
        )
    )
    return "charles@example.com", "difference engine no 2"


def test_the_viewer_links_their_account_and_is_redirected_to_line(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict
) -> None:
    # given
    link_token = contexts.identity.issue_line_link_token(LINE_USER)
    # when
    body = link(gql, token_of(gql, customer["email"], customer["password"]), link_token)
    # then
    answer = body["data"]["linkUserToLine"]
    assert answer["__typename"] == "LineLinkRedirectResponse"
    url = urlsplit(answer["redirectUrl"])
    query = parse_qs(url.query)
    assert (url.netloc, url.path) == ("access.line.me", "/dialog/bot/accountLink")
    assert query["linkToken"] == [link_token] and len(query["nonce"][0]) >= 22
    user = contexts.identity.load(UUID(customer["user_id"]))
    assert user.line_user_id == LINE_USER


def test_a_used_token_is_link_token_not_found(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    # given: used by someone else already
    link_token = contexts.identity.issue_line_link_token(LINE_USER)
    assert link(gql, token_of(gql, *second_user(contexts)), link_token)["data"]["linkUserToLine"]["redirectUrl"]
    # when
    body = link(gql, token_of(gql, customer["email"], customer["password"]), link_token)
    # then
    assert body["data"]["linkUserToLine"] == {"__typename": "LinkTokenNotFound", "type": "NO_MATCHING_LINE_LINK"}


def test_an_expired_forged_or_unknown_token_is_link_token_not_found(
    gql: GraphQL, contexts: Contexts, customer: dict, clock: FrozenClock
) -> None:
    token = token_of(gql, customer["email"], customer["password"])
    expired = contexts.identity.issue_line_link_token(LINE_USER)
    clock.advance(timedelta(minutes=10))
    live = contexts.identity.issue_line_link_token(LINE_USER)
    # A pre-signed key is not a link token, even though both are signed with one secret.
    pre_signed = contexts.identity.pre_signed_keys.key_for(UUID(live.split(".")[0]))
    for candidate in (expired, live[:-2] + "xx", pre_signed, "nonsense", "0" * 32 + ".abc"):
        assert link(gql, token, candidate)["data"]["linkUserToLine"]["__typename"] == "LinkTokenNotFound"
    assert link(gql, token, live)["data"]["linkUserToLine"]["__typename"] == "LineLinkRedirectResponse"


def test_a_viewer_already_linked_is_already_linked_error(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    token = token_of(gql, customer["email"], customer["password"])
    link(gql, token, contexts.identity.issue_line_link_token(LINE_USER))
    body = link(gql, token, contexts.identity.issue_line_link_token("U-another-line-user"))
    assert body["data"]["linkUserToLine"] == {"__typename": "AlreadyLinkedError", "type": "ALREADY_LINKED"}


def test_a_line_user_linked_to_someone_else_is_already_linked_error(
    gql: GraphQL, contexts: Contexts, customer: dict
) -> None:
    # given
    link(gql, token_of(gql, *second_user(contexts)), contexts.identity.issue_line_link_token(LINE_USER))
    # when
    body = link(
        gql, token_of(gql, customer["email"], customer["password"]), contexts.identity.issue_line_link_token(LINE_USER)
    )
    # then
    assert body["data"]["linkUserToLine"]["__typename"] == "AlreadyLinkedError"


def test_it_needs_an_authorization_header_kt_ct_1112(gql: GraphQL, contexts: Contexts) -> None:
    body = link(gql, None, contexts.identity.issue_line_link_token(LINE_USER))
    assert error_codes(body) == ["KT-CT-1112"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    with disabled(settings, clock, "linkUserToLine") as (contexts, gql):
        body = link(
            gql,
            token_of(gql, customer["email"], customer["password"]),
            contexts.identity.issue_line_link_token(LINE_USER),
        )
    assert error_codes(body) == ["KT-CT-1113"]
