"""The loyalty context's application: account enrolment, each user's points ledger, and what moves points."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import Any, Concatenate, ParamSpec, TypeVar
from uuid import UUID

from domain.loyalty import commands
from domain.loyalty.campaign_commands import CampaignCommands
from domain.loyalty.contribution_commands import ContributionCommands
from domain.loyalty.errors import (
    InsufficientLoyaltyPoints,
    LoyaltyAdapterNotConfigured,
    LoyaltyEnrollmentIneligible,
    LoyaltyLedgerNotFound,
    LoyaltyPointsUnexpectedError,
    LoyaltyRoleAssignmentFailed,
)
from domain.loyalty.ledger import LoyaltyLedger
from domain.loyalty.loyalty_account import LoyaltyAccount
from domain.loyalty.members import AccountMembers
from domain.loyalty.referral_commands import ReferralCommands, ReferralSettings
from domain.loyalty.referral_directory import ReferralDirectory
from domain.shared.application import ContextApplication
from domain.shared.catalogue import Unauthorized
from domain.shared.clock import Clock
from domain.shared.errors import KrakenError
from domain.shared.throttle import Throttle

log = logging.getLogger("kraken.loyalty")

P = ParamSpec("P")
R = TypeVar("R")
L = TypeVar("L", bound="Loyalty")


def loyalty_command(method: Callable[Concatenate[L, P], R]) -> Callable[Concatenate[L, P], R]:
    """Kraken answers any failure of the loyalty points service that it did not foresee with KT-CT-9210.

    The original exception is logged here, with its traceback, because the client only sees the code.
    """

    def guarded(app: L, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(app, *args, **kwargs)
        except KrakenError:
            raise
        except Exception as exc:
            log.exception("loyalty command %s failed unexpectedly", method.__name__)
            raise LoyaltyPointsUnexpectedError() from exc

    functools.update_wrapper(guarded, method)
    return guarded


def _user_id(text: str) -> UUID | None:
    try:
        return UUID(text)
    except ValueError:
        return None


class Loyalty(CampaignCommands, ContributionCommands, ReferralCommands, ContextApplication):
    name = "Loyalty"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        *,
        points_per_unit: int,
        members: AccountMembers,
        directory: ReferralDirectory | None = None,
        throttle: Throttle | None = None,
        referrals: ReferralSettings | None = None,
    ) -> None:
        super().__init__(env, clock)
        self.points_per_unit, self.members = points_per_unit, members
        if directory is not None:
            self.directory = directory
        if throttle is not None:
            self.throttle = throttle
        self.referral_settings = referrals or ReferralSettings()

    # Operators' commands -----------------------------------------------------------------------

    @loyalty_command
    def award_points(self, command: commands.AwardPoints) -> int:
        """Credits points to the user's ledger, opening it if need be; returns the new balance."""

        def decide() -> tuple[int, list[Any]]:
            at = self.clock.now()
            ledger = self.ledger(command.user_id) or LoyaltyLedger.open(command.user_id, command.account_number, at)
            ledger.earn(command.points, command.reason_code, command.account_number, at=at)
            return ledger.balance, [ledger]

        return self.decide(decide)

    @loyalty_command
    def reverse_award(self, command: commands.ReverseAward) -> int:
        """Claws points back, even below zero; returns the new balance."""

        def decide() -> tuple[int, list[Any]]:
            ledger = self.ledger(command.user_id)
            if ledger is None:
                raise LoyaltyLedgerNotFound()
            ledger.reverse_award(command.points, command.reason_code, at=self.clock.now())
            return ledger.balance, [ledger]

        return self.decide(decide)

    # Mutations ---------------------------------------------------------------------------------

    @loyalty_command
    def enroll_account_in_loyalty_program(self, command: commands.EnrollAccountInLoyaltyProgram) -> bool:
        user_id = command.viewer_id if command.account_user_id is None else _user_id(command.account_user_id)
        if user_id is None or not self.members.belongs_to(user_id, command.account_number):
            raise LoyaltyEnrollmentIneligible(
                f"The account user named is not a user of account {command.account_number}."
            )

        def decide() -> tuple[bool, list[Any]]:
            if self.account(command.account_number) is not None:
                raise LoyaltyEnrollmentIneligible(f"Account {command.account_number} is already enrolled.")
            at = self.clock.now()
            changed: list[Any] = [LoyaltyAccount.enrol(command.account_number, user_id, enrolled_at=at)]
            # The user may already hold a ledger: from another account, or from points sent to them.
            if self.ledger(user_id) is None:
                changed.append(LoyaltyLedger.open(user_id, command.account_number, opened_at=at))
            return True, changed

        return self.decide(decide)

    @loyalty_command
    def redeem_loyalty_points_for_account_credit(self, command: commands.RedeemLoyaltyPointsForAccountCredit) -> int:
        """Charges the points; the account credit is paid by the payments context, from the event."""
        if self.points_per_unit <= 0:
            raise LoyaltyAdapterNotConfigured("No conversion from loyalty points to account credit is configured.")

        def decide() -> tuple[int, list[Any]]:
            ledger = self.ledger(command.viewer_id)
            if ledger is None:
                raise LoyaltyLedgerNotFound()
            ledger.redeem(command.points, self.points_per_unit, command.account_number, at=self.clock.now())
            return command.points, [ledger]

        return self.decide(decide)

    @loyalty_command
    def transfer_loyalty_points_between_users(self, command: commands.TransferLoyaltyPointsBetweenUsers) -> int:
        receiver_id = _user_id(command.receiving_user_id)
        if receiver_id == command.viewer_id:
            # The seed lists no code of its own for this. Of its codes, only 1111 is about who may
            # receive (as for a receiver off the account); 9204 would say the points asked for are
            # not positive, which is not so.
            raise Unauthorized(
                f"The receiving user must be another user of account {command.account_number}: "
                "the viewer may not transfer points to themselves."
            )
        if receiver_id is None or not self.members.belongs_to(receiver_id, command.account_number):
            raise Unauthorized(f"The receiving user is not a user of account {command.account_number}.")

        def decide() -> tuple[int, list[Any]]:
            sender = self.ledger(command.viewer_id)
            if sender is None:
                # No ledger holds no points: the answer an empty balance gives, once the points are valid.
                LoyaltyLedger.check_points(command.points)
                raise InsufficientLoyaltyPoints("The user has no loyalty points ledger, so no points to transfer.")
            found = self.ledger(receiver_id)
            # Read after both ledgers: an entry another process added to the receiver's meanwhile is
            # never later than the one posted here.
            at = self.clock.now()
            receiver = found or LoyaltyLedger.open(receiver_id, command.account_number, at)
            sender.transfer_out(command.points, receiver_id, command.account_number, at=at)
            receiver.transfer_in(command.points, command.viewer_id, command.account_number, at=at)
            # One save: both entries are written, or neither.
            return command.points, [sender, receiver]

        return self.decide(decide)

    @loyalty_command
    def set_loyalty_points_user(self, command: commands.SetLoyaltyPointsUser) -> UUID:
        new_user_id = _user_id(command.new_loyalty_points_user_id)
        if new_user_id is None or not self.members.belongs_to(new_user_id, command.account_number):
            raise LoyaltyRoleAssignmentFailed(
                f"The account user named is not a user of account {command.account_number}."
            )

        def decide() -> tuple[UUID, list[Any]]:
            account = self.account(command.account_number)
            if account is None:
                raise LoyaltyRoleAssignmentFailed(f"Account {command.account_number} is not enrolled.")
            at = self.clock.now()
            account.change_points_user(new_user_id, at=at)
            changed: list[Any] = [account]
            if self.ledger(new_user_id) is None:
                changed.append(LoyaltyLedger.open(new_user_id, command.account_number, opened_at=at))
            return new_user_id, changed

        return self.decide(decide)

    # Lookups -----------------------------------------------------------------------------------

    def ledger(self, user_id: UUID) -> LoyaltyLedger | None:
        found: LoyaltyLedger | None = self.find(LoyaltyLedger.id_for(user_id))
        return found

    def account(self, number: str) -> LoyaltyAccount | None:
        found: LoyaltyAccount | None = self.find(LoyaltyAccount.id_for(number))
        return found
