"""The payments context's mutations, one module per topic, merged into one type for the schema."""

from __future__ import annotations

from strawberry.tools import merge_types

from api.payments.bills import BillMutations
from api.payments.collections import CollectionMutations
from api.payments.instructions import InstructionMutations
from api.payments.repayments import RepaymentMutations
from api.payments.schedules import ScheduleMutations
from api.payments.transfers import TransferMutations

PaymentsMutations = merge_types(
    "PaymentsMutations",
    (
        InstructionMutations,
        ScheduleMutations,
        CollectionMutations,
        RepaymentMutations,
        TransferMutations,
        BillMutations,
    ),
)
