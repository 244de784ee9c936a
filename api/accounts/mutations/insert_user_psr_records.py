"""Replace the viewer's Priority Services Register records with the given set."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.accounts.inputs import SpecialCircumstanceRecordInput
from api.accounts.queries.special_circumstances import SpecialCircumstanceRecordType
from api.accounts.types import InsertUserPSRRecords
from api.bounds import bounded
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import PsrRecordTypeInvalid, PsrRecordUpdateFailed
from domain.shared.catalogue import InputInvalid

# The catalogue has two dozen needs and each may appear once: room for those, not for more.
_RECORDS = bounded(items=32)


@strawberry.type
class InsertUserPsrRecordsMutation:
    @kraken_mutation(
        errors=(PsrRecordTypeInvalid, PsrRecordUpdateFailed),
        auth=True,
        # The seed lists no validation code that fits an over-long input: Kraken's generic one.
        invalid=InputInvalid,
        description="Insert special circumstance priority services for the user. This mutation replaces all the active PSR records with the given input. Make sure to include all existing PSR records for the user if you do not intend to deactivate any records.",
    )
    async def insert_user_psr_records(
        self,
        info: strawberry.Info[RequestContext, None],
        input: Annotated[list[SpecialCircumstanceRecordInput | None], strawberry.argument(metadata=_RECORDS)],
    ) -> InsertUserPSRRecords | None:
        viewer = info.context.viewer()
        if any(record is None for record in input):
            raise PsrRecordUpdateFailed("A special circumstance record is null.")
        records = tuple((record.internal_code, record.expiry_date or None) for record in input if record is not None)
        command = commands.InsertUserPsrRecords(user_id=viewer.id, records=records)
        active = await info.context.call(info.context.contexts.accounts.insert_user_psr_records, command)
        return InsertUserPSRRecords(records=[SpecialCircumstanceRecordType.of(record) for record in active])
