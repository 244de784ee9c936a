"""Every read model: the one list of the views that queries read, each naming the projection that keeps it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, get_type_hints

from projections.accounts.account_references import AccountReferencesView
from projections.accounts.accounts import AccountsView
from projections.accounts.billing import BillingView
from projections.accounts.comms_preferences import CommsPreferencesView
from projections.accounts.consents import ConsentsView
from projections.accounts.erasures import AccountsErasuresProjection
from projections.accounts.feedback_requests import FeedbackRequestsView
from projections.accounts.metadata import MetadataView
from projections.accounts.properties import PropertiesView
from projections.accounts.special_circumstances import SpecialCircumstancesView
from projections.goods.products import GoodsProductsView
from projections.goods.purchases import GoodsPurchasesView
from projections.goods.quotes import GoodsQuotesView
from projections.identity.account_users import AccountUsersView
from projections.identity.mfa_devices import MfaDevicesView
from projections.loyalty.campaigns import CampaignsView
from projections.loyalty.contributions import ContributionsView
from projections.loyalty.points import LoyaltyPointsView
from projections.loyalty.referrals import ReferralsView
from projections.loyalty.referrals_brands import AccountBrandsView
from projections.payments.bills import BillsView
from projections.payments.credit_transfer_permissions import CreditTransferPermissionsView
from projections.payments.instructions import InstructionsView
from projections.payments.ledgers import LedgersView
from projections.payments.payments import PaymentsView
from projections.payments.repayments import RepaymentsView
from projections.payments.schedules import SchedulesView
from projections.projection import Projection
from projections.store import ReadStore
from projections.supply.agreements import AgreementsView
from projections.supply.charge_bases import ChargeBasesView
from projections.supply.lifecycle_processes import LifecycleProcessesView
from projections.supply.meter_readings import MeterReadingsView
from projections.supply.products import ProductsView
from projections.supply.quote_follow_ups import QuoteFollowUpsView
from projections.supply.service_orders import ServiceOrdersView
from projections.supply.water_meters import WaterMetersView


@dataclass(frozen=True)
class ReadModels:
    """What queries read: never the event store. A read model is registered by its field here."""

    store: ReadStore
    accounts: AccountsView
    properties: PropertiesView
    account_billing: BillingView
    consents: ConsentsView
    account_references: AccountReferencesView
    metadata: MetadataView
    feedback_requests: FeedbackRequestsView
    comms_preferences: CommsPreferencesView
    special_circumstances: SpecialCircumstancesView
    account_users: AccountUsersView
    mfa_devices: MfaDevicesView
    loyalty_points: LoyaltyPointsView
    referrals: ReferralsView
    account_brands: AccountBrandsView
    ledgers: LedgersView
    repayments: RepaymentsView
    payments: PaymentsView
    schedules: SchedulesView
    instructions: InstructionsView
    bills: BillsView
    credit_transfer_permissions: CreditTransferPermissionsView
    lifecycle_processes: LifecycleProcessesView
    service_orders: ServiceOrdersView
    charge_bases: ChargeBasesView
    water_meters: WaterMetersView
    meter_readings: MeterReadingsView
    water_products: ProductsView
    supply_agreements: AgreementsView
    quote_follow_ups: QuoteFollowUpsView
    goods_products: GoodsProductsView
    goods_quotes: GoodsQuotesView
    goods_purchases: GoodsPurchasesView
    campaigns: CampaignsView
    contributions: ContributionsView

    @classmethod
    def on(cls, store: ReadStore) -> ReadModels:
        """The views over `store`, whose tables are created here if they do not exist yet."""
        with store.transaction() as cursor:
            for projection in PROJECTIONS:
                projection().create(cursor)
        return cls(store, **{name: view(store) for name, view in _VIEWS.items()})

    def close(self) -> None:
        self.store.close()


_VIEWS: dict[str, Any] = {
    field.name: get_type_hints(ReadModels)[field.name] for field in fields(ReadModels) if field.name != "store"
}
# A projection that no view reads: it blanks other read models' rows when their subject is erased.
_BLANKING: tuple[type[Projection], ...] = (AccountsErasuresProjection,)
PROJECTIONS: tuple[type[Projection], ...] = (*(view.projection for view in _VIEWS.values()), *_BLANKING)
