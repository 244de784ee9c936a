"""The sign-up process and house moves in the domain: each step idempotent under the ids drawn once,
an abandoned sign-up open to a corrected request, and the accounts and identity steps it relies on."""

from __future__ import annotations

import base64
import os
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from domain.accounts import commands as accounts_commands
from domain.accounts.property import new_property_id
from domain.accounts.property_address import PropertyAddress, normalise_first_line
from domain.identity import commands as identity_commands
from domain.identity.errors import UserEmailAlreadyInUse
from domain.shared.encoding import MsgspecMapper
from domain.shared.personal_keys import SQLiteKeyTable, wrapping_key
from domain.supply import commands
from domain.supply.house_move import HouseMove, MoveKind, SignUp, request_digest
from ops.runtime import Contexts
from tests.helpers import refused

AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
TODAY = AT.date()


def sign_up(**changes: object) -> commands.MoveInCreateCustomer:
    given: dict[str, object] = {
        "given_name": "Mary",
        "family_name": "Somerville",
        "email": "mary@example.com",
        "password": "correct horse battery staple",
        "address": commands.NewAddress(address="3 Old Mill Lane, Darley Abbey", postcode="DE22 1AB"),
        "move_in_date": TODAY,
        **changes,
    }
    return commands.MoveInCreateCustomer(**given)  # type: ignore[arg-type]


def test_a_sign_up_lives_at_its_normalised_email_and_records_what_it_drew() -> None:
    user_id = uuid4()
    started = SignUp.start(" Mary@Example.COM", "d1", "A-ABCDEFGH", user_id, "123456", TODAY, at=AT)
    assert started.id == SignUp.id_for("mary@example.com")
    assert (started.email, started.account_number, started.user_id, started.property_id) == (
        "mary@example.com",
        "A-ABCDEFGH",
        user_id,
        "123456",
    )
    started.abandon(at=AT)
    started.restart("d2", "654321", date(2026, 1, 20), at=AT)
    assert (started.abandoned, started.digest, started.property_id) == (False, "d2", "654321")
    started.complete(at=AT)
    started.complete(at=AT)
    assert [type(e).__name__ for e in started.collect_events()] == ["Started", "Abandoned", "Restarted", "Completed"]


def test_the_digest_of_a_request_leaves_the_password_out_and_ignores_key_order() -> None:
    assert request_digest({"a": 1, "b": TODAY}) == request_digest({"b": TODAY, "a": 1})
    assert request_digest({"a": 1}) != request_digest({"a": 2})


def test_a_move_is_notified_once() -> None:
    move = HouseMove.record("k", MoveKind.MOVE_OUT, "A-ABCDEFGH", "123456", TODAY, at=AT)
    assert move.record_notified(("ada@example.com",), (), at=AT) is True
    assert move.record_notified(("ada@example.com",), (), at=AT) is False
    assert [type(e).__name__ for e in move.collect_events()] == ["Recorded", "Notified"]


def test_the_sign_up_resumes_after_a_step_and_answers_the_same_account(contexts: Contexts) -> None:
    number = contexts.supply.move_in_create_customer(sign_up())
    # when the same request arrives again
    again = contexts.supply.move_in_create_customer(sign_up())
    # then
    assert again == number
    started: SignUp = contexts.supply.load(SignUp.id_for("mary@example.com"))
    assert started.completed_at is not None and started.account_number == number
    home = contexts.accounts.property_at("de22 1ab", "3 OLD MILL LANE")
    assert home is not None and [p.account_number for p in home.periods] == [number]


