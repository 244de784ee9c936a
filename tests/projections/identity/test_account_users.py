"""The account users read model: who each user is, as of their latest name and email."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from projections.contexts import Contexts


def test_account_users_follow_name_and_email_changes(
    contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given a user renamed and given a new email after registering
    user = contexts.identity.load(UUID(customer["user_id"]))
    user.change_name("given_name", "Augusta", at=contexts.identity.clock.now())
    user.change_email("augusta@example.com", at=contexts.identity.clock.now())
    contexts.identity.save(user)
    # when
    catch_up()
    # then
    assert contexts.read.account_users.user(customer["user_id"]) == {
        "id": customer["user_id"],
        "email": "augusta@example.com",
        "given_name": "Augusta",
        "family_name": "Lovelace",
    }
