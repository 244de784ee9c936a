"""Accept the terms and conditions of a join-supplier process: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import JoinSupplierAcceptTermsAndConditionsInput
from api.supply.types import JoinSupplierAcceptTermsAndConditions
from domain.supply.errors import JoinSupplierProcessAccessDenied


@strawberry.type
class JoinSupplierAcceptTermsAndConditionsMutation:
    join_supplier_accept_terms_and_conditions = pending_mutation(
        args={"input": JoinSupplierAcceptTermsAndConditionsInput},
        payload=JoinSupplierAcceptTermsAndConditions | None,
        errors=(JoinSupplierProcessAccessDenied,),
        auth=True,
        description="Accept terms and conditions for a join supplier process.",
    )
