"""House move commands: the sign-up by moving in (moveInCreateCustomer), moving out (optionally into
the next property) and forcing a move in (forceMoveIn); and what the house-move worker reads and
reports.

Occupancy itself belongs to the accounts context (`Property`'s periods never overlap); logins to
identity. The rules about the move (the window of dates, the details of a newcomer) are checked
here, before anything is written, so that an invalid request leaves nothing behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.accounts import commands as accounts_commands
from domain.accounts.account import new_account_number
from domain.accounts.application import Accounts
from domain.accounts.postcodes import gb_postcode
from domain.accounts.property import (
    MAX_LINE_LENGTH,
    MAX_LINES,
    OccupancyConflict,
    OccupancyPeriod,
    Property,
    new_property_id,
)
from domain.identity import commands as identity_commands
from domain.identity import password_policy, secrets
from domain.identity.application import Identity
from domain.identity.errors import UserEmailAlreadyInUse
from domain.identity.indexes import normalise_email
from domain.identity.lookups import WELL_FORMED_EMAIL
from domain.shared.catalogue import PasswordInvalid
from domain.shared.errors import FieldProblem, KrakenError
from domain.supply import commands
from domain.supply.errors import HouseMoveFailed, MoveInCustomerDataInvalid, MoveInEmailUnusable, MoveOutDataInvalid
from domain.supply.house_move import HouseMove, MoveKind, MoveOutRequest, SignUp, request_digest
from domain.supply.lifecycle_process import ProcessKind
from domain.supply.meter_commands import MeterCommands
from domain.supply.process_commands import ProcessCommands

# KRAKEN_MOVE_WINDOW_DAYS' default: how far before or after today a move may be dated.
DEFAULT_MOVE_WINDOW_DAYS = 90
# KRAKEN_COT_READING_WINDOW_DAYS' default: the days either side of a move an opening or final
# reading may be given for (Kraken GB's cotReadingWindowDays).
DEFAULT_COT_READING_WINDOW_DAYS = 5
# Names as identity accepts them; a phone number written as people do, with 7 to 15 digits (E.164).
MAX_NAME, MAX_EMAIL, MAX_PHONE = 150, 254, 24
_PHONE = re.compile(r"\+?[0-9 ()\-]+")
_ADDRESS_SEPARATORS = re.compile(r"[\n,]")


@dataclass(frozen=True, slots=True)
class HouseMoveMessage:
    """What the house-move worker sends about one move: to whom, and which readings it asks for."""

    move_id: UUID
    kind: MoveKind
    account_number: str
    property_id: str
    address: tuple[str, ...]
    postcode: str
    effective_on: date
    # The newcomer's (a sign-up's, or a forced move in's named person's) name and email, if given.
    given_name: str
    family_name: str
    email: str
    # The serial numbers of the property's meters on that day, and the days a reading may be given for.
    meter_serials: tuple[str, ...]
    reading_from: date
    reading_to: date


class MoveCommands(ProcessCommands, MeterCommands):
    """Each move starts its lifecycle processes (occupy, leave; a sign-up's join supplier process too),
    and the meters fitted on the day of a move are the ones a reading is asked for."""

    accounts: Accounts
    identity: Identity
    move_window_days: int = DEFAULT_MOVE_WINDOW_DAYS
    cot_reading_window_days: int = DEFAULT_COT_READING_WINDOW_DAYS

    # moveInCreateCustomer ----------------------------------------------------------------------

    def move_in_create_customer(self, command: commands.MoveInCreateCustomer) -> str:
        """Signs the customer up; the account number. The same request again answers the same number."""
        email = normalise_email(command.email)
        self._check_newcomer(command)
        address = (
            self._address_of(command.address, MoveInCustomerDataInvalid, HouseMoveFailed)
            if command.address is not None
            else None
        )
        problems = password_policy.check(
            command.password,
            email=email,
            account_numbers=(),
            current_hash=None,
            previous_hashes=(),
            verify=secrets.verify_password,
            value="password",
        )
        if problems:
            raise PasswordInvalid(problems=problems)
        if not self._in_window(command.move_in_date):
            raise HouseMoveFailed(f"A move in must be dated within {self.move_window_days} days of today.")
        home = self._home_named(command, address)
        started: SignUp | None = self.find(SignUp.id_for(email))
        ours = started.account_number if started is not None else None
        if home is not None and not _free_for(home, command.move_in_date, ours):
            raise HouseMoveFailed("The property is occupied by another account on that date.")
        owner = self.identity.user_id_for_email(email)
        if owner is not None and (started is None or owner != started.user_id):
            raise MoveInEmailUnusable()
        digest = request_digest(
            {
                "email": email,
                "given_name": command.given_name.strip(),
                "family_name": command.family_name.strip(),
                "mobile": command.mobile.strip(),
                # As the request named the home: once the sign-up registered a new address, the
                # same request finds a property there, and must still be the same request.
                "property_id": command.property_id,
                "address": address,
                "move_in_date": command.move_in_date,
            }
        )
        sign_up = self._begin_sign_up(email, digest, home, command.move_in_date)
        try:
            return self._carry_out(sign_up, command, address)
        except UserEmailAlreadyInUse:
            self._abandon(sign_up.id)
            raise MoveInEmailUnusable() from None
        except HouseMoveFailed:
            self._abandon(sign_up.id)
            raise

    def _check_newcomer(self, command: commands.MoveInCreateCustomer) -> None:
        problems = [
            *_name_problems(command.given_name, "given_name"),
            *_name_problems(command.family_name, "family_name"),
            *_contact_problems(command.email, command.mobile, email_required=True),
        ]
        if (command.property_id is None) == (command.address is None):
            problems.append(FieldProblem("KT-GB-5416", "Give either propertyId or address and postcode.", ("address",)))
        if problems:
            raise MoveInCustomerDataInvalid(problems[0].message, problems=problems)

    def _home_named(
        self, command: commands.MoveInCreateCustomer, address: tuple[tuple[str, ...], str] | None
    ) -> Property | None:
        """The property moved into; None for an address registered nowhere yet (the sign-up registers it)."""
        if address is not None:
            return self.accounts.property_at(address[1], address[0][0])
        home = self.accounts.property(command.property_id or "")
        if home is None:
            raise HouseMoveFailed("No property has this id.")
        return home

    def _begin_sign_up(self, email: str, digest: str, home: Property | None, move_in_date: date) -> SignUp:
        def decide() -> tuple[SignUp, list[Any]]:
            now = self.clock.now()
            property_id = home.property_id if home is not None else new_property_id()
            found: SignUp | None = self.find(SignUp.id_for(email))
            if found is None:
                sign_up = SignUp.start(
                    email, digest, self._unused_account_number(), uuid4(), property_id, move_in_date, at=now
                )
                return sign_up, [sign_up]
            if found.abandoned:
                found.restart(digest, property_id, move_in_date, at=now)
                return found, [found]
            if found.digest != digest:
                # Word for word what any other unusable email answers: nothing tells that it is taken.
                raise MoveInEmailUnusable()
            return found, []

        return self.decide(decide)

    def _carry_out(
        self, sign_up: SignUp, command: commands.MoveInCreateCustomer, address: tuple[tuple[str, ...], str] | None
    ) -> str:
        number = sign_up.account_number
        given, family = command.given_name.strip(), command.family_name.strip()
        # The name is the person's who signs up: sealed under the key of the user the sign-up makes.
        self.accounts.open_account_numbered(number, f"{given} {family}", holder_user_id=sign_up.user_id)
        if address is not None:
            home = self.accounts.register_property_at(
                accounts_commands.RegisterPropertyAt(
                    property_id=sign_up.property_id, lines=address[0], postcode=address[1]
                )
            )
        else:
            named = self.accounts.property(sign_up.property_id)
            if named is None:
                raise HouseMoveFailed("No property has this id.")
            home = named
        registered = self.identity.user_id_for_email(sign_up.email)
        if registered is not None and not self._same_password(registered, command.password):
            raise MoveInEmailUnusable()
        user_id = self.identity.register_user(
            identity_commands.RegisterUser(
                email=sign_up.email,
                password=command.password,
                given_name=given,
                family_name=family,
                account_numbers=(number,),
                user_id=sign_up.user_id,
            )
        )
        if command.mobile.strip():
            self.identity.update_user(identity_commands.UpdateUser(user_id=user_id, mobile=command.mobile.strip()))
        self._occupy(number, home.property_id, sign_up.move_in_date, HouseMoveFailed)
        # Keyed by the attempt, so that a resumed request starts nothing more; the join supplier
        # process waits for the customer to accept the terms (joinSupplierAcceptTermsAndConditions).
        attempt = f"sign-up:{sign_up.id}:{sign_up.started_at.isoformat()}"
        for kind in (ProcessKind.JOIN_SUPPLIER, ProcessKind.OCCUPY_PROPERTY):
            self.start_process(kind, number, home.property_id, sign_up.move_in_date, key=f"{attempt}:{kind}")

        def complete() -> tuple[str, list[Any]]:
            current: SignUp = self.load(sign_up.id)
            current.complete(at=self.clock.now())
            changed: list[Any] = [current]
            key = f"sign-up:{current.id}:{current.started_at.isoformat()}"
            if self.find(HouseMove.id_for(key)) is None:
                changed.append(
                    HouseMove.record(
                        key,
                        MoveKind.MOVE_IN,
                        number,
                        home.property_id,
                        current.move_in_date,
                        at=self.clock.now(),
                        given_name=given,
                        family_name=family,
                        email=current.email,
                        mobile=command.mobile.strip(),
                        moved_by=f"user:{user_id}",
                    )
                )
            return number, changed

        return self.decide(complete)

    def _unused_account_number(self) -> str:
        # A number already taken would open nothing new: the account under it is someone else's.
        number = new_account_number()
        while self.accounts.account(number) is not None:
            number = new_account_number()
        return number

    def _same_password(self, user_id: UUID, password: str) -> bool:
        user = self.identity.load(user_id)
        return secrets.verify_password(user.password_hash, password)

    def _abandon(self, sign_up_id: UUID) -> None:
        def decide() -> tuple[None, list[Any]]:
            sign_up: SignUp = self.load(sign_up_id)
            if sign_up.completed_at is not None:
                return None, []
            sign_up.abandon(at=self.clock.now())
            return None, [sign_up]

        self.decide(decide)

    # moveOut -----------------------------------------------------------------------------------

    def move_out(self, command: commands.MoveOut) -> str:
        """Ends the account's occupancy on the move-out date and, if named, occupies the next property.
        The same request again answers the same; one cut short is finished by its retry."""
        number, day = command.account_number, command.move_out_date
        address: tuple[tuple[str, ...], str] | None = None
        moving_in = command.new_property.move_in_date if command.new_property is not None else None
        if command.new_property is not None and moving_in is not None:
            address = self._address_of(command.new_property.address, MoveOutDataInvalid, MoveOutDataInvalid)
            if moving_in < day:
                raise MoveOutDataInvalid("The move in at the new property cannot come before the move out.")
            if not self._in_window(moving_in):
                raise MoveOutDataInvalid(f"A move in must be dated within {self.move_window_days} days of today.")
        key = MoveOutRequest.key_for(number, command.property_id, day)
        digest = request_digest({"kind": MoveKind.MOVE_OUT, "address": address, "move_in_date": moving_in})
        earlier = self._earlier_move_out(key, digest)
        if earlier is not None and earlier.completed_at is not None:
            return number
        home = self._occupied_by(number, command.property_id, day) if earlier is None else self._left(command)
        next_home: Property | None = None
        if address is not None and moving_in is not None:
            next_home = self.accounts.property_at(address[1], address[0][0])
            if next_home is not None and next_home.property_id == home.property_id:
                raise MoveOutDataInvalid("The new property is the property being moved out of.")
            if next_home is not None and not _free_for(next_home, moving_in, number):
                raise MoveOutDataInvalid("The new property is occupied by another account on that date.")
        self._begin_move_out(key, digest, newcomer=False)
        self._vacate(number, home.property_id, day)
        moves = [(key, MoveKind.MOVE_OUT, home.property_id, day)]
        if address is not None and moving_in is not None:
            if next_home is None:
                next_home = self.accounts.register_property_at(
                    accounts_commands.RegisterPropertyAt(
                        property_id=new_property_id(), lines=address[0], postcode=address[1]
                    )
                )
            self._occupy(number, next_home.property_id, moving_in, MoveOutDataInvalid)
            within = f"move-within:{number}:{next_home.property_id}:{moving_in.isoformat()}"
            moves.append((within, MoveKind.MOVE_WITHIN, next_home.property_id, moving_in))
        self._record_moves(number, moves, moved_by=command.moved_by)
        self._complete_move_out(key)
        return number

    # forceMoveIn -------------------------------------------------------------------------------

    def force_move_in(self, command: commands.ForceMoveIn) -> str:
        """The viewer's account leaves on the day; a new account for the named person occupies from it.
        The same request again answers the same, and opens no second account."""
        problems = [
            *_name_problems(command.given_name, "given_name"),
            *_name_problems(command.family_name, "family_name"),
            *_contact_problems(command.email, command.mobile, email_required=False),
        ]
        if problems:
            raise MoveOutDataInvalid(problems[0].message)
        number, day = command.account_number, command.move_in_date
        given, family = command.given_name.strip(), command.family_name.strip()
        email = normalise_email(command.email) if command.email.strip() else ""
        key = MoveOutRequest.key_for(number, command.property_id, day)
        digest = request_digest(
            {
                "kind": MoveKind.FORCED_MOVE_IN,
                "given_name": given,
                "family_name": family,
                "email": email,
                "mobile": command.mobile.strip(),
            }
        )
        earlier = self._earlier_move_out(key, digest)
        if earlier is not None and earlier.completed_at is not None:
            return number
        home = self._occupied_by(number, command.property_id, day) if earlier is None else self._left(command)
        newcomer = self._begin_move_out(key, digest, newcomer=True).newcomer_account_number
        self.accounts.open_account_numbered(newcomer, f"{given} {family}")
        self._vacate(number, home.property_id, day)
        self._occupy(newcomer, home.property_id, day, MoveOutDataInvalid)
        self._record_moves(number, [(key, MoveKind.MOVE_OUT, home.property_id, day)])
        self._record_moves(
            newcomer,
            [
                (
                    f"forced-move-in:{newcomer}:{home.property_id}:{day.isoformat()}",
                    MoveKind.FORCED_MOVE_IN,
                    home.property_id,
                    day,
                )
            ],
            given_name=given,
            family_name=family,
            email=email,
            mobile=command.mobile.strip(),
            moved_by=command.moved_by,
        )
        self._complete_move_out(key)
        return number

    def _earlier_move_out(self, key: str, digest: str) -> MoveOutRequest | None:
        """The request that already moves the account out that day, if this is it; KT-GB-6628 for another."""
        earlier: MoveOutRequest | None = self.find(MoveOutRequest.id_for(key))
        if earlier is not None and earlier.digest != digest:
            raise MoveOutDataInvalid("The account has already moved out of this property on that day.")
        return earlier

    def _left(self, command: commands.MoveOut | commands.ForceMoveIn) -> Property:
        """The property a request cut short was moving out of."""
        home = self.accounts.property(command.property_id)
        if home is None:
            raise MoveOutDataInvalid(f"Account {command.account_number} does not occupy this property.")
        return home

    def _begin_move_out(self, key: str, digest: str, *, newcomer: bool) -> MoveOutRequest:
        """Records the request before its first step (the same request at once finds it recorded)."""

        def decide() -> tuple[MoveOutRequest, list[Any]]:
            found = self._earlier_move_out(key, digest)
            if found is not None:
                return found, []
            request = MoveOutRequest.start(
                key, digest, self._unused_account_number() if newcomer else "", at=self.clock.now()
            )
            return request, [request]

        return self.decide(decide)

    def _complete_move_out(self, key: str) -> None:
        def decide() -> tuple[None, list[Any]]:
            request: MoveOutRequest = self.load(MoveOutRequest.id_for(key))
            if request.completed_at is not None:
                return None, []
            request.complete(at=self.clock.now())
            return None, [request]

        self.decide(decide)

    def _vacate(self, account_number: str, property_id: str, day: date) -> None:
        """Ends the account's occupancy on the day, unless it already ended then (the same request
        before, or at once)."""

        def left() -> bool:
            home = self.accounts.property(property_id)
            return home is not None and any(
                p.account_number == account_number and p.effective_to == day and not p.withdrawn for p in home.periods
            )

        if left():
            return
        try:
            self.accounts.vacate_property(
                accounts_commands.VacateProperty(
                    account_number=account_number, property_id=property_id, effective_to=day
                )
            )
        except OccupancyConflict:
            if not left():
                raise MoveOutDataInvalid(f"Account {account_number} does not occupy this property.") from None

    # The house-move worker ---------------------------------------------------------------------

    def house_move_message(self, move_id: UUID) -> HouseMoveMessage | None:
        """What to send about the move; None once it was sent (a redelivered message sends nothing)."""
        move: HouseMove | None = self.find(move_id)
        if move is None or move.notified_at is not None:
            return None
        home = self.accounts.property(move.property_id)
        window = timedelta(days=self.cot_reading_window_days)
        return HouseMoveMessage(
            move_id=move_id,
            kind=move.kind,
            account_number=move.account_number,
            property_id=move.property_id,
            address=home.lines if home is not None else (),
            postcode=home.postcode if home is not None else "",
            effective_on=move.effective_on,
            given_name=move.given_name,
            family_name=move.family_name,
            email=move.email,
            meter_serials=self.meter_serials_on(move.property_id, move.effective_on),
            reading_from=move.effective_on - window,
            reading_to=move.effective_on + window,
        )

    def meter_serials_on(self, property_id: str, day: date) -> tuple[str, ...]:
        """The serial numbers of the property's meters on the day: none where nothing measures the supply."""
        return tuple(meter.serial_number for meter in self.active_meters(property_id, day))

    def record_house_move_notified(self, move_id: UUID, recipients: tuple[str, ...], serials: tuple[str, ...]) -> bool:
        def decide() -> tuple[bool, list[Any]]:
            move: HouseMove = self.load(move_id)
            recorded = move.record_notified(recipients, serials, at=self.clock.now())
            return recorded, [move] if recorded else []

        return self.decide(decide)

    # Shared rules ------------------------------------------------------------------------------

    def _in_window(self, day: date) -> bool:
        return abs((day - self.clock.now().date()).days) <= self.move_window_days

    def _occupied_by(self, account_number: str, property_id: str, leaving_on: date) -> Property:
        """The property the account occupies, which it may leave on that day; KT-GB-6628 otherwise."""
        home = self.accounts.property(property_id)
        period = _open_period(home, account_number) if home is not None else None
        if home is None or period is None:
            raise MoveOutDataInvalid(f"Account {account_number} does not occupy this property.")
        if leaving_on <= period.effective_from:
            raise MoveOutDataInvalid(
                f"The occupancy began on {period.effective_from.isoformat()}: a move out must come after it."
            )
        if not self._in_window(leaving_on):
            raise MoveOutDataInvalid(f"A move out must be dated within {self.move_window_days} days of today.")
        return home

    def _occupy(self, account_number: str, property_id: str, day: date, refused: type[KrakenError]) -> None:
        """Occupies idempotently: an occupancy of the account from that day already there is kept."""

        def ours() -> bool:
            home = self.accounts.property(property_id)
            return home is not None and any(
                p.account_number == account_number and p.effective_from == day for p in home.periods
            )

        if ours():
            return
        try:
            self.accounts.occupy_property(
                accounts_commands.OccupyProperty(
                    account_number=account_number, property_id=property_id, effective_from=day
                )
            )
        except OccupancyConflict:
            # The same request, running at once, may have occupied it first.
            if not ours():
                raise refused("The property is occupied by another account on that date.") from None

    def _address_of(
        self, given: commands.NewAddress, malformed: type[KrakenError], outside: type[KrakenError]
    ) -> tuple[tuple[str, ...], str]:
        """The address's lines and its postcode as Royal Mail spells it; a postcode not in GB is outside the area."""
        lines = tuple(line.strip() for line in _ADDRESS_SEPARATORS.split(given.address) if line.strip())
        if not lines or len(lines) > MAX_LINES or any(len(line) > MAX_LINE_LENGTH for line in lines):
            detail = f"An address has 1 to {MAX_LINES} lines of at most {MAX_LINE_LENGTH} characters."
            raise malformed(detail, problems=[FieldProblem(malformed.code, detail, ("address",))])
        postcode = gb_postcode(given.postcode)
        if postcode is None:
            raise outside("The postcode is not a GB postcode: the property is outside the supply area.")
        return lines, postcode

    def _record_moves(
        self,
        account_number: str,
        moves: list[tuple[str, MoveKind, str, date]],
        *,
        given_name: str = "",
        family_name: str = "",
        email: str = "",
        mobile: str = "",
        moved_by: str = "",
    ) -> None:
        """Starts each move's process and records it, once per key however often it is asked."""
        for key, kind, property_id, day in moves:
            process = ProcessKind.LEAVE_PROPERTY if kind == MoveKind.MOVE_OUT else ProcessKind.OCCUPY_PROPERTY
            self.start_process(process, account_number, property_id, day, key=f"house-move:{key}")

        def decide() -> tuple[None, list[Any]]:
            now = self.clock.now()
            recorded = [
                HouseMove.record(
                    key,
                    kind,
                    account_number,
                    property_id,
                    day,
                    at=now,
                    given_name=given_name,
                    family_name=family_name,
                    email=email,
                    mobile=mobile,
                    moved_by=moved_by,
                )
                for key, kind, property_id, day in moves
                if self.find(HouseMove.id_for(key)) is None
            ]
            return None, recorded

        self.decide(decide)


