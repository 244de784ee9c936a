"""moveOut: the account leaves its property on a date and, optionally, moves in at its next one."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest

from domain.supply.commands import MoveOut
from domain.supply.house_move import MoveKind
from domain.supply.lifecycle_process import ProcessKind
from domain.supply.move_commands import MoveCommands
from ops import runtime
from tests.api.accounts.homes import customer_token, home
from tests.api.supply.moves import MOVES, recorded_moves, started, vacant
from tests.helpers import GraphQL, refused_with

MOVE_OUT = """
mutation MoveOut($input: MoveOutInput!) { moveOut(input: $input) { account { number } } }
"""


def move_out(gql: GraphQL, token: str | None, number: str, property_id: str, **changes: Any) -> dict[str, Any]:
    given = {"accountNumber": number, "propertyId": property_id, "moveOutDate": "2026-01-20", **changes}
    return gql(MOVE_OUT, {"input": given}, token=token)


def periods(gql: GraphQL, token: str, number: str) -> dict[str, list[tuple[str, str | None]]]:
    body = gql(MOVES, {"number": number}, token=token)
    return {
        p["id"]: [(o["effectiveFrom"][:10], o["effectiveTo"] and o["effectiveTo"][:10]) for o in p["occupancyPeriods"]]
        for p in body["data"]["account"]["properties"]
    }


def test_the_account_moves_out_and_reads_the_end_of_its_occupancy(
    backend: str,
    gql: GraphQL,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    # when
    body = move_out(gql, token, number, property_id)
    # then
    assert body == {"data": {"moveOut": {"account": {"number": number}}}}
    catch_up()
    assert periods(gql, token, number) == {property_id: [("2025-12-16", "2026-01-20")]}


def test_a_move_within_occupies_the_next_property_from_its_move_in_date(
    gql: GraphQL,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    known = vacant(contexts)
    # when one move goes to a new address and the next to a property we know, by its address
    first = move_out(
        gql,
        token,
        number,
        property_id,
        newProperty={"address": "22 New Street\nDerby", "postcode": "DE1 2AB", "moveInDate": "2026-01-21"},
    )
    catch_up()
    [new] = [p for p in periods(gql, token, number) if p != property_id]
    second = move_out(
        gql,
        token,
        number,
        new,
        moveOutDate="2026-02-01",
        newProperty={"address": "7 vacant row", "postcode": "de223xy", "moveInDate": "2026-02-01"},
    )
    # then
    assert "errors" not in first and "errors" not in second, (first, second)
    catch_up()
    assert periods(gql, token, number) == {
        property_id: [("2025-12-16", "2026-01-20")],
        new: [("2026-01-21", "2026-02-01")],
        known: [("2026-02-01", None)],
    }
    assert started(contexts) == [
        (ProcessKind.LEAVE_PROPERTY, number, property_id),
        (ProcessKind.OCCUPY_PROPERTY, number, new),
        (ProcessKind.LEAVE_PROPERTY, number, new),
        (ProcessKind.OCCUPY_PROPERTY, number, known),
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"moveOutDate": "2025-12-16"},
        {"moveOutDate": "2025-12-10"},
        {"moveOutDate": "2026-04-16"},
        {"newProperty": {"address": "22 New Street", "postcode": "DE1 2AB", "moveInDate": "2026-01-19"}},
        {"newProperty": {"address": "22 New Street", "postcode": "SW1A", "moveInDate": "2026-01-21"}},
        {"newProperty": {"address": "22 New Street", "postcode": "DE1 2AB", "moveInDate": "2026-05-21"}},
        {"newProperty": {"address": " ", "postcode": "DE1 2AB", "moveInDate": "2026-01-21"}},
        {"newProperty": {"address": "1 Mill Lane", "postcode": "DE21 5AB", "moveInDate": "2026-01-21"}},
        {"propertyId": "999999999"},
    ],
)
def test_invalid_dates_addresses_or_properties_are_kt_gb_6628(
    gql: GraphQL,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    changes: dict[str, Any],
) -> None:
    # when
    body = move_out(gql, token, customer["account_number"], changes.pop("propertyId", property_id), **changes)
    # then nothing moved
    refused_with(body, "KT-GB-6628")
    assert [p.effective_to for p in contexts.accounts.property(property_id).periods] == [None]


def test_the_new_property_occupied_by_another_account_is_kt_gb_6628(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict[str, str], token: str, property_id: str
) -> None:
    other, _ = customer_token(contexts, "grace@example.com", "Grace Hopper")
    home(contexts, other, line1="5 Taken Close")
    new_property = {"address": "5 Taken Close, Little Eaton", "postcode": "DE21 5AB", "moveInDate": "2026-01-21"}
    # when
    body = move_out(gql, token, customer["account_number"], property_id, newProperty=new_property)
    # then
    refused_with(body, "KT-GB-6628")


def test_another_customers_account_or_property_is_kt_gb_6628(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict[str, str], token: str, property_id: str
) -> None:
    other, other_token = customer_token(contexts, "grace@example.com", "Grace Hopper")
    # when Grace names Ada's account, and then her own account with Ada's property
    refused_with(move_out(gql, other_token, customer["account_number"], property_id), "KT-GB-6628")
    refused_with(move_out(gql, other_token, other, property_id), "KT-GB-6628")


def test_moving_out_needs_a_viewer(gql: GraphQL, customer: dict[str, str], property_id: str) -> None:
    refused_with(move_out(gql, None, customer["account_number"], property_id), "KT-CT-1112")


NEXT_HOME = {"address": "22 New Street\nDerby", "postcode": "DE1 2AB", "moveInDate": "2026-01-21"}


def test_the_same_move_out_twice_or_at_once_moves_once(
    gql: GraphQL,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    # when the request arrives twice, then four times more at once
    first = move_out(gql, token, number, property_id, newProperty=NEXT_HOME)
    with ThreadPoolExecutor(max_workers=4) as pool:
        again = list(pool.map(lambda _: move_out(gql, token, number, property_id, newProperty=NEXT_HOME), range(4)))
    # then each answers as the first did, and one move out and one move in were made
    assert all(body == first for body in again) and "errors" not in first, (first, again)
    catch_up()
    [new] = [p for p in periods(gql, token, number) if p != property_id]
    assert periods(gql, token, number) == {
        property_id: [("2025-12-16", "2026-01-20")],
        new: [("2026-01-21", None)],
    }
    assert recorded_moves(contexts) == [(MoveKind.MOVE_OUT, number, property_id), (MoveKind.MOVE_WITHIN, number, new)]
    assert started(contexts) == [
        (ProcessKind.LEAVE_PROPERTY, number, property_id),
        (ProcessKind.OCCUPY_PROPERTY, number, new),
    ]


def test_a_move_out_cut_short_is_finished_by_its_retry(
    gql: GraphQL,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    number = customer["account_number"]

    def crash(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("the process died after the occupancy ended")

    # when the request stops after the occupancy ended, before the move was recorded
    with monkeypatch.context() as patched:
        patched.setattr(MoveCommands, "_record_moves", crash)
        with pytest.raises(ConnectionError):
            contexts.supply.move_out(
                MoveOut(account_number=number, property_id=property_id, move_out_date=date(2026, 1, 20))
            )
    assert contexts.accounts.property(property_id).periods[0].effective_to is not None
    # then the same request again finishes it, and a different one for that day is refused
    assert "errors" not in move_out(gql, token, number, property_id)
    assert recorded_moves(contexts) == [(MoveKind.MOVE_OUT, number, property_id)]
    assert started(contexts) == [(ProcessKind.LEAVE_PROPERTY, number, property_id)]
    refused_with(move_out(gql, token, number, property_id, newProperty=NEXT_HOME), "KT-GB-6628")
