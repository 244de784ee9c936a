"""House moves: the sign-up process that makes a login, an account and an occupancy out of one
request, and the record of each move that the house-move worker confirms by email.

A sign-up spans three contexts (identity, accounts, supply) that have their own stores, so no one
transaction can hold it. It is a process instead: the `SignUp` aggregate lives at an id derived from
the normalised email, so the first save of a request claims the email for it (a second request for
the same email, or the same one arriving twice at once, conflicts on that save and reloads it). It
records a digest of the request and the ids drawn for it (the account number, the user id, a new
property's id), and each later step is idempotent under those ids: a retry, or a request that raced
the first, resumes the same process and answers the same account number.

Moving out (moveOut, forceMoveIn) is a process of the same kind, `MoveOutRequest`, at an id derived
from the account, the property and the day it is left: no occupancy can be left twice on one day,
so the id names the move. It records the request's digest and, for forceMoveIn, the newcomer's
account number, drawn once; every step after it is idempotent, so a request that failed half-way is
finished by its retry and one that finished is answered again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.identity.indexes import normalise_email
from domain.shared.personal_data import personal

_SIGN_UPS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/sign-up/")
_MOVES = uuid5(NAMESPACE_URL, "https://kraken-es/supply/house-move/")
_MOVE_OUTS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/move-out/")


def request_digest(details: dict[str, object]) -> str:
    """What makes two requests the same: every detail but a password, canonically written.

    The password is not in it (a digest of a guessable password would be a weak hash of it): a
    resumed request proves it is the same one by the password the login was registered with.
    """
    text = json.dumps(details, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class SignUp(Aggregate):
    """One customer's sign-up by moving in: what was asked, the ids drawn for it, and whether it finished."""

    @staticmethod
    def id_for(email: str) -> UUID:
        return uuid5(_SIGN_UPS, normalise_email(email))

    @classmethod
    def start(
        cls,
        email: str,
        digest: str,
        account_number: str,
        user_id: UUID,
        property_id: str,
        move_in_date: date,
        at: datetime,
    ) -> SignUp:
        return cls._create(
            cls.Started,
            id=cls.id_for(email),
            email=normalise_email(email),
            digest=digest,
            account_number=account_number,
            user_id=user_id,
            property_id=property_id,
            move_in_date=move_in_date,
            started_at=at,
        )

    class Started(Aggregate.Created):
        email: str
        digest: str
        account_number: str
        user_id: UUID
        property_id: str
        move_in_date: date
        started_at: datetime

    @event(Started)
    def __init__(
        self,
        email: str,
        digest: str,
        account_number: str,
        user_id: UUID,
        property_id: str,
        move_in_date: date,
        started_at: datetime,
    ) -> None:
        self.email, self.digest = email, digest
        self.account_number, self.user_id, self.property_id = account_number, user_id, property_id
        self.move_in_date, self.started_at = move_in_date, started_at
        self.completed_at: datetime | None = None
        self.abandoned = False

    def abandon(self, at: datetime) -> None:
        """A step was refused (the property was taken, the email claimed elsewhere): another request may start over."""
        self._abandon(at=at)

    class Abandoned(Aggregate.Event):
        at: datetime

    @event(Abandoned)
    def _abandon(self, at: datetime) -> None:
        self.abandoned = True

    def restart(self, digest: str, property_id: str, move_in_date: date, at: datetime) -> None:
        """A new request for an abandoned sign-up: it keeps the account number and user id drawn (nothing
        else can have used them) and takes the new request's details."""
        self._restart(digest=digest, property_id=property_id, move_in_date=move_in_date, started_at=at)

    class Restarted(Aggregate.Event):
        digest: str
        property_id: str
        move_in_date: date
        started_at: datetime

    @event(Restarted)
    def _restart(self, digest: str, property_id: str, move_in_date: date, started_at: datetime) -> None:
        self.digest, self.property_id, self.move_in_date, self.started_at = (
            digest,
            property_id,
            move_in_date,
            started_at,
        )
        self.abandoned = False

    def complete(self, at: datetime) -> None:
        if self.completed_at is None:
            self._complete(at=at)

    class Completed(Aggregate.Event):
        at: datetime

    @event(Completed)
    def _complete(self, at: datetime) -> None:
        self.completed_at = at