def test_a_sign_up_refused_after_it_began_is_abandoned_and_a_corrected_request_keeps_its_ids(
    contexts: Contexts, customer: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = contexts.accounts.register_property_at(
        accounts_commands.RegisterPropertyAt(property_id=new_property_id(), lines=("9 Vacant Row",), postcode="DE1 1AA")
    )
    occupy = contexts.accounts.occupy_property

    def occupied_first(command: accounts_commands.OccupyProperty) -> object:
        # Another account moves in between the sign-up's checks and its occupancy.
        monkeypatch.setattr(contexts.accounts, "occupy_property", occupy)
        occupy(
            accounts_commands.OccupyProperty(
                account_number=customer["account_number"], property_id=home.property_id, effective_from=TODAY
            )
        )
        return occupy(command)

    monkeypatch.setattr(contexts.accounts, "occupy_property", occupied_first)
    # when
    refused("KT-GB-6633", contexts.supply.move_in_create_customer, sign_up(address=None, property_id=home.property_id))
    # then the sign-up is abandoned, and a request for another home resumes it under the same ids
    first: SignUp = contexts.supply.load(SignUp.id_for("mary@example.com"))
    assert first.abandoned and first.completed_at is None
    number = contexts.supply.move_in_create_customer(sign_up())
    assert number == first.account_number
    assert contexts.identity.user_id_for_email("mary@example.com") == first.user_id


def test_registering_under_a_drawn_id_is_idempotent_and_an_address_names_one_property(contexts: Contexts) -> None:
    command = accounts_commands.RegisterPropertyAt(
        property_id=new_property_id(), lines=("12, Demo Terrace.",), postcode="de11aa"
    )
    first = contexts.accounts.register_property_at(command)
    again = contexts.accounts.register_property_at(command)
    elsewhere = contexts.accounts.register_property_at(
        accounts_commands.RegisterPropertyAt(
            property_id=new_property_id(), lines=("12 demo terrace",), postcode="DE1 1AA"
        )
    )
    assert first.property_id == again.property_id == elsewhere.property_id == command.property_id
    assert first.periods == []
    assert PropertyAddress.id_for("DE1 1AA", "12 Demo Terrace") == PropertyAddress.id_for("de11aa", "12, DEMO terrace")
    assert PropertyAddress.id_for("75001", "1 Rue de Rivoli") is None
    assert normalise_first_line("  12,  Demo-Terrace ") == "12 demo terrace"


def test_an_account_opened_under_a_drawn_number_is_opened_once(contexts: Contexts) -> None:
    first = contexts.accounts.open_account_numbered("A-SIGNUP01", "Mary Somerville")
    again = contexts.accounts.open_account_numbered("A-SIGNUP01", "Someone Else")
    assert (first.number, again.billing_name) == ("A-SIGNUP01", "Mary Somerville")


def test_a_user_registered_under_a_drawn_id_is_registered_once(contexts: Contexts) -> None:
    user_id = uuid4()
    command = identity_commands.RegisterUser(
        email="mary@example.com",
        password="correct horse battery staple",
        given_name="Mary",
        family_name="Somerville",
        account_numbers=("A-SIGNUP01",),
        user_id=user_id,
    )
    assert contexts.identity.register_user(command) == user_id
    assert contexts.identity.register_user(command) == user_id
    with pytest.raises(UserEmailAlreadyInUse):
        contexts.identity.register_user(
            identity_commands.RegisterUser(
                email="MARY@example.com",
                password="x",
                given_name="M",
                family_name="S",
                account_numbers=(),
                user_id=uuid4(),
            )
        )
    refused("KT-GB-6633", contexts.supply.move_in_create_customer, sign_up(move_in_date=date(2027, 1, 1)))


def test_a_sign_ups_confirmation_address_is_sealed_under_the_movers_key_and_other_moves_are_not(
    tmp_path: Path,
) -> None:
    # given a sign-up's move-in, and a move out confirmed to every user of the account
    user_id = uuid4()
    move_in = HouseMove.record("in", MoveKind.MOVE_IN, "A-ABCDEFGH", "1", TODAY, at=AT, moved_by=f"user:{user_id}")
    move_out = HouseMove.record("out", MoveKind.MOVE_OUT, "A-ABCDEFGH", "1", TODAY, at=AT, moved_by=f"user:{user_id}")
    move_in.record_notified(("mary@example.com",), (), at=AT)
    move_out.record_notified(("ada@example.com", "bob@example.com"), (), at=AT)
    keys = SQLiteKeyTable(tmp_path / "identity.db", wrapping_key(base64.b64encode(os.urandom(32)).decode()), 60.0)
    mapper = MsgspecMapper(transcoder=None)  # type: ignore[arg-type]
    mapper.personal_keys = keys
    try:
        # when their notifications are stored
        sign_up = mapper.to_stored_event(move_in.collect_events()[1])
        move = mapper.to_stored_event(move_out.collect_events()[1])
        # then only the sign-up's address is sealed, under the mover's key
        assert b"mary@example.com" not in sign_up.state and b"ada@example.com" in move.state
        assert mapper.to_domain_event(sign_up).recipients == ("mary@example.com",)  # type: ignore[attr-defined]
        # and once the mover is erased, it reads as no address
        keys.destroy(str(user_id), by="test", at=AT)
        assert mapper.to_domain_event(sign_up).recipients == ()  # type: ignore[attr-defined]
        assert mapper.to_domain_event(move).recipients == ("ada@example.com", "bob@example.com")  # type: ignore[attr-defined]
    finally:
        keys.close()
