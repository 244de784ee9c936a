"""forceMoveIn (deprecated): a named person moves into the viewer's home and the viewer's account leaves."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest

from domain.accounts.account import Account
from domain.supply.commands import ForceMoveIn
from domain.supply.house_move import HouseMove, MoveKind
from domain.supply.move_commands import MoveCommands
from ops import runtime
from tests.api.supply.moves import MOVES, recorded, recorded_moves
from tests.helpers import GraphQL, refused_with

FORCE = """
mutation Force($input: ForceMoveInInput!) { forceMoveIn(input: $input) { account { number } } }
"""


def force(gql: GraphQL, token: str | None, number: str, property_id: str, **changes: Any) -> dict[str, Any]:
    given = {
        "accountNumber": number,
        "propertyId": property_id,
        "moveInDate": "2026-01-20",
        "givenName": "Charles",
        "familyName": "Babbage",
        "email": "charles@example.com",
        **changes,
    }
    return gql(FORCE, {"input": given}, token=token)


def test_the_named_person_moves_in_under_a_new_account_and_the_viewer_moves_out(
    backend: str,
    gql: GraphQL,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    # when
    body = force(gql, token, number, property_id)
    # then
    assert body == {"data": {"forceMoveIn": {"account": {"number": number}}}}
    catch_up()
    [read] = gql(MOVES, {"number": number}, token=token)["data"]["account"]["properties"]
    assert [(p["effectiveFrom"][:10], p["effectiveTo"][:10]) for p in read["occupancyPeriods"]] == [
        ("2025-12-16", "2026-01-20")
    ]
    [ours, theirs] = contexts.accounts.property(property_id).periods
    assert (theirs.effective_from, theirs.effective_to) == (ours.effective_to, None)
    newcomer = contexts.accounts.account(theirs.account_number)
    assert newcomer is not None and newcomer.billing_name == "Charles Babbage"
    # and the named person's details are kept only in the (encrypted) supply store, for the invitation
    notices = contexts.supply.recorder.select_notifications(start=1, limit=100)
    moves = [contexts.supply.mapper.to_domain_event(n) for n in notices]
    invited = [m for m in moves if isinstance(m, HouseMove.Recorded) and m.kind == MoveKind.FORCED_MOVE_IN]
    assert [(m.account_number, m.email) for m in invited] == [(theirs.account_number, "charles@example.com")]
    assert contexts.identity.user_id_for_email("charles@example.com") is None


@pytest.mark.parametrize(
    "changes",
    [
        {"givenName": ""},
        {"email": "not an email"},
        {"mobile": "12"},
        {"moveInDate": "2025-12-16"},
        {"moveInDate": "2026-06-01"},
        {"propertyId": "999999999"},
    ],
)
def test_invalid_input_is_kt_gb_6628(
    gql: GraphQL,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    changes: dict[str, Any],
) -> None:
    # when
    body = force(gql, token, customer["account_number"], changes.pop("propertyId", property_id), **changes)
    # then
    refused_with(body, "KT-GB-6628")
    assert len(contexts.accounts.property(property_id).periods) == 1


def test_the_same_forced_move_in_twice_or_at_once_opens_one_account(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict[str, str], token: str, property_id: str
) -> None:
    number = customer["account_number"]
    # when the request arrives twice, then four times more at once
    first = force(gql, token, number, property_id)
    with ThreadPoolExecutor(max_workers=4) as pool:
        again = list(pool.map(lambda _: force(gql, token, number, property_id), range(4)))
    # then each answers as the first did, and one account was opened for the named person
    assert all(body == first for body in again) and "errors" not in first, (first, again)
    [_, theirs] = contexts.accounts.property(property_id).periods
    assert recorded(contexts.accounts, Account.Opened) == 2  # the customer's, and the named person's
    assert recorded_moves(contexts) == [
        (MoveKind.MOVE_OUT, number, property_id),
        (MoveKind.FORCED_MOVE_IN, theirs.account_number, property_id),
    ]
    # and another person named for that day is refused
    refused_with(force(gql, token, number, property_id, givenName="Ada"), "KT-GB-6628")


def test_a_forced_move_in_cut_short_is_finished_by_its_retry_under_the_same_account(
    gql: GraphQL,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    number = customer["account_number"]

    def crash(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("the process died after the newcomer moved in")

    # when the request stops after the named person's account occupied the home
    with monkeypatch.context() as patched:
        patched.setattr(MoveCommands, "_record_moves", crash)
        with pytest.raises(ConnectionError):
            contexts.supply.force_move_in(
                ForceMoveIn(
                    account_number=number,
                    property_id=property_id,
                    move_in_date=date(2026, 1, 20),
                    given_name="Charles",
                    family_name="Babbage",
                    email="charles@example.com",
                )
            )
    [_, theirs] = contexts.accounts.property(property_id).periods
    # then the same request again finishes it under that account
    assert "errors" not in force(gql, token, number, property_id)
    assert [p.account_number for p in contexts.accounts.property(property_id).periods][1:] == [theirs.account_number]
    assert recorded(contexts.accounts, Account.Opened) == 2
    assert recorded_moves(contexts) == [
        (MoveKind.MOVE_OUT, number, property_id),
        (MoveKind.FORCED_MOVE_IN, theirs.account_number, property_id),
    ]
