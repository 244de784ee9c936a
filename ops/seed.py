"""Demo data for the embedded default: a customer account, its two users, some loyalty points, and a
direct debit on the account's main ledger that collects a monthly payment schedule (so that
collectPayment and createAccountPaymentSchedule work at once)."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.identity import commands
from domain.identity.secrets import same_digest, verify_password
from domain.identity.user import User
from domain.loyalty import commands as loyalty
from domain.payments import commands as payments
from domain.payments.application import Payments
from domain.payments.identifiers import LedgerClaim, new_number
from domain.payments.ledger import main_ledger_number
from domain.payments.payment_instruction import PaymentInstruction
from domain.payments.payment_schedule import SCHEDULE, PaymentSchedules, ScheduleKind, ScheduleReason, ScheduleType
from domain.shared.digests import digest
from projections.contexts import Contexts
from projections.projection import ReactionFollower

DEMO_EMAIL = "demo@kraken.example"
PARTNER_EMAIL = "partner@kraken.example"
WELCOME_POINTS = 2000
# A sandbox bank account: the sandbox provider collects from any well-formed one.
DEMO_SORT_CODE, DEMO_BANK_ACCOUNT = "20-00-00", "55779911"
# The demo's monthly direct debit: £30 on the 1st.
DEMO_PAYMENT_DAY, DEMO_MONTHLY_AMOUNT = 1, 3000


@dataclass(frozen=True)
class DemoCredentials:
    """The demo customer's credentials: as seeded (kept under the data dir), or as they are now,
    where a password or API key that no longer works is None (changed since seeding)."""

    email: str
    password: str | None
    api_key: str | None
    account_number: str
    partner_user_id: str
    loyalty_points: int

    @property
    def ledger_number(self) -> str:
        return main_ledger_number(self.account_number)


def seed_demo(contexts: Contexts, data_dir: Path) -> DemoCredentials:
    """Creates the demo customer once; later calls return the kept credentials as they are now.

    The password and API key are random per installation. They are kept in clear only in
    `demo-credentials.json` (mode 0600) so that the run command can print them again.
    """
    kept = data_dir / "demo-credentials.json"
    user_id = contexts.identity.user_id_for_email(DEMO_EMAIL)
    if user_id is not None and kept.exists():
        return _as_they_are_now(contexts, user_id, DemoCredentials(**json.loads(kept.read_text())))
    account = contexts.accounts.open_account("Demo Customer")
    password = secrets.token_urlsafe(12)
    user_id = contexts.identity.register_user(
        commands.RegisterUser(
            email=DEMO_EMAIL,
            password=password,
            given_name="Demo",
            family_name="Customer",
            account_numbers=(account.number,),
        )
    )
    api_key = contexts.identity.issue_secret_key(user_id)
    # A second user on the account, so that points can be transferred between the two.
    partner_id = contexts.identity.register_user(
        commands.RegisterUser(
            email=PARTNER_EMAIL,
            password=secrets.token_urlsafe(12),
            given_name="Partner",
            family_name="Customer",
            account_numbers=(account.number,),
        )
    )
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=user_id, account_number=account.number)
    )
    contexts.loyalty.award_points(
        loyalty.AwardPoints(
            user_id=user_id, account_number=account.number, points=WELCOME_POINTS, reason_code="WELCOME_BONUS"
        )
    )
    # The payments context opens the account's main ledger when it sees the account: let it now.
    ReactionFollower(contexts.payments, contexts.accounts).run_once()
    instruction = contexts.payments.set_up_direct_debit_instruction(
        payments.SetUpDirectDebitInstruction(
            account_number=account.number,
            valid_from=contexts.payments.clock.now(),
            bank_details=payments.BankDetails(
                account_holder="Demo Customer", sort_code=DEMO_SORT_CODE, account_number=DEMO_BANK_ACCOUNT
            ),
            account_user_id=str(user_id),
            ledger_number=main_ledger_number(account.number),
        )
    )
    _monthly_direct_debit(contexts.payments, account.number, instruction)
    credentials = DemoCredentials(DEMO_EMAIL, password, api_key, account.number, str(partner_id), WELCOME_POINTS)
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(asdict(credentials), f, indent=2)
    return credentials


def _monthly_direct_debit(payments: Payments, account_number: str, instruction: PaymentInstruction) -> None:
    """A fixed schedule active from today, as a customer who has paid monthly for a while has.

    createAccountPaymentSchedule changes the schedule active today, and no command starts one today:
    createDirectDebitPaymentSchedule starts on the next payment day, and `kraken schedule plan` makes
    a debt plan, which customers may not change (KT-CT-3961). So the seed writes it itself, with the
    claim of its integer id that every schedule has.
    """
    ledger_number = main_ledger_number(account_number)

    def decide() -> tuple[None, list[Any]]:
        schedules = payments.payment_schedules(ledger_number) or PaymentSchedules.start(ledger_number, account_number)
        number = new_number()
        schedules.add(
            number,
            ScheduleKind.FIXED,
            ScheduleReason.GENERAL_ACCOUNT_PAYMENT,
            payments.clock.now().date(),
            DEMO_PAYMENT_DAY,
            DEMO_MONTHLY_AMOUNT,
            None,
            instruction.number,
            ScheduleType.DIRECT_DEBIT,
        )
        return None, [schedules, LedgerClaim.claim(SCHEDULE, number, ledger_number)]

    payments.decide(decide)


def _as_they_are_now(contexts: Contexts, user_id: UUID, seeded: DemoCredentials) -> DemoCredentials:
    """The kept credentials, without those the customer has changed since (they no longer log in),
    and the points the demo user holds now."""
    user: User = contexts.identity.load(user_id)
    password_works = seeded.password is not None and verify_password(user.password_hash, seeded.password)
    key_works = seeded.api_key is not None and same_digest(user.secret_key_digest, digest(seeded.api_key))
    ledger = contexts.loyalty.ledger(user_id)
    return replace(
        seeded,
        password=seeded.password if password_works else None,
        api_key=seeded.api_key if key_works else None,
        loyalty_points=ledger.balance if ledger is not None else 0,
    )
