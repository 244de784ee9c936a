"""An account's payment instructions (`account { directDebitInstructions }`), the latest stored first.

Kraken's DirectDebitInstructionType describes card instructions too (its card fields), so every
instruction of the account is listed, each saying its instructionType. Bank details are shown
masked only: the read model holds no more (projections/payments/instructions.py).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from api.payments.types import DirectDebitInstructionType
from api.shared.connections import Connection, window_of
from domain.payments.payment_instruction import InstructionStatus

INSTRUCTIONS = "directDebitInstructions"


@strawberry.enum
class DirectDebitInstructionStatus(Enum):
    ACTIVE = "ACTIVE"
    PROVISIONAL = "PROVISIONAL"
    FAILED = "FAILED"
    ACCOUNT_CLOSED = "ACCOUNT_CLOSED"


# Which of our statuses each of Kraken's names. An instruction is active from the moment it is stored
# (none waits for set-up or fails it); an invalidated one is in none of them, so only an unfiltered list
# shows it.
_STATUSES = {
    DirectDebitInstructionStatus.ACTIVE: (InstructionStatus.ACTIVE.value,),
    DirectDebitInstructionStatus.PROVISIONAL: (),
    DirectDebitInstructionStatus.FAILED: (),
    DirectDebitInstructionStatus.ACCOUNT_CLOSED: (),
}


@strawberry.type(name="DirectDebitInstructionConnectionTypeEdge")
class DirectDebitInstructionEdge:
    node: DirectDebitInstructionType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="DirectDebitInstructionConnectionTypeConnection")
class DirectDebitInstructionConnection(Connection):
    edges: list[DirectDebitInstructionEdge | None] = strawberry.field(
        description="Contains the nodes in this connection."
    )


def instruction(row: dict[str, Any]) -> DirectDebitInstructionType:
    """An instruction as its read model row holds it; the IBAN is shown as masked as it is stored."""
    last_four = row["last_four"]
    return DirectDebitInstructionType(
        id=strawberry.ID(str(row["number"])),
        status=row["status"],
        sort_code=row["sort_code"],
        iban=row["masked_iban"] or "",
        account_holder=row["account_holder"],
        instruction_type=row["instruction_type"],
        last_four_digits_of_account_number=last_four,
        masked_account_identifier=f"****{last_four}" if last_four else None,
        masked_iban=row["masked_iban"],
    )


async def direct_debit_instructions(
    info: strawberry.Info,
    account_number: str,
    statuses: list[DirectDebitInstructionStatus | None] | None,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> DirectDebitInstructionConnection:
    window = window_of(INSTRUCTIONS, (str, int), info.context.settings.max_page_size, first, after, last, before)
    wanted = {s for s in statuses or () if s is not None}
    chosen = tuple(sorted({ours for s in wanted for ours in _STATUSES[s]})) if wanted else None
    view = info.context.contexts.read.instructions
    page = await info.context.loader(view.instruction_pages, chosen, window).load(account_number)

    async def counted() -> int:
        return int(await info.context.loader(view.instruction_counts, chosen).load(account_number))

    return DirectDebitInstructionConnection.paged(INSTRUCTIONS, page, instruction, DirectDebitInstructionEdge, counted)
