"""Consents: an account's (`account { consents }`) and an account user's (`viewer { consents }`), with
their types, from the consents read model; and the same shape for what the consent mutations answer.

Kraken's GB schema has no consent query: both fields are ours, in the shape of the mutations' payload
(`ConsentType`). A consent never recorded for its holder is not listed (it has no id); its type's
`defaultValue` says what it counts as.
"""

from __future__ import annotations

from enum import Enum
from typing import Any
from uuid import UUID

import strawberry

from api.scalars import BigInt
from domain.accounts.consent_commands import Consent
from domain.accounts.consents import account_holder, user_holder


@strawberry.type(description="A consent given by a signing identity for a consent type.")
class ConsentType:
    code: str = strawberry.field(description="Unique code given to this consent type.")
    id: BigInt = strawberry.field(description="id of the consent.")
    type: ConsentTypeType | None = strawberry.field(description="The type of the consent.", default=None)
    value: ConsentValue = strawberry.field(description="Value of the consent.")


@strawberry.type(description="A type of consent that a signing identity can accept or reject to.")
class ConsentTypeType:
    code: str = strawberry.field(description="Unique code given to this consent type.")
    default_value: ConsentValue = strawberry.field(description="Default value of the consent type.")
    description: str = strawberry.field(description="Description of the consent type.")
    name: str = strawberry.field(description="Name of the consent type.")


@strawberry.enum(description="The possible values for a consent.")
class ConsentValue(Enum):
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    UNKNOWN = "UNKNOWN"
    PENDING = "PENDING"


def consent_of(consent: Consent) -> ConsentType:
    """A consent as a mutation's payload gives it."""
    kind = consent.type
    row = {"id": consent.id, "code": consent.code, "value": consent.value, "name": kind.name}
    return _from_row(row | {"description": kind.description, "default_value": kind.default_value})


def _from_row(row: dict[str, Any]) -> ConsentType:
    return ConsentType(
        id=BigInt(row["id"]),
        code=row["code"],
        value=ConsentValue(row["value"]),
        type=ConsentTypeType(
            code=row["code"],
            name=row["name"],
            description=row["description"],
            default_value=ConsentValue(row["default_value"]),
        ),
    )


async def _consents(info: strawberry.Info, holder: str) -> list[ConsentType]:
    rows = await info.context.loader(info.context.contexts.read.consents.of_holders).load(holder)
    return [_from_row(row) for row in rows]


async def account_consents(info: strawberry.Info, account_number: str) -> list[ConsentType]:
    return await _consents(info, account_holder(account_number))


async def user_consents(info: strawberry.Info, user_id: str) -> list[ConsentType]:
    return await _consents(info, user_holder(UUID(user_id)))
