"""The metadata read model: each linked object's entries, the latest value of each key."""

from __future__ import annotations

from collections.abc import Callable

from domain.accounts import commands
from domain.accounts.metadata import LinkedObject
from projections.contexts import Contexts


def _set(contexts: Contexts, linked_object: LinkedObject, identifier: str, key: str, value: str) -> None:
    contexts.accounts.update_metadata(
        commands.UpdateMetadata(linked_object=linked_object, identifier=identifier, key=key, value=value, set_by="test")
    )


def test_each_object_shows_the_latest_value_of_each_key_across_batches(
    backend: str, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given an account's and its user's metadata, set over two batches
    number, user = customer["account_number"], customer["user_id"]
    _set(contexts, LinkedObject.ACCOUNT, number, "tier", '"gold"')
    _set(contexts, LinkedObject.ACCOUNT, number, "tier", '"silver"')
    catch_up()
    _set(contexts, LinkedObject.ACCOUNT, number, "tier", '{"level": 3}')
    _set(contexts, LinkedObject.ACCOUNT, number, "colour", '"blue"')
    _set(contexts, LinkedObject.ACCOUNT_USER, user, "theme", '"dark"')
    # when
    catch_up()
    # then
    view = contexts.read.metadata
    assert view.of_objects(LinkedObject.ACCOUNT, [number, user]) == [
        [{"key": "colour", "value": '"blue"'}, {"key": "tier", "value": '{"level":3}'}],
        [],
    ]
    assert view.of_objects(LinkedObject.ACCOUNT_USER, [user]) == [[{"key": "theme", "value": '"dark"'}]]
