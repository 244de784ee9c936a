"""Create a customer as part of a move in: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import MoveInCreateCustomerInput
from api.supply.types import MoveInCreateCustomer
from domain.shared.catalogue import PasswordInvalid
from domain.supply.errors import HouseMoveFailed, MoveInCustomerDataInvalid, MoveInEmailUnusable


@strawberry.type
class MoveInCreateCustomerMutation:
    move_in_create_customer = pending_mutation(
        args={"input": MoveInCreateCustomerInput},
        payload=MoveInCreateCustomer | None,
        errors=(MoveInCustomerDataInvalid, PasswordInvalid, MoveInEmailUnusable, HouseMoveFailed),
        auth=False,
        description="Create customer as part of a move in process.",
    )