class MoveOutRequest(Aggregate):
    """One request that moves an account out of a property on a day: what was asked, the newcomer's
    account number drawn for a forced move in ("" otherwise), and whether every step was taken."""

    @staticmethod
    def key_for(account_number: str, property_id: str, day: date) -> str:
        return f"move-out:{account_number}:{property_id}:{day.isoformat()}"

    @staticmethod
    def id_for(key: str) -> UUID:
        return uuid5(_MOVE_OUTS, key)

    @classmethod
    def start(cls, key: str, digest: str, newcomer_account_number: str, at: datetime) -> MoveOutRequest:
        return cls._create(
            cls.Started,
            id=cls.id_for(key),
            key=key,
            digest=digest,
            newcomer_account_number=newcomer_account_number,
            started_at=at,
        )

    class Started(Aggregate.Created):
        key: str
        digest: str
        newcomer_account_number: str
        started_at: datetime

    @event(Started)
    def __init__(self, key: str, digest: str, newcomer_account_number: str, started_at: datetime) -> None:
        self.key, self.digest, self.newcomer_account_number = key, digest, newcomer_account_number
        self.started_at = started_at
        self.completed_at: datetime | None = None

    def complete(self, at: datetime) -> None:
        if self.completed_at is None:
            self._complete(at=at)

    class Completed(Aggregate.Event):
        at: datetime

    @event(Completed)
    def _complete(self, at: datetime) -> None:
        self.completed_at = at


class MoveKind(StrEnum):
    MOVE_IN = "MOVE_IN"  # a sign-up: a new customer moves in
    MOVE_OUT = "MOVE_OUT"  # the account leaves the property
    MOVE_WITHIN = "MOVE_WITHIN"  # the account moves in at its next property
    FORCED_MOVE_IN = "FORCED_MOVE_IN"  # a named person moves in, forcing the previous occupier out


class HouseMove(Aggregate):
    """One account's move into or out of a property on a day, and the emails sent about it.

    The names and contacts of a newcomer (a sign-up, or the person named by forceMoveIn) are in the
    event: the supply store is encrypted at rest.
    """

    @staticmethod
    def id_for(key: str) -> UUID:
        return uuid5(_MOVES, key)

    @classmethod
    def record(
        cls,
        key: str,
        kind: MoveKind,
        account_number: str,
        property_id: str,
        effective_on: date,
        at: datetime,
        *,
        given_name: str = "",
        family_name: str = "",
        email: str = "",
        mobile: str = "",
        moved_by: str = "",
    ) -> HouseMove:
        return cls._create(
            cls.Recorded,
            id=cls.id_for(key),
            kind=kind,
            account_number=account_number,
            property_id=property_id,
            effective_on=effective_on,
            recorded_at=at,
            given_name=given_name,
            family_name=family_name,
            email=email,
            mobile=mobile,
            moved_by=moved_by,
        )

    class Recorded(Aggregate.Created):
        kind: MoveKind
        account_number: str
        property_id: str
        effective_on: date
        recorded_at: datetime
        given_name: str
        family_name: str
        email: str
        mobile: str
        moved_by: str

    @event(Recorded)
    def __init__(
        self,
        kind: MoveKind,
        account_number: str,
        property_id: str,
        effective_on: date,
        recorded_at: datetime,
        given_name: str,
        family_name: str,
        email: str,
        mobile: str,
        moved_by: str,
    ) -> None:
        self.kind, self.account_number, self.property_id = kind, account_number, property_id
        self.effective_on, self.recorded_at = effective_on, recorded_at
        self.given_name, self.family_name, self.email, self.mobile = given_name, family_name, email, mobile
        self.moved_by = moved_by
        self.notified_at: datetime | None = None

    def record_notified(self, recipients: tuple[str, ...], reading_requested: tuple[str, ...], at: datetime) -> bool:
        """The move's emails went out; False (nothing recorded) if they had already."""
        if self.notified_at is not None:
            return False
        # A sign-up's move-in is confirmed to the newcomer's own address alone: theirs, as its details are.
        mover = self.moved_by if self.kind == MoveKind.MOVE_IN else ""
        self._notified(recipients=recipients, reading_requested=reading_requested, at=at, mover=mover)
        return True

    class Notified(Aggregate.Event):
        recipients: tuple[str, ...]
        # The serial numbers of the meters an opening or final reading was asked for.
        reading_requested: tuple[str, ...]
        at: datetime
        # The user whose address alone the recipients are ("user:<id>"), for a sign-up's move-in; ""
        # for a move confirmed to every user of the account (or recorded before it was kept): unsealed.
        mover: str = ""

    @event(Notified)
    def _notified(
        self, recipients: tuple[str, ...], reading_requested: tuple[str, ...], at: datetime, mover: str
    ) -> None:
        self.notified_at = at


def _mover(state: Mapping[str, Any]) -> Any:
    # A sign-up's move-in records the signing-up user's own details, and names them as the mover; a
    # forced move-in records a newcomer's, who is no account user yet: those stay under the store's
    # cipher only (README, "Erasure"). Other moves record no details.
    return state["moved_by"] if state["kind"] == MoveKind.MOVE_IN else None


# The sign-up's contact details are the account user's, sealed under their key.
personal(SignUp.Started, "email", subject="user_id")
personal(HouseMove.Recorded, "given_name", "family_name", "email", "mobile", subject=_mover)
personal(HouseMove.Notified, "recipients", subject="mover")