def _open_period(home: Property, account_number: str) -> OccupancyPeriod | None:
    return next((p for p in home.periods if p.account_number == account_number and p.effective_to is None), None)


def _free_for(home: Property, day: date, account_number: str | None) -> bool:
    """Whether the account may occupy the property from the day: every other occupancy ends by then."""
    return all(p.ends_by(day) for p in home.periods if p.account_number != account_number)


def _name_problems(name: str, value: str) -> list[FieldProblem]:
    if 0 < len(name.strip()) <= MAX_NAME and name.isprintable():
        return []
    return [FieldProblem("KT-GB-5416", f"A name must be 1 to {MAX_NAME} printable characters.", (value,))]


def _contact_problems(email: str, mobile: str, *, email_required: bool) -> list[FieldProblem]:
    problems = []
    given = email.strip()
    if (given or email_required) and not (len(given) <= MAX_EMAIL and WELL_FORMED_EMAIL.fullmatch(given)):
        problems.append(FieldProblem("KT-GB-5416", "The email address is not well formed.", ("email",)))
    number = mobile.strip()
    if number and not (
        len(number) <= MAX_PHONE and _PHONE.fullmatch(number) and 7 <= sum(c.isdigit() for c in number) <= 15
    ):
        problems.append(
            FieldProblem("KT-GB-5416", "A phone number has 7 to 15 digits, optionally after a +.", ("mobile",))
        )
    return problems
