"""Switch an account to measured charges where possible: on the meter if the property has one, else
through an application for a meter that installing it completes. Already measured: unchanged.

The seed lists no codes: another customer's account is refused as the gate refuses any account the
viewer may not act on (KT-CT-1111); an account that occupies no property today, or several without
`propertyId` naming one, or a `propertyId` it does not occupy, is invalid input, KT-CT-4321.
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.shared.types import AccountType
from api.supply.inputs import SwitchAccountToMeasuredTariffInput
from api.supply.types import SwitchAccountToMeasuredTariff
from domain.accounts.property import parse_property_id
from domain.shared.catalogue import AccountAccessDenied, InputInvalid, Unauthorized
from domain.supply import commands


@strawberry.type
class SwitchAccountToMeasuredTariffMutation:
    @kraken_mutation(
        errors=(),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        invalid=InputInvalid,
        description="Switch an account to a measured tariff (if possible).",
    )
    async def switch_account_to_measured_tariff(
        self, info: strawberry.Info[RequestContext, None], input: SwitchAccountToMeasuredTariffInput
    ) -> SwitchAccountToMeasuredTariff | None:
        account_number = info.context.account_number(input.account_number)
        property_id = await _property_of(info, account_number, input.property_id)
        command = commands.SwitchAccountToMeasuredTariff(
            account_number=account_number, property_id=property_id, requested_by=info.context.acting.actor
        )
        await info.context.call(info.context.contexts.supply.switch_to_measured_tariff, command)
        account = await info.context.call(info.context.contexts.accounts.account, account_number)
        if account is None:
            raise InputInvalid(f"No account has the number {account_number}.")
        return SwitchAccountToMeasuredTariff(account=AccountType.changed(account))


async def _property_of(info: strawberry.Info[RequestContext, None], account_number: str, given: object) -> str:
    """The property named, or the one the account occupies today (the domain checks either way)."""
    if given is not None and given is not strawberry.UNSET:
        parsed = parse_property_id(given)
        if parsed is None:
            raise InputInvalid(f"Account {account_number} does not occupy property {given} today.")
        return parsed
    today = info.context.contexts.supply.clock.now().date()
    rows = await info.context.loader(info.context.contexts.read.properties.of_accounts).load(account_number)
    occupied = [
        row["property_id"]
        for row in rows
        if any(
            p["effective_from"] <= today and (p["effective_to"] is None or today < p["effective_to"])
            for p in row["periods"]
        )
    ]
    if len(occupied) != 1:
        raise InputInvalid(
            f"Account {account_number} occupies {len(occupied)} properties today: name the one to switch (propertyId)."
        )
    return str(occupied[0])
