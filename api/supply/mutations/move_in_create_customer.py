"""Create a customer as part of a move in: the sign-up, public (no login), making the login, the
account and its occupancy of the property in one idempotent process (domain/supply/house_move.py)."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.input_paths import problems_at
from api.mutation import kraken_mutation
from api.supply.inputs import MoveInCreateCustomerInput
from api.supply.types import MoveInCreateCustomer
from domain.shared.catalogue import PasswordInvalid
from domain.supply import commands
from domain.supply.errors import HouseMoveFailed, MoveInCustomerDataInvalid, MoveInEmailUnusable

# Where each value the domain names came from in the input (validationErrors' inputPath).
_PATHS = {
    "given_name": ("input", "givenName"),
    "family_name": ("input", "familyName"),
    "email": ("input", "email"),
    "mobile": ("input", "mobile"),
    "password": ("input", "password"),
    "address": ("input", "address"),
}


@strawberry.type
class MoveInCreateCustomerMutation:
    @kraken_mutation(
        errors=(MoveInCustomerDataInvalid, PasswordInvalid, MoveInEmailUnusable, HouseMoveFailed),
        auth=False,
        invalid=MoveInCustomerDataInvalid,
        description="Create customer as part of a move in process.",
    )
    async def move_in_create_customer(
        self, info: strawberry.Info[RequestContext, None], input: MoveInCreateCustomerInput
    ) -> MoveInCreateCustomer | None:
        address = None
        if input.address or input.postcode:
            address = commands.NewAddress(address=input.address or "", postcode=input.postcode or "")
        command = commands.MoveInCreateCustomer(
            given_name=input.given_name,
            family_name=input.family_name,
            email=input.email,
            password=input.password,
            mobile=input.mobile or "",
            property_id=str(input.property_id) if input.property_id else None,
            address=address,
            move_in_date=input.move_in_date,
        )
        with problems_at(_PATHS):
            number = await info.context.call(info.context.contexts.supply.move_in_create_customer, command)
        return MoveInCreateCustomer(account_number=number)
