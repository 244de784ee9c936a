"""The account user's Priority Services Register records (`viewer { specialCircumstances }`), and the
record type the insertUserPsrRecords payload answers with.

Kraken's GB schema lists records as a union: SpecialCircumstanceRecordType for a permanent need,
TemporarySpecialCircumstanceRecordType (with its expiryDate) for a temporary one. Only the records
in force today are shown: a temporary one disappears the day after its expiry date.
"""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from domain.accounts.account_user_profile import PsrRecord
from domain.accounts.psr import PSR_NEEDS


@strawberry.type(
    description="Any special circumstances that the user has notified us about, which may entitle them to some specialist services. [GB fields; expiryDate added for temporary records]"
)
class SpecialCircumstanceRecordType:
    id: strawberry.ID | None = strawberry.field(default=None)
    summary: str | None = strawberry.field(default=None)
    internal_code: str | None = strawberry.field(default=None)
    gas_psr_code: str | None = strawberry.field(name="gasPSRCode", default=None)
    electricity_psr_code: str | None = strawberry.field(name="electricityPSRCode", default=None)
    expiry_date: datetime.date | None = strawberry.field(
        description="The date after which a temporary circumstance no longer applies.", default=None
    )

    @classmethod
    def of(cls, record: PsrRecord) -> SpecialCircumstanceRecordType:
        return cls(
            id=strawberry.ID(record.id),
            summary=PSR_NEEDS[record.code].summary,
            internal_code=record.code,
            expiry_date=record.expiry_date,
        )


@strawberry.type
class TemporarySpecialCircumstanceRecordType:
    id: strawberry.ID | None = strawberry.field(default=None)
    summary: str | None = strawberry.field(default=None)
    internal_code: str | None = strawberry.field(default=None)
    gas_psr_code: str | None = strawberry.field(name="gasPSRCode", default=None)
    electricity_psr_code: str | None = strawberry.field(name="electricityPSRCode", default=None)
    expiry_date: datetime.date | None = strawberry.field(default=None)


SpecialCircumstanceRecordUnion = Annotated[
    SpecialCircumstanceRecordType | TemporarySpecialCircumstanceRecordType,
    strawberry.union("SpecialCircumstanceRecordUnion"),
]


@strawberry.type
class SpecialCircumstancesType:
    is_sharing_consent_given: bool | None = strawberry.field(
        description="Whether the user has consented for their data to be given to the appropriate industry or regulatory bodies. We typically only ask for this once, so this field can be used to decide whether to ask the user for their initial consent.",
        default=None,
    )
    records: list[SpecialCircumstanceRecordUnion | None] | None = strawberry.field(default=None)


def _record(record: PsrRecord) -> SpecialCircumstanceRecordType | TemporarySpecialCircumstanceRecordType:
    if record.expiry_date is None:
        return SpecialCircumstanceRecordType.of(record)
    return TemporarySpecialCircumstanceRecordType(
        id=strawberry.ID(record.id),
        summary=PSR_NEEDS[record.code].summary,
        internal_code=record.code,
        expiry_date=record.expiry_date,
    )


async def special_circumstances(info: strawberry.Info, user_id: str) -> SpecialCircumstancesType:
    """The user's records in force today; every user of a document in one query."""
    view = info.context.contexts.read.special_circumstances
    today = info.context.contexts.accounts.clock.now().date()
    records: list[PsrRecord] = await info.context.loader(view.active_records, today).load(user_id)
    # Nothing in the seed's mutations records the consent to share PSR data with network operators and
    # other utilities, so it has never been given.
    return SpecialCircumstancesType(is_sharing_consent_given=False, records=[_record(r) for r in records])
