"""Accept the terms and conditions of a join supplier process: the process completes.

A process of another account, an unknown one and an account the viewer may not act on are one
answer (KT-CT-4501): process numbers of other accounts are not revealed. Accepting twice answers true.
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.inputs import JoinSupplierAcceptTermsAndConditionsInput
from api.supply.types import JoinSupplierAcceptTermsAndConditions
from domain.shared.catalogue import AccountAccessDenied
from domain.supply import commands
from domain.supply.errors import JoinSupplierProcessAccessDenied


@strawberry.type
class JoinSupplierAcceptTermsAndConditionsMutation:
    @kraken_mutation(
        errors=(JoinSupplierProcessAccessDenied,),
        auth=True,
        codes={AccountAccessDenied: JoinSupplierProcessAccessDenied},
        invalid=JoinSupplierProcessAccessDenied,
        description="Accept terms and conditions for a join supplier process.",
    )
    async def join_supplier_accept_terms_and_conditions(
        self, info: strawberry.Info[RequestContext, None], input: JoinSupplierAcceptTermsAndConditionsInput
    ) -> JoinSupplierAcceptTermsAndConditions | None:
        number = input.join_supplier_process_number
        command = commands.AcceptJoinSupplierTerms(
            account_number=info.context.account_number(input.account_number),
            process_number=str(number) if number else None,
            accepted_by=info.context.acting.actor,
        )
        await info.context.call(info.context.contexts.supply.accept_join_supplier_terms, command)
        return JoinSupplierAcceptTermsAndConditions(success=True)
