"""The benchmark's customers: pairs of users sharing an account, each with points, a token and a direct debit."""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from uuid import UUID

from domain.identity import commands as identity
from domain.loyalty import commands as loyalty
from domain.payments import commands as payments
from domain.payments.ledger import main_ledger_number
from ops.runtime import build, settling
from projections.contexts import Contexts
from settings import Settings

TRANSFER = (
    "mutation Transfer($input: TransferLoyaltyPointsBetweenUsersInput!) "
    "{ transferLoyaltyPointsBetweenUsers(input: $input) { pointsTransferred } }"
)
# Every transfer moves one point and directions alternate, so balances stay near where they start.
STARTING_POINTS = 1_000_000


@dataclasses.dataclass(frozen=True)
class Pair:
    """Two users of one account: `transfers[0]` sends a point from the first to the second, [1] back."""

    account_number: str
    transfers: tuple[tuple[bytes, dict[str, str]], tuple[bytes, dict[str, str]]]


def seed(settings: Settings, count: int) -> list[Pair]:
    contexts = build(settings)
    try:
        # register_user hashes a password with argon2 (tens of ms of CPU, outside the GIL): use every core.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            pairs = list(pool.map(partial(_seed_pair, contexts), range(count)))
        # Read models, reactions and the outbox brought up to date: the server starts with nothing to catch up.
        with settling(settings, contexts) as catch_up:
            catch_up()  # opens each account's main ledger
            for pair in pairs:
                _direct_debit(contexts, pair.account_number)
                _bills(contexts, pair.account_number)
                _monthly_schedule(contexts, pair.account_number)
            catch_up()
        return pairs
    finally:
        contexts.close()


def _seed_pair(contexts: Contexts, index: int) -> Pair:
    account = contexts.accounts.open_account(f"Bench Customer {index}")
    ids = [
        contexts.identity.register_user(
            identity.RegisterUser(
                email=f"bench-{index}-{side}@bench.example",
                password=secrets.token_urlsafe(16),
                given_name="Bench",
                family_name=f"User {index}{side}",
                account_numbers=(account.number,),
            )
        )
        for side in "ab"
    ]
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=ids[0], account_number=account.number)
    )
    for user_id in ids:
        contexts.loyalty.award_points(
            loyalty.AwardPoints(
                user_id=user_id, account_number=account.number, points=STARTING_POINTS, reason_code="BENCHMARK"
            )
        )
    first, second = (_token(contexts, user_id) for user_id in ids)
    return Pair(
        account.number,
        (_transfer(account.number, first, ids[1]), _transfer(account.number, second, ids[0])),
    )


def _direct_debit(contexts: Contexts, account_number: str) -> None:
    """A direct debit instruction on the account's main ledger, so that a payment can be collected today."""
    contexts.payments.set_up_direct_debit_instruction(
        payments.SetUpDirectDebitInstruction(
            account_number=account_number,
            valid_from=contexts.payments.clock.now(),
            bank_details=payments.BankDetails(account_holder="Bench", sort_code="200000", account_number="55779911"),
            account_user_id="bench",
            ledger_number=main_ledger_number(account_number),
        )
    )


def _bills(contexts: Contexts, account_number: str) -> None:
    """A year of monthly bills, so that the dashboard's last ten transactions are ten."""
    for month in range(12):
        bill = contexts.payments.draft_bill(
            payments.DraftBill(account_number=account_number, amount=2500 + month, description="Water and sewerage")
        )
        contexts.payments.issue_bill(str(bill.number))


def _monthly_schedule(contexts: Contexts, account_number: str) -> None:
    """A monthly direct debit on the 15th, so that the dashboard shows a schedule and what it will collect."""
    contexts.payments.create_direct_debit_payment_schedule(
        payments.CreateDirectDebitPaymentSchedule(
            account_number=account_number,
            ledger_number=main_ledger_number(account_number),
            payment_day=15,
            payment_amount=3000,
        )
    )


def _token(contexts: Contexts, user_id: UUID) -> str:
    # An API key login costs a SHA-256, not an argon2 verify; the token is the one obtainKrakenToken gives.
    key = contexts.identity.issue_secret_key(user_id)
    return contexts.identity.obtain_kraken_token(identity.ObtainKrakenToken(client="kraken-bench", api_key=key)).token


def _transfer(account_number: str, token: str, receiver: UUID) -> tuple[bytes, dict[str, str]]:
    # Encoded once: the load generator shares the CPU with the server, so it should do little per request.
    variables = {"input": {"accountNumber": account_number, "receivingUserId": str(receiver), "points": 1}}
    body = json.dumps({"query": TRANSFER, "variables": variables}).encode()
    return body, {"Authorization": token, "Content-Type": "application/json"}
