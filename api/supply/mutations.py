"""The supply context's mutations: declarations, and resolvers once implemented."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import (
    CancelEnrollmentInput,
    CreateServiceOrderInput,
    ExchangeMeterInputType,
    ForceMoveInInput,
    InitiateProductSwitchInput,
    InstallMeterInputType,
    JoinSupplierAcceptTermsAndConditionsInput,
    ModifyMeterInput,
    MoveInCreateCustomerInput,
    MoveOutInput,
    QuoteShareInput,
    SubmitMeterReadingInputType,
    SwitchAccountToMeasuredTariffInput,
)
from api.supply.types import (
    CreateServiceOrder,
    EnrollmentCancelled,
    ExchangeMeter,
    ForceMoveIn,
    InitiateProductSwitch,
    InstallMeter,
    JoinSupplierAcceptTermsAndConditions,
    ModifyMeter,
    MoveInCreateCustomer,
    MoveOut,
    ScheduleQuoteFollowUp,
    SubmitMeterReading,
    SwitchAccountToMeasuredTariff,
)
from domain.shared.catalogue import PasswordInvalid
from domain.supply.errors import (
    AgreementCreationFailed,
    EnrollmentCancellationDisabled,
    EnrollmentCancellationFailed,
    EnrollmentCancellationWorkflowMissing,
    EnrollmentMarketCancellationFailed,
    EnrollmentNotCancellable,
    EnrollmentProcessNotFound,
    HouseMoveFailed,
    JoinSupplierProcessAccessDenied,
    MeterExchangeFailed,
    MeterInstallationFailed,
    MeterModificationFailed,
    MeterReadingAccessDenied,
    MeterReadingHeld,
    MeterReadingInputInvalid,
    MeterValidationFailed,
    MoveInCustomerDataInvalid,
    MoveInEmailUnusable,
    MoveOutDataInvalid,
    ProductSwitchAccessDenied,
    ProductSwitchDateOutOfRange,
    QuotedProductNotAcceptable,
    QuotedProductNotSelected,
    QuoteFollowUpDisabled,
    QuoteRecipientInvalid,
    SupplyPointNotFound,
    SupplyQuoteNotFound,
    WaterMeterNotFound,
)


@strawberry.type
class SupplyMutations:
    cancel_enrollment = pending_mutation(
        args={"input": CancelEnrollmentInput},
        payload=EnrollmentCancelled,
        errors=(
            EnrollmentCancellationDisabled,
            EnrollmentProcessNotFound,
            EnrollmentCancellationFailed,
            EnrollmentNotCancellable,
            EnrollmentCancellationWorkflowMissing,
            EnrollmentMarketCancellationFailed,
        ),
        auth=True,
        description="Cancel an enrollment for an account and a set of supply points.",
    )

    create_service_order = pending_mutation(
        args={"input": CreateServiceOrderInput},
        payload=CreateServiceOrder | None,
        errors=(),
        auth=False,
        description="Create a service order for a property: an application for a water meter to be fitted.",
    )

    exchange_meter = pending_mutation(
        args={"input": ExchangeMeterInputType},
        payload=ExchangeMeter | None,
        errors=(MeterValidationFailed, MeterExchangeFailed),
        auth=True,
        description="Exchange meter for a property.",
    )

    force_move_in = pending_mutation(
        args={"input": ForceMoveInInput},
        payload=ForceMoveIn | None,
        errors=(),
        auth=False,
        description="Move in a named customer into the viewer's property, for the viewer to be forced out of the property.",
        deprecation_reason="The 'forceMoveIn' field is deprecated. Please use the `moveOut` mutation instead.",
    )

    initiate_product_switch = pending_mutation(
        args={"input": InitiateProductSwitchInput},
        payload=InitiateProductSwitch | None,
        errors=(
            SupplyQuoteNotFound,
            QuotedProductNotAcceptable,
            ProductSwitchAccessDenied,
            QuotedProductNotSelected,
            SupplyPointNotFound,
            AgreementCreationFailed,
            ProductSwitchDateOutOfRange,
        ),
        auth=True,
        description="Do a product switch for a user.",
    )

    install_meter = pending_mutation(
        args={"input": InstallMeterInputType},
        payload=InstallMeter | None,
        errors=(
            MeterValidationFailed,
            MeterInstallationFailed,
        ),
        auth=True,
        description="Install meter on an unmetered property.",
    )

    join_supplier_accept_terms_and_conditions = pending_mutation(
        args={"input": JoinSupplierAcceptTermsAndConditionsInput},
        payload=JoinSupplierAcceptTermsAndConditions | None,
        errors=(JoinSupplierProcessAccessDenied,),
        auth=True,
        description="Accept terms and conditions for a join supplier process.",
    )

    modify_meter = pending_mutation(
        args={"input": ModifyMeterInput},
        payload=ModifyMeter | None,
        errors=(
            MeterValidationFailed,
            MeterModificationFailed,
            WaterMeterNotFound,
        ),
        auth=True,
        description="Modify meter details",
    )

    move_in_create_customer = pending_mutation(
        args={"input": MoveInCreateCustomerInput},
        payload=MoveInCreateCustomer | None,
        errors=(MoveInCustomerDataInvalid, PasswordInvalid, MoveInEmailUnusable, HouseMoveFailed),
        auth=False,
        description="Create customer as part of a move in process.",
    )

    move_out = pending_mutation(
        args={"input": MoveOutInput},
        payload=MoveOut | None,
        errors=(MoveOutDataInvalid,),
        auth=False,
        description="Trigger a move out of a property for an account.Optionally provide details of the next property to trigger a move within.",
    )

    schedule_quote_follow_up = pending_mutation(
        args={"input": QuoteShareInput},
        payload=ScheduleQuoteFollowUp | None,
        errors=(SupplyQuoteNotFound, QuoteRecipientInvalid, QuoteFollowUpDisabled),
        auth=False,
        description="Schedule a quote follow-up to the provided recipient.",
    )

    submit_meter_reading = pending_mutation(
        args={"input": SubmitMeterReadingInputType},
        payload=SubmitMeterReading | None,
        errors=(
            MeterReadingInputInvalid,
            MeterReadingHeld,
            MeterReadingAccessDenied,
        ),
        auth=True,
        description="Customer can submit a meter reading.",
    )

    switch_account_to_measured_tariff = pending_mutation(
        args={"input": SwitchAccountToMeasuredTariffInput},
        payload=SwitchAccountToMeasuredTariff | None,
        errors=(),
        auth=False,
        description="Switch an account to a measured tariff (if possible).",
    )
