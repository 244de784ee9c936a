"""The loyalty context's contribution commands: the operators' schemes, createContributionAgreement,
endContributionAgreement, the scheduler's fulfilment of ended periods, and the confirmation email's
outcome. The commands are declared here, with the topic they belong to.

An `activeFrom` may lie a little in the past (a client's clock, the request's time on the wire):
up to `PAST_TOLERANCE`; the same tolerance applies to an `endAt`, which is then taken as now.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import msgspec

from domain.loyalty.contribution_agreement import ContributionAgreement, ContributionInterval, SchemeContributions
from domain.loyalty.contribution_scheme import ContributionScheme
from domain.loyalty.errors import (
    ContributionAgreementCreationFailed,
    ContributionAgreementDataInvalid,
    ContributionAgreementEndFailed,
    ContributionAgreementNotFound,
    ContributionAmountNotPositive,
    ContributionSchemeClosed,
)
from domain.loyalty.referral_directory import ReferralDirectory
from domain.shared.application import ContextApplication

PAST_TOLERANCE = timedelta(minutes=5)
# Bounds that keep an agreement meaningful: at most 10,000.00 a period, starting within ten years.
MAX_CONTRIBUTION = 1_000_000
MAX_LEAD = timedelta(days=3653)
MAX_SCHEME_CODE, MAX_SCHEME_NAME = 64, 150
# How many ended periods one fulfilment records (a scheduler that was down catches up over ticks).
PERIODS_PER_FULFILMENT = 12


class AddContributionScheme(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators add a scheme customers can contribute to."""

    code: str
    display_name: str
    taxable: bool = False


class CreateContributionAgreement(msgspec.Struct, frozen=True, kw_only=True):
    """createContributionAgreement: the account gives `amount` (minor units) to the scheme every interval."""

    account_number: str
    scheme_code: str
    interval: ContributionInterval
    amount: int
    active_from: datetime
    active_to: datetime | None = None
    made_by: str = ""


class EndContributionAgreement(msgspec.Struct, frozen=True, kw_only=True):
    """endContributionAgreement: the agreement stops at `end_at`, or now when not given."""

    agreement_id: UUID
    end_at: datetime | None = None


def _aware(at: datetime) -> bool:
    return at.tzinfo is not None and at.utcoffset() is not None


