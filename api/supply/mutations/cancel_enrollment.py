"""Cancel an enrollment: a join supplier process, or an occupy property process (whose occupancy,
not begun yet, is withdrawn) where the deployment allows it.

A process of an account the viewer may not act on is answered as no process (KT-CT-10318).
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.inputs import CancelEnrollmentInput
from api.supply.queries.lifecycle_processes import join_supplier_process, occupy_property_process, process_row
from api.supply.types import EnrollmentCancelled
from domain.identity.organisation import Organisation
from domain.supply import commands
from domain.supply.errors import (
    EnrollmentCancellationDisabled,
    EnrollmentCancellationFailed,
    EnrollmentCancellationWorkflowMissing,
    EnrollmentNotCancellable,
    EnrollmentProcessNotFound,
    OccupyPropertyCancellationNotConfigured,
)
from domain.supply.lifecycle_process import ProcessKind


@strawberry.type
class CancelEnrollmentMutation:
    @kraken_mutation(
        errors=(
            EnrollmentCancellationDisabled,
            EnrollmentProcessNotFound,
            EnrollmentCancellationFailed,
            EnrollmentNotCancellable,
            EnrollmentCancellationWorkflowMissing,
            OccupyPropertyCancellationNotConfigured,
        ),
        auth=True,
        invalid=EnrollmentProcessNotFound,
        description="Cancel an enrollment for an account and a set of supply points.",
    )
    async def cancel_enrollment(
        self, info: strawberry.Info[RequestContext, None], input: CancelEnrollmentInput
    ) -> EnrollmentCancelled:
        viewer = info.context.acting.viewer
        command = commands.CancelEnrollment(
            process_number=input.number or None,
            account_number=input.account_number or None,
            supply_points=tuple(
                commands.SupplyPointMatch(identifier=point.identifier.strip(), market_name=point.market_name or None)
                for point in input.supply_points or ()
            ),
            reason=input.reason or "",
            cancelled_by=info.context.acting.actor,
            # An organisation may cancel any account's process, a user only their accounts'.
            allowed=None if isinstance(viewer, Organisation) else frozenset(viewer.account_numbers),
        )
        process = await info.context.call(info.context.contexts.supply.cancel_enrollment, command)
        row = process_row(process)
        if process.kind is ProcessKind.OCCUPY_PROPERTY:
            return EnrollmentCancelled(
                message="The move-in was cancelled.", enrollment_process=occupy_property_process(row)
            )
        return EnrollmentCancelled(
            message="The enrollment was cancelled.", enrollment_process=join_supplier_process(row)
        )
