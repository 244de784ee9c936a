"""Demo data for the embedded default: a customer account, its two users, some loyalty points and a
direct debit on the account's main ledger (so that collectPayment works at once)."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from domain.identity import commands
from domain.loyalty import commands as loyalty
from domain.payments import commands as payments
from domain.payments.ledger import main_ledger_number
from ops.runtime import Contexts
from projections.projection import ReactionFollower

DEMO_EMAIL = "demo@kraken.example"
PARTNER_EMAIL = "partner@kraken.example"
WELCOME_POINTS = 2000
# A sandbox bank account: the sandbox provider collects from any well-formed one.
DEMO_SORT_CODE, DEMO_BANK_ACCOUNT = "20-00-00", "55779911"


@dataclass(frozen=True)
class DemoCredentials:
    email: str
    password: str
    api_key: str
    account_number: str
    partner_user_id: str
    loyalty_points: int


def seed_demo(contexts: Contexts, data_dir: Path) -> DemoCredentials:
    """Creates the demo customer once; later calls return the credentials kept under data_dir.

    The password and API key are random per installation. They are kept in clear only in
    `demo-credentials.json` (mode 0600) so that the run command can print them again.
    """
    kept = data_dir / "demo-credentials.json"
    if contexts.identity.user_id_for_email(DEMO_EMAIL) is not None and kept.exists():
        return DemoCredentials(**json.loads(kept.read_text()))
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
    contexts.payments.set_up_direct_debit_instruction(
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
    credentials = DemoCredentials(DEMO_EMAIL, password, api_key, account.number, str(partner_id), WELCOME_POINTS)
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(asdict(credentials), f, indent=2)
    return credentials
