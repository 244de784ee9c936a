"""The supply context's mutations, one module each, merged in the wire contract's order."""

from strawberry.tools import merge_types

from api.supply.mutations.cancel_enrollment import CancelEnrollmentMutation
from api.supply.mutations.create_service_order import CreateServiceOrderMutation
from api.supply.mutations.exchange_meter import ExchangeMeterMutation
from api.supply.mutations.force_move_in import ForceMoveInMutation
from api.supply.mutations.initiate_product_switch import InitiateProductSwitchMutation
from api.supply.mutations.install_meter import InstallMeterMutation
from api.supply.mutations.join_supplier_accept_terms_and_conditions import JoinSupplierAcceptTermsAndConditionsMutation
from api.supply.mutations.modify_meter import ModifyMeterMutation
from api.supply.mutations.move_in_create_customer import MoveInCreateCustomerMutation
from api.supply.mutations.move_out import MoveOutMutation
from api.supply.mutations.schedule_quote_follow_up import ScheduleQuoteFollowUpMutation
from api.supply.mutations.submit_meter_reading import SubmitMeterReadingMutation
from api.supply.mutations.switch_account_to_measured_tariff import SwitchAccountToMeasuredTariffMutation

SupplyMutations = merge_types(
    "SupplyMutations",
    (
        CancelEnrollmentMutation,
        CreateServiceOrderMutation,
        ExchangeMeterMutation,
        ForceMoveInMutation,
        InitiateProductSwitchMutation,
        InstallMeterMutation,
        JoinSupplierAcceptTermsAndConditionsMutation,
        ModifyMeterMutation,
        MoveInCreateCustomerMutation,
        MoveOutMutation,
        ScheduleQuoteFollowUpMutation,
        SubmitMeterReadingMutation,
        SwitchAccountToMeasuredTariffMutation,
    ),
)
