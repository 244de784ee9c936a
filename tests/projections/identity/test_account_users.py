"""The account users read model: who each user is, as of their latest details, and their accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from projections.contexts import Contexts


def _change_everything(contexts: Contexts, user_id: str) -> None:
    now = contexts.identity.clock.now()
    user = contexts.identity.load(UUID(user_id))
    user.change_name("given_name", "Augusta", at=now)
    user.change_email("augusta@example.com", at=now)
    user.change_phone_numbers("+44 7700 900123", "020 7946 0000")
    user.change_pronouns("she/her")
    user.change_title("Countess")
    user.record_date_of_birth(date(1815, 12, 10))
    contexts.identity.save(user)


def test_account_users_follow_every_change_of_a_users_own_details(
    contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given a user registered, then changed, in one batch
    _change_everything(contexts, customer["user_id"])
    # when
    catch_up()
    # then
    user = contexts.read.account_users.user(customer["user_id"])
    assert user is not None and user.pop("registered_at").startswith("2026-01-15T09:30:00")
    assert user == {
        "id": customer["user_id"],
        "email": "augusta@example.com",
        "given_name": "Augusta",
        "family_name": "Lovelace",
        "mobile": "+44 7700 900123",
        "landline": "020 7946 0000",
        "title": "Countess",
        "pronouns": "she/her",
        "date_of_birth": "1815-12-10",
    }


def test_changes_in_a_later_batch_update_the_row_and_cleared_details_read_as_none(
    backend: str, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given the user's row from an earlier batch
    catch_up()
    _change_everything(contexts, customer["user_id"])
    user = contexts.identity.load(UUID(customer["user_id"]))
    user.change_pronouns("")
    user.change_phone_numbers("", "020 7946 0000")
    contexts.identity.save(user)
    # when
    catch_up()
    # then
    row = contexts.read.account_users.user(customer["user_id"])
    assert row is not None
    assert (row["given_name"], row["mobile"], row["landline"], row["pronouns"], row["title"]) == (
        "Augusta",
        "",
        "020 7946 0000",
        None,
        "Countess",
    )


def test_users_are_read_in_batches_with_their_accounts(
    contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    catch_up()
    view = contexts.read.account_users
    number = customer["account_number"]
    assert [u["id"] if u else None for u in view.users([customer["user_id"], "nobody"])] == [customer["user_id"], None]
    assert [[u["id"] for u in users] for users in view.users_of_accounts([number, "A-NONE"])] == [
        [customer["user_id"]],
        [],
    ]
    assert view.accounts_of([customer["user_id"]]) == [[number]]
