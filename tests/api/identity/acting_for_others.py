"""Helpers for the tests of acting for others: staff, masquerade tokens and organisations."""

from __future__ import annotations

from uuid import UUID

from domain.identity import commands
from domain.identity.staff_member import StaffMember
from ops import runtime
from tests.helpers import GraphQL

OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token refreshToken } }"
MASQUERADE = """
mutation MasqueradeAuthentication($masqueradeToken: String!, $userId: String!) {
  masqueradeAuthentication(masqueradeToken: $masqueradeToken, userId: $userId) {
    token
    errors { field messages }
  }
}
"""
STAFF_EMAIL = "grace@support.example"


def login(gql: GraphQL, customer: dict) -> str:
    body = gql(OBTAIN, {"input": {"email": customer["email"], "password": customer["password"]}})
    token: str = body["data"]["obtainKrakenToken"]["token"]
    return token


def masquerade_token(contexts: runtime.Contexts, user_id: str, staff_email: str = STAFF_EMAIL) -> str:
    """What the support site hands a staff member (`kraken staff masquerade`), registering them if new."""
    if contexts.identity.find(StaffMember.id_for(staff_email)) is None:
        contexts.identity.register_staff_member(commands.RegisterStaffMember(email=staff_email))
    return contexts.identity.issue_masquerade_token(
        commands.IssueMasqueradeToken(staff_email=staff_email, user_id=UUID(user_id))
    )


def masquerade(gql: GraphQL, token: str, user_id: str) -> dict:
    return gql(MASQUERADE, {"masqueradeToken": token, "userId": user_id})


def masquerade_session(gql: GraphQL, contexts: runtime.Contexts, user_id: str) -> str:
    body = masquerade(gql, masquerade_token(contexts, user_id), user_id)
    token: str = body["data"]["masqueradeAuthentication"]["token"]
    return token


def organisation(contexts: runtime.Contexts, name: str = "Partner Ltd") -> tuple[UUID, str]:
    return contexts.identity.register_organisation(commands.RegisterOrganisation(name=name))


def organisation_token(gql: GraphQL, key: str) -> str:
    token: str = gql(OBTAIN, {"input": {"organizationSecretKey": key}})["data"]["obtainKrakenToken"]["token"]
    return token