class ContributionCommands(ContextApplication):
    # Who has an account: an organisation may name any number, and charges need a real account.
    directory: ReferralDirectory

    # Operators' commands ----------------------------------------------------------------------

    def add_contribution_scheme(self, command: AddContributionScheme) -> ContributionScheme:
        """Adds an open scheme; ValueError for a code taken, or a malformed code or name."""
        code, name = command.code.strip(), command.display_name.strip()
        if not code or len(code) > MAX_SCHEME_CODE or not all(c.isalnum() or c in "-_" for c in code):
            raise ValueError(f"A scheme code is 1 to {MAX_SCHEME_CODE} letters, digits, '-' or '_'.")
        if not name or len(name) > MAX_SCHEME_NAME:
            raise ValueError(f"A scheme's display name is 1 to {MAX_SCHEME_NAME} characters.")

        def decide() -> tuple[ContributionScheme, list[Any]]:
            if self.contribution_scheme(code) is not None:
                raise ValueError(f"There is already a contribution scheme {code!r}.")
            scheme = ContributionScheme.add(code, name, command.taxable, self.clock.now())
            return scheme, [scheme]

        return self.decide(decide)

    def set_contribution_scheme_accepting(self, code: str, accepting: bool) -> bool:
        """Closes a scheme to new agreements (or reopens it); False if it already was; ValueError if unknown."""

        def decide() -> tuple[bool, list[Any]]:
            scheme = self.contribution_scheme(code)
            if scheme is None:
                raise ValueError(f"There is no contribution scheme {code!r}.")
            at = self.clock.now()
            changed = scheme.reopen(at) if accepting else scheme.close(at)
            return changed, [scheme] if changed else []

        return self.decide(decide)

    # Mutations ---------------------------------------------------------------------------------

    def create_contribution_agreement(self, command: CreateContributionAgreement) -> ContributionAgreement:
        """Makes the agreement; one runs at a time per account and scheme (KT-CT-9602)."""
        if command.amount <= 0:
            raise ContributionAmountNotPositive(f"The amount must be above zero; it was {command.amount}.")
        now = self.clock.now()
        self._check_agreement_data(command, now)
        scheme = self.contribution_scheme(command.scheme_code) if len(command.scheme_code) <= MAX_SCHEME_CODE else None
        if scheme is None:
            raise ContributionAgreementDataInvalid(f"No contribution scheme has the code {command.scheme_code[:64]!r}.")
        if not scheme.accepting_contributions:
            raise ContributionSchemeClosed(f"The scheme {scheme.code} is not accepting contributions.")
        if self.directory.brand_of(command.account_number) is None:
            raise ContributionAgreementDataInvalid(f"No account has the number {command.account_number[:32]!r}.")

        def decide() -> tuple[ContributionAgreement, list[Any]]:
            slot_id = SchemeContributions.id_for(command.account_number, scheme.code)
            slot: SchemeContributions | None = self.find(slot_id)
            if slot is None:
                slot = SchemeContributions.open(command.account_number, scheme.code)
            for agreement_id in slot.agreement_ids:
                existing: ContributionAgreement = self.load(agreement_id)
                if existing.overlaps(command.active_from, command.active_to):
                    raise ContributionAgreementCreationFailed(
                        f"Account {command.account_number} already has an agreement with {scheme.code} "
                        "running in that time."
                    )
            agreement = ContributionAgreement.make(
                command.account_number,
                scheme.code,
                command.interval,
                command.amount,
                command.active_from,
                command.active_to,
                command.made_by,
                self.clock.now(),
            )
            slot.add(agreement.id)
            return agreement, [slot, agreement]

        return self.decide(decide)

    def _check_agreement_data(self, command: CreateContributionAgreement, now: datetime) -> None:
        if command.amount > MAX_CONTRIBUTION:
            raise ContributionAgreementDataInvalid(f"The amount may be at most {MAX_CONTRIBUTION} a period.")
        if not _aware(command.active_from) or (command.active_to is not None and not _aware(command.active_to)):
            raise ContributionAgreementDataInvalid("activeFrom and activeTo need a time zone offset.")
        if command.active_from < now - PAST_TOLERANCE:
            raise ContributionAgreementDataInvalid("activeFrom cannot be in the past.")
        if command.active_from > now + MAX_LEAD:
            raise ContributionAgreementDataInvalid("activeFrom may be at most ten years ahead.")
        if command.active_to is not None and command.active_to <= command.active_from:
            raise ContributionAgreementDataInvalid("activeTo must be after activeFrom.")

    def contribution_agreement_account(self, agreement_id: UUID) -> str:
        """The account of the agreement, for the caller to authorise; KT-CT-9603 if there is none."""
        return self._agreement(agreement_id).account_number

    def end_contribution_agreement(self, command: EndContributionAgreement) -> ContributionAgreement:
        """Ends the agreement at `end_at` (now if not given): no period after it is charged.

        KT-CT-9604 if it has ended already, or `end_at` is in the past, before `active_from` or after
        its agreed end. Without `end_at`, one that has not started yet ends as it would start.
        """

        def decide() -> tuple[ContributionAgreement, list[Any]]:
            agreement = self._agreement(command.agreement_id)
            now = self.clock.now()
            if agreement.ended(now):
                raise ContributionAgreementEndFailed("The contribution agreement has ended already.")
            end_at = command.end_at
            if end_at is None:
                end_at = max(now, agreement.active_from)
            elif not _aware(end_at):
                raise ContributionAgreementEndFailed("endAt needs a time zone offset.")
            elif end_at < now - PAST_TOLERANCE:
                raise ContributionAgreementEndFailed("endAt cannot be in the past.")
            elif end_at < agreement.active_from:
                raise ContributionAgreementEndFailed("endAt cannot be before the agreement's activeFrom.")
            elif agreement.active_to is not None and end_at > agreement.active_to:
                raise ContributionAgreementEndFailed("endAt cannot be after the agreement's activeTo.")
            # An endAt a moment ago (within the tolerance) ends it now.
            agreement.end(max(end_at, now), now)
            return agreement, [agreement]

        return self.decide(decide)

    # The scheduler's and the actors' commands -------------------------------------------------

    def fulfil_contribution_periods(self, agreement_id: UUID) -> int:
        """Records the agreement's whole periods that ended by now, each once; returns how many."""

        def decide() -> tuple[int, list[Any]]:
            agreement: ContributionAgreement | None = self.find(agreement_id)
            if agreement is None:
                return 0, []
            count = agreement.fulfil_ended_periods(self.clock.now(), PERIODS_PER_FULFILMENT)
            return count, [agreement] if count else []

        return self.decide(decide)

    def record_contribution_confirmation_sent(self, agreement_id: UUID) -> bool:
        def decide() -> tuple[bool, list[Any]]:
            agreement: ContributionAgreement = self.load(agreement_id)
            changed = agreement.record_confirmation_sent(self.clock.now())
            return changed, [agreement] if changed else []

        return self.decide(decide)

    # Lookups -----------------------------------------------------------------------------------

    def contribution_scheme(self, code: str) -> ContributionScheme | None:
        found = self.find(ContributionScheme.id_for(code))
        return found if isinstance(found, ContributionScheme) else None

    def contribution_agreement(self, agreement_id: UUID) -> ContributionAgreement | None:
        found = self.find(agreement_id)
        return found if isinstance(found, ContributionAgreement) else None

    def _agreement(self, agreement_id: UUID) -> ContributionAgreement:
        found = self.contribution_agreement(agreement_id)
        if found is None:
            raise ContributionAgreementNotFound("No contribution agreement has that id.")
        return found
