"""Shared givens for the profile mutations' tests: a user with a placeholder email, and their verification."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import msgspec
from litestar.testing import TestClient

from domain.identity import commands
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from projections.contexts import Contexts
from settings import Settings
from tests.helpers import GraphQL

DETAILS = {
    "given_name": "Kenji",
    "family_name": "Sato",
    "first_line_of_address": "12 Acacia Avenue",
    "postcode": "SW1A 1AA",
}

VERIFY = """
mutation VerifyIdentity($input: VerifyIdentityInput!) {
  verifyIdentity(input: $input) { token }
}
"""


def blackhole_user(contexts: Contexts, account_number: str | None = None, **changes: str) -> dict[str, str]:
    """A user of a new account (or the one given) who has only a placeholder email, as the ops CLI makes."""
    details = DETAILS | changes
    number = (
        account_number or contexts.accounts.open_account(f"{details['given_name']} {details['family_name']}").number
    )
    user_id = contexts.identity.create_blackhole_user(commands.CreateBlackholeUser(account_number=number, **details))
    return {**details, "account_number": number, "user_id": str(user_id)}


def verified_token(gql: GraphQL, user: dict[str, str]) -> str:
    """The scoped token verifyIdentity answers for the user."""
    variables = {
        "input": {
            "accountNumber": user["account_number"],
            "fullName": f"{user['given_name']} {user['family_name']}",
            "firstLineOfAddress": user["first_line_of_address"],
            "postcode": user["postcode"],
        }
    }
    body = gql(VERIFY, variables)
    token: str = body["data"]["verifyIdentity"]["token"]
    return token


@contextmanager
def disabled(settings: Settings, clock: FrozenClock, mutation: str) -> Iterator[tuple[Contexts, GraphQL]]:
    """A server whose operator disabled `mutation` (KRAKEN_DISABLED_MUTATIONS)."""
    changed = msgspec.structs.replace(settings, disabled_mutations=mutation)
    contexts = runtime.build(changed, clock)
    try:
        with TestClient(create_app(changed, contexts, follow=False)) as client:
            yield contexts, GraphQL(client)
    finally:
        contexts.close()
