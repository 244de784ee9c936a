"""Record the user's special circumstances for priority services: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import SpecialCircumstanceRecordInput
from api.accounts.types import InsertUserPSRRecords
from api.mutation import pending_mutation
from domain.accounts.errors import PsrRecordTypeInvalid, PsrRecordUpdateFailed


@strawberry.type
class InsertUserPsrRecordsMutation:
    insert_user_psr_records = pending_mutation(
        args={"input": list[SpecialCircumstanceRecordInput | None]},
        payload=InsertUserPSRRecords | None,
        errors=(PsrRecordTypeInvalid, PsrRecordUpdateFailed),
        auth=True,
        description="Insert special circumstance priority services for the user. This mutation replaces all the active PSR records with the given input. Make sure to include all existing PSR records for the user if you do not intend to deactivate any records.",
    )
