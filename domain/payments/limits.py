"""How much money one command may move, and how far a ledger's balance may go either side of zero.

These bounds keep every amount and every sum the API serves as a GraphQL `Int` (32-bit signed,
as Kraken's public schema types `AccountType.balance`, `LedgerType.balance` and
`amountOwedByCustomer`) representable: an account's balance sums its ledgers, an account has at
most MAX_LEDGERS_PER_ACCOUNT of them, so it stays within MAX_LEDGERS_PER_ACCOUNT times the
ledger limit, which a MoneyLimits refuses to let exceed GRAPHQL_INT_MAX.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.payments.errors import AmountInvalid

GRAPHQL_INT_MAX = 2**31 - 1
# The main ledger and up to nine more (credit storage ledgers): a water customer needs one or two.
MAX_LEDGERS_PER_ACCOUNT = 10
# £10,000 in one payment, repayment, transfer, bill or credit: far above a household's water bill.
PAYMENT_AMOUNT_LIMIT = 1_000_000
# £100,000 of credit or debt on one ledger; ten such ledgers sum to £1,000,000 (10**8 pence),
# a twentieth of what an Int holds.
LEDGER_BALANCE_LIMIT = 10_000_000


@dataclass(frozen=True, slots=True)
class MoneyLimits:
    """`payment_amount`: the most one command moves (amounts outside 1..payment_amount are refused);
    `ledger_balance`: how far a ledger's balance, and the money it has room kept for, may go from zero."""

    payment_amount: int = PAYMENT_AMOUNT_LIMIT
    ledger_balance: int = LEDGER_BALANCE_LIMIT

    def __post_init__(self) -> None:
        if self.payment_amount < 1:
            raise ValueError(f"the payment amount limit must be at least 1, not {self.payment_amount}")
        if self.ledger_balance < self.payment_amount:
            raise ValueError(
                f"the ledger balance limit ({self.ledger_balance}) must be at least the payment amount limit "
                f"({self.payment_amount})"
            )
        if self.ledger_balance * MAX_LEDGERS_PER_ACCOUNT > GRAPHQL_INT_MAX:
            raise ValueError(
                f"the ledger balance limit ({self.ledger_balance}) times the {MAX_LEDGERS_PER_ACCOUNT} ledgers an "
                f"account may have must fit a GraphQL Int ({GRAPHQL_INT_MAX})"
            )

    def allows(self, amount: int) -> bool:
        """Whether one command may move `amount` (minor units)."""
        return 0 < amount <= self.payment_amount

    def check(self, amount: int) -> None:
        """AmountInvalid (KT-CT-3927) unless one command may move `amount`."""
        if not self.allows(amount):
            raise AmountInvalid(f"An amount must be from 1 to {self.payment_amount} pence, not {amount}.")
