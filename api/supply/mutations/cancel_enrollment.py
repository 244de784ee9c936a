"""Cancel an enrollment for an account and a set of supply points: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import CancelEnrollmentInput
from api.supply.types import EnrollmentCancelled
from domain.supply.errors import (
    EnrollmentCancellationDisabled,
    EnrollmentCancellationFailed,
    EnrollmentCancellationWorkflowMissing,
    EnrollmentNotCancellable,
    EnrollmentProcessNotFound,
    OccupyPropertyCancellationNotConfigured,
)


@strawberry.type
class CancelEnrollmentMutation:
    cancel_enrollment = pending_mutation(
        args={"input": CancelEnrollmentInput},
        payload=EnrollmentCancelled,
        errors=(
            EnrollmentCancellationDisabled,
            EnrollmentProcessNotFound,
            EnrollmentCancellationFailed,
            EnrollmentNotCancellable,
            EnrollmentCancellationWorkflowMissing,
            OccupyPropertyCancellationNotConfigured,
        ),
        auth=True,
        description="Cancel an enrollment for an account and a set of supply points.",
    )
