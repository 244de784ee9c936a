"""GraphQL output types (payloads, objects, enums, unions) shared by several contexts, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.accounts.queries import billing
from api.accounts.queries.billing import CommsDeliveryPreference, RichAddressType
from api.accounts.queries.consents import ConsentType, account_consents, user_consents
from api.accounts.queries.properties import (
    PropertyType,
    ending_at_or_after,
    historical_properties,
    properties_of_account,
)
from api.identity.queries.account_users import users_of_account, visible_accounts
from api.loyalty.campaigns import campaigns_of_account
from api.loyalty.contributions import contribution_agreements_of_account
from api.loyalty.referrals import (
    ReferralConnection,
    ReferralSchemeTypes,
    RewardType,
    active_referral_schemes,
    referrals_created,
    referrals_of_account,
    rewards_of_account,
)
from api.loyalty.types import AccountCampaignType, ContributionAgreementType
from api.payments.queries import refunds
from api.payments.queries.account_ledgers import ledgers_of
from api.payments.queries.account_transactions import TransactionsOrderBy, account_transactions
from api.payments.queries.bills import BillConnection, BillInterface, BillsOrderBy, BillTypeEnum, bill_of_account, bills
from api.payments.queries.credit_transfer_permissions import (
    CreditTransferPermissionType,
    credit_transfer_permissions,
)
from api.payments.queries.forecast import PaymentForecastConnection, payment_forecast
from api.payments.queries.instructions import (
    DirectDebitInstructionConnection,
    DirectDebitInstructionStatus,
    direct_debit_instructions,
)
from api.payments.queries.ledgers import LedgerType, TransactionConnection, TransactionTypeFilter
from api.payments.queries.payments import AccountPaymentConnection, PaymentReasonOptions, account_payments
from api.payments.queries.refunds import MaximumRefundType, RequestRefundEligibilityType
from api.payments.queries.repayments import (
    AccountRepaymentConnection,
    AccountRepaymentStatusOptions,
    account_repayments,
)
from api.payments.queries.schedules import PaymentScheduleConnection, historical_schedules, payment_schedules
from api.payments.types import AccountPaymentStatusOptions, PaymentScheduleReasonOptions
from api.scalars import JSONString
from api.shared.metadata import detail_text, metadata_of
from api.shared.references import references_of
from api.supply.queries.agreements import WaterAgreementType, agreements_of_account
from api.supply.queries.charges import (
    ChargeBasisType,
    ServiceOrderType,
    charge_bases_of_account,
    service_orders_of_account,
)
from domain.accounts.account import Account, AccountReference
from domain.accounts.metadata import LinkedObject
from domain.identity.user import User
from domain.payments.ledger import LedgerKind
from projections.accounts.accounts import ACTIVE
from projections.accounts.as_of import AccountAsOf
from projections.accounts.billing import billing_row
from projections.catalogue import ReadModels

if TYPE_CHECKING:
    from api.accounts.queries.preferences import AccountUserCommsPreferences
    from api.accounts.queries.special_circumstances import SpecialCircumstancesType


@strawberry.interface
class AccountInterface:
    # The balance is read from the ledgers' read model by each implementing type.
    @strawberry.field(description="The current account balance.")
    async def balance(self, info: strawberry.Info) -> int:
        raise NotImplementedError

    # Read from the ledgers' and repayments' read models by each implementing type.
    @strawberry.field(description="Whether the account can request a credit refund.")
    async def can_request_refund(self, info: strawberry.Info) -> bool | None:
        raise NotImplementedError

    # Read from the account brands' and referrals' read models by each implementing type.
    @strawberry.field(description="The brand of the account.")
    async def brand(self, info: strawberry.Info) -> str | None:
        raise NotImplementedError

    @strawberry.field(description="Number of referrals created by this account.")
    async def referrals_created(self, info: strawberry.Info) -> int | None:
        raise NotImplementedError

    status: AccountStatus | None = strawberry.field(description="The current status of the account.", default=None)
    overdue_balance: int | None = strawberry.field(description="The current account overdue balance.", default=None)
    urn: str | None = strawberry.field(description="Unique reference number from a 3rd party enrolment.", default=None)
    billing_name: str | None = strawberry.field(description="The billing name of the account.", default=None)
    billing_sub_name: str | None = strawberry.field(description="The billing sub name of the account.", default=None)
    billing_email: str | None = strawberry.field(description="The billing email of the account.", default=None)
    billing_address: str | None = strawberry.field(description="The billing address of the account.", default=None)
    billing_address_line1: str | None = strawberry.field(default=None)
    billing_address_line2: str | None = strawberry.field(default=None)
    billing_address_line3: str | None = strawberry.field(default=None)
    billing_address_line4: str | None = strawberry.field(default=None)
    billing_address_line5: str | None = strawberry.field(default=None)
    billing_address_postcode: str | None = strawberry.field(default=None)
    billing_country_code: str | None = strawberry.field(default=None)
    billing_delivery_point_identifier: str | None = strawberry.field(default=None)
    split_billing_address: list[str | None] | None = strawberry.field(
        description="List of billing address lines.", default=None
    )
    number: str | None = strawberry.field(description="A code that uniquely identifies the account.", default=None)
    account_type: AccountTypeChoices | None = strawberry.field(description="The type of account.", default=None)
    business_type: BusinessTypeOptions | None = strawberry.field(
        description="The company type of a business account.",
        deprecation_reason="The 'businessType' field is deprecated.",
        default=None,
    )
    comms_delivery_preference: CommsDeliveryPreference | None = strawberry.field(
        description="The method the account has specified they prefer we contact them", default=None
    )
    communication_delivery_preference: str | None = strawberry.field(
        deprecation_reason="The 'communicationDeliveryPreference' field is deprecated.", default=None
    )
    document_accessibility: DocumentAccessibilityChoices | None = strawberry.field(
        description="The document accessibility preference of the account.", default=None
    )
    is_in_hardship: bool | None = strawberry.field(
        description="True if there is an active Hardship Agreement for this account.", default=None
    )
    created_at: datetime.datetime | None = strawberry.field(
        description="The datetime that the account was originally created.", default=None
    )
    preferred_language_for_comms: str | None = strawberry.field(
        description="The language that the account preferred for communications.", default=None
    )


@strawberry.enum
class AccountStatus(Enum):
    PENDING = "PENDING"
    INCOMPLETE = "INCOMPLETE"
    WITHDRAWN = "WITHDRAWN"
    ACTIVE = "ACTIVE"
    ENROLMENT_ERROR = "ENROLMENT_ERROR"
    ENROLMENT_REJECTED = "ENROLMENT_REJECTED"
    DORMANT = "DORMANT"
    VOID = "VOID"


@strawberry.type
class AccountType(AccountInterface):
    id: strawberry.ID
    number: str | None = strawberry.field(description="A code that uniquely identifies the account.", default=None)
    status: AccountStatus | None = strawberry.field(description="The current status of the account.", default=None)
    overdue_balance: int | None = strawberry.field(description="The current account overdue balance.", default=None)
    urn: str | None = strawberry.field(description="Unique reference number from a 3rd party enrolment.", default=None)
    billing_name: str | None = strawberry.field(description="The billing name of the account.", default=None)
    billing_sub_name: str | None = strawberry.field(description="The billing sub name of the account.", default=None)
    account_type: AccountTypeChoices | None = strawberry.field(description="The type of account.", default=None)
    business_type: BusinessTypeOptions | None = strawberry.field(
        description="The company type of a business account.",
        deprecation_reason="The 'businessType' field is deprecated.",
        default=None,
    )
    communication_delivery_preference: str | None = strawberry.field(
        deprecation_reason="The 'communicationDeliveryPreference' field is deprecated.", default=None
    )
    document_accessibility: DocumentAccessibilityChoices | None = strawberry.field(
        description="The document accessibility preference of the account.", default=None
    )
    is_in_hardship: bool | None = strawberry.field(
        description="True if there is an active Hardship Agreement for this account.", default=None
    )
    created_at: datetime.datetime | None = strawberry.field(
        description="The datetime that the account was originally created.", default=None
    )
    preferred_language_for_comms: str | None = strawberry.field(
        description="The language that the account preferred for communications.", default=None
    )
    projected_balance: int | None = strawberry.field(description="Expected balance in a year's time", default=None)
    should_review_payments: bool | None = strawberry.field(
        description="Whether the account's payment should be adjusted.", default=None
    )
    recommended_balance_adjustment: int | None = strawberry.field(
        description="Top up payment amount in pence that we recommend for an account.", default=None
    )
    can_renew_tariff: bool | None = strawberry.field(
        description="Whether the account is eligible for tariff renewal", default=None
    )
    smets2_interest: SmartMeterInterestChoices | None = strawberry.field(
        description="The interest of an account in procuring smart meters.", default=None
    )
    smets2_refusal_reason: SMETS2InterestReason | None = strawberry.field(
        description="The reason why the account holder is not interested in having a smart meter installed.",
        default=None,
    )
    can_change_payments: bool | None = strawberry.field(
        description="Whether an account can change their payment schedule.", default=None
    )
    can_be_withdrawn: bool | None = strawberry.field(description="Whether an account can be withdrawn.", default=None)
    current_estimated_ssd: datetime.date | None = strawberry.field(
        description="The current estimated supply start day on an account.", default=None
    )
    earliest_possible_ssd: datetime.date | None = strawberry.field(
        description="The earliest possible supply start day on an account.", default=None
    )
    latest_possible_ssd: datetime.date | None = strawberry.field(
        description="The latest possible supply start day on an account.", default=None
    )
    can_input_meter_readings_via_ivr: bool | None = strawberry.field(
        description="Whether on not the meter readings can be input via IVR.", default=None
    )
    has_active_dunning_process: bool | None = strawberry.field(
        description="Whether or not the account has an active Dunning process.", default=None
    )
    has_active_collections_proceedings: bool | None = strawberry.field(
        description="Whether or not the account has active collections proceedings.", default=None
    )
    is_eligible_for_electricity_reading_incentive: bool | None = strawberry.field(
        description="Whether or not an account is eligible for an electricity reading incentive.", default=None
    )
    is_eligible_for_gas_reading_incentive: bool | None = strawberry.field(
        description="Whether or not an account is eligible for a gas reading incentive.", default=None
    )
    is_in_blocking_migration: bool | None = strawberry.field(
        description="Whether or not the account is a part of a migration for which we want to switch supplier without customer actions.",
        default=None,
    )
    # The billing details, read from the billing read model (api/accounts/queries/billing.py).
    billing_email: str | None = strawberry.field(
        description="The billing email of the account.", resolver=billing.billing_email
    )
    billing_address: str | None = strawberry.field(
        description="The billing address of the account.", resolver=billing.billing_address
    )
    billing_address_line1: str | None = strawberry.field(resolver=billing.billing_address_line1)
    billing_address_line2: str | None = strawberry.field(resolver=billing.billing_address_line2)
    billing_address_line3: str | None = strawberry.field(resolver=billing.billing_address_line3)
    billing_address_line4: str | None = strawberry.field(resolver=billing.billing_address_line4)
    billing_address_line5: str | None = strawberry.field(resolver=billing.billing_address_line5)
    billing_address_postcode: str | None = strawberry.field(resolver=billing.billing_address_postcode)
    billing_postcode: str | None = strawberry.field(
        description="The postcode of the billing address.", resolver=billing.billing_address_postcode
    )
    billing_country_code: str | None = strawberry.field(resolver=billing.billing_country_code)
    billing_delivery_point_identifier: str | None = strawberry.field(resolver=billing.billing_delivery_point_identifier)
    split_billing_address: list[str | None] | None = strawberry.field(
        description="List of billing address lines.", resolver=billing.split_billing_address
    )
    address: RichAddressType | None = strawberry.field(
        description="The billing address of this account, stored in the new libaddressinput-based format.",
        resolver=billing.address,
    )
    comms_delivery_preference: CommsDeliveryPreference | None = strawberry.field(
        description="The method the account has specified they prefer we contact them",
        resolver=billing.comms_delivery_preference,
    )
    # What a mutation just changed, before the billing read model has it (None: read it from there).
    changed_billing: strawberry.Private[dict[str, Any] | None] = None
    # The account as it stood at a past moment (account(asOf)): what its fields answer instead of the read models.
    as_of: strawberry.Private[AccountAsOf | None] = None

    @classmethod
    def of(cls, row: dict[str, Any]) -> AccountType:
        """The account as its read model row holds it; what other read models hold is resolved per field."""
        return cls(
            id=strawberry.ID(row["number"]),
            number=row["number"],
            billing_name=row["billing_name"],
            status=AccountStatus(row["status"]),
            created_at=datetime.datetime.fromisoformat(row["opened_at"]),
        )

    @classmethod
    def historical(cls, snapshot: AccountAsOf) -> AccountType:
        """The account as it stood at a past moment (api/accounts/queries/as_of.py lists what it answers)."""
        found = cls.of(snapshot.account)
        found.as_of = snapshot
        return found

    async def _ledger_rows(self, info: strawberry.Info) -> list[dict[str, Any]]:
        return self.as_of.ledgers if self.as_of is not None else await ledgers_of(info, str(self.number))

    @strawberry.field(description="The number of days around a move out a final meter reading can be given for.")
    async def cot_reading_window_days(self, info: strawberry.Info) -> int | None:
        return int(info.context.contexts.supply.cot_reading_window_days)

    @classmethod
    def changed(cls, account: Account) -> AccountType:
        """The account as a mutation just left it: its billing details from the aggregate, not yet projected."""
        row = {
            "number": account.number,
            "billing_name": account.billing_name,
            "status": ACTIVE,
            "opened_at": account.opened_at.isoformat(),
        }
        found = cls.of(row)
        found.changed_billing = billing_row(account)
        return found

    @strawberry.field(description="The current account balance.")
    async def balance(
        self,
        info: strawberry.Info,
        include_all_ledgers: Annotated[
            bool | None,
            strawberry.argument(
                description="Sum the balances of every ledger configured to contribute to this account's balance; "
                "otherwise only the main ledger's balance (legacy behaviour)."
            ),
        ] = False,
    ) -> int:
        ledgers = await self._ledger_rows(info)
        counted = [row for row in ledgers if row["kind"] == LedgerKind.MAIN.value or include_all_ledgers]
        return sum(row["balance"] for row in counted if LedgerType.of(row).affects_account_balance)

    @strawberry.field(description="The account's ledgers (balances in minor units).")
    async def ledgers(
        self,
        info: strawberry.Info,
        ledger_id: Annotated[strawberry.ID | None, strawberry.argument(description="The ledger to return")] = None,
        ledger_number: Annotated[
            str | None, strawberry.argument(description="The ledger to return by its number")
        ] = None,
    ) -> list[LedgerType | None] | None:
        rows = await self._ledger_rows(info)
        return [
            LedgerType.of(row)
            for row in rows
            if (ledger_id is None or str(row["id"]) == str(ledger_id))
            and (ledger_number is None or row["number"] == ledger_number)
        ]

    @strawberry.field(description="The properties the account occupies or occupied, with its occupancy periods there.")
    async def properties(
        self,
        info: strawberry.Info,
        active_from: Annotated[
            datetime.datetime | None,
            strawberry.argument(
                description="Returns properties that have an effective period that ends at or after the given "
                "activeFrom datetime."
            ),
        ] = None,
    ) -> list[PropertyType | None] | None:
        if self.as_of is not None:
            return historical_properties(self.as_of, ending_at_or_after(active_from))
        return await properties_of_account(info, str(self.number), ending_at_or_after(active_from))

    @strawberry.field(
        description="Ours, not Kraken GB's (its electricityAgreements, for water): the account's water agreements "
        "at the properties it occupies or occupied, the product each is on, oldest first."
    )
    async def agreements(
        self,
        info: strawberry.Info,
        active: Annotated[
            bool | None, strawberry.argument(description="Only the agreements running today (false: the others).")
        ] = None,
    ) -> list[WaterAgreementType | None] | None:
        return await agreements_of_account(info, str(self.number), active)

    @strawberry.field
    async def users(self, info: strawberry.Info) -> list[AccountUserType]:
        return [AccountUserType.from_row(row) for row in await users_of_account(info, str(self.number))]

    @strawberry.field(
        description="The schedules that describe how we would expect to take payments for an account on a given month."
    )
    async def payment_schedules(
        self,
        info: strawberry.Info,
        active_on_date: datetime.date | None = None,
        active: Annotated[bool | None, strawberry.argument(description="Only the schedules active today.")] = None,
        include_dormant: Annotated[
            bool | None,
            strawberry.argument(
                description="If false, we remove the schedules that will have no further impact on customer "
                "payments: those that ended before today, and those replaced before they started."
            ),
        ] = True,
        ledger_type: Annotated[
            int | None, strawberry.argument(description="The ledger to return schedules from, by its integer ID.")
        ] = None,
        ledger_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The ledger id to return the payment schedules from.")
        ] = None,
        reason: PaymentScheduleReasonOptions | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> PaymentScheduleConnection | None:
        if self.as_of is not None:
            return historical_schedules(
                info,
                self.as_of.schedules,
                self.as_of.ledgers,
                self.as_of.as_of.date(),
                active_on_date,
                active,
                include_dormant,
                ledger_type,
                ledger_id,
                reason,
                before,
                after,
                first,
                last,
            )
        return await payment_schedules(
            info,
            str(self.number),
            active_on_date,
            active,
            include_dormant,
            ledger_type,
            ledger_id,
            reason,
            before,
            after,
            first,
            last,
        )

    @strawberry.field(
        description="Paginated payment forecasts for an account. Starts from today's date (inclusive): the payments "
        "requested and not yet collected, and one a month from each fixed payment schedule on its payment day. "
        "Schedules that top up when the balance runs low are not forecast: no date foretells them."
    )
    async def paginated_payment_forecast(
        self,
        info: strawberry.Info,
        date_to: Annotated[
            datetime.date | None,
            strawberry.argument(
                description="The end date to retrieve forecasts for. This end date is inclusive. Defaults to a year "
                "from today; the forecast looks ten years ahead at most."
            ),
        ] = None,
        ledger_id: Annotated[
            int | None,
            strawberry.argument(
                description="The ledger to return payment forecasts from. Defaults to the main ledger when no ID is "
                "passed."
            ),
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> PaymentForecastConnection | None:
        return await payment_forecast(info, str(self.number), date_to, ledger_id, before, after, first, last)

    @strawberry.field(description="The direct debit instructions of the account")
    async def direct_debit_instructions(
        self,
        info: strawberry.Info,
        statuses: Annotated[
            list[DirectDebitInstructionStatus | None] | None,
            strawberry.argument(description="Filter the direct debit instructions by status"),
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> DirectDebitInstructionConnection | None:
        return await direct_debit_instructions(info, str(self.number), statuses, before, after, first, last)

    @strawberry.field(description="Fetch issued bills (invoices/statements) for the account.")
    async def bills(
        self,
        info: strawberry.Info,
        from_date: Annotated[
            datetime.date | None,
            strawberry.argument(
                description="Optional date representing the beginning of the search results. This date value is "
                "inclusive."
            ),
        ] = None,
        to_date: Annotated[
            datetime.date | None,
            strawberry.argument(
                description="Optional date representing the end of the search results. This date value is exclusive."
            ),
        ] = None,
        issued_from_date: Annotated[
            datetime.date | None,
            strawberry.argument(
                description="Optional date representing the beginning of the search results based on issued date. "
                "This date value is inclusive."
            ),
        ] = None,
        issued_to_date: Annotated[
            datetime.date | None,
            strawberry.argument(
                description="Optional date representing the end of the search results based on issued date. This "
                "date value is exclusive."
            ),
        ] = None,
        # Every bill's period is the day it was issued: either order is the same.
        order_by: Annotated[
            BillsOrderBy | None, strawberry.argument(description="The order in which to return the bills.")
        ] = BillsOrderBy.FROM_DATE_DESC,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> BillConnection | None:
        return await bills(
            info, str(self.number), from_date, to_date, issued_from_date, issued_to_date, before, after, first, last
        )

    @strawberry.field(description="Fetch a specific issued bill (invoice/statement) for the account.")
    async def bill(
        self, info: strawberry.Info, id: strawberry.ID, bill_type: BillTypeEnum | None = None
    ) -> BillInterface | None:
        return await bill_of_account(info, str(self.number), id, bill_type)

    @strawberry.field(
        description="The credit transfer permissions from or to the account's ledgers, the latest granted first."
    )
    async def credit_transfer_permissions(
        self,
        info: strawberry.Info,
        active: Annotated[
            bool | None,
            strawberry.argument(description="Only the permissions active now (false: only those that are not)."),
        ] = None,
    ) -> list[CreditTransferPermissionType | None] | None:
        return await credit_transfer_permissions(info, str(self.number), active)

    @strawberry.field(description="The payments made into an account from a payment instruction.")
    async def payments(
        self,
        info: strawberry.Info,
        ledger_id: Annotated[str | None, strawberry.argument(description="The ledger to return payments from.")] = None,
        status: AccountPaymentStatusOptions | None = None,
        reason: Annotated[
            PaymentReasonOptions | None,
            strawberry.argument(description="Filter for payments that were taken for a particular reason."),
        ] = None,
        include_promises: Annotated[
            bool | None,
            strawberry.argument(description="Whether to include payment promises (of any kind) or not."),
        ] = True,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> AccountPaymentConnection | None:
        # No payment promise is ever made here: including them or not lists the same payments.
        return await account_payments(info, str(self.number), ledger_id, status, reason, before, after, first, last)

    @strawberry.field(description="Fetch transactions that have taken place on the account.")
    async def transactions(
        self,
        info: strawberry.Info,
        transaction_types: list[TransactionTypeFilter | None] | None = strawberry.UNSET,
        transaction_types_excluded: list[TransactionTypeFilter | None] | None = strawberry.UNSET,
        ledger_id: int | None = None,
        include_all_ledgers: bool | None = None,
        from_date: datetime.date | None = None,
        to_date: datetime.date | None = None,
        order_by: TransactionsOrderBy | None = TransactionsOrderBy.POSTED_DATE_DESC,
        offset: int | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> TransactionConnection | None:
        filters = (transaction_types, transaction_types_excluded, ledger_id, include_all_ledgers, from_date, to_date)
        page = (order_by, offset, before, after, first, last)
        return await account_transactions(info, str(self.number), *filters, *page)

    @strawberry.field(description="The repayments that have been requested for this account.")
    async def repayments(
        self,
        info: strawberry.Info,
        statuses: list[AccountRepaymentStatusOptions | None] | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> AccountRepaymentConnection | None:
        return await account_repayments(info, str(self.number), statuses, before, after, first, last)

    @strawberry.field(description="Whether the account can request a credit refund.")
    async def can_request_refund(self, info: strawberry.Info) -> bool | None:
        return await refunds.can_request_refund(info, str(self.number))

    @strawberry.field(description="The maximum amount available to be requested as a refund.")
    async def maximum_refund(self, info: strawberry.Info) -> MaximumRefundType | None:
        return await refunds.maximum_refund(info, str(self.number))

    @strawberry.field(description="Details about the eligibility status for requesting a refund.")
    async def request_refund_eligibility(self, info: strawberry.Info) -> RequestRefundEligibilityType | None:
        return await refunds.request_refund_eligibility(info, str(self.number))

    @strawberry.field(description="The account's consents, each with its type (not in Kraken's GB schema: ours).")
    async def consents(self, info: strawberry.Info) -> list[ConsentType]:
        return await account_consents(info, str(self.number))

    @strawberry.field(description="Account references linked to this account.")
    async def references(self, info: strawberry.Info) -> list[AccountReferenceType | None] | None:
        return [AccountReferenceType.of(row) for row in await references_of(info, str(self.number))]

    @strawberry.field(description="Metadata associated with the account.")
    async def metadata(self, info: strawberry.Info) -> list[Metadata | None] | None:
        return [Metadata.of(row) for row in await metadata_of(info, LinkedObject.ACCOUNT, str(self.number))]

    @strawberry.field(
        description="Ours, not Kraken GB's: the account's service orders (applications for a meter), the newest first."
    )
    async def service_orders(self, info: strawberry.Info) -> list[ServiceOrderType]:
        return await service_orders_of_account(info, str(self.number))

    @strawberry.field(
        description="Ours, not Kraken GB's: what the account's water charges are based on (measured, rateable value "
        "or assessed) at each property it occupies or occupied, period by period."
    )
    async def charge_bases(self, info: strawberry.Info) -> list[ChargeBasisType]:
        return await charge_bases_of_account(info, str(self.number))

    # Brand and referrals (loyalty) ---------------------------------------------------------------

    @strawberry.field(description="The brand of the account.")
    async def brand(self, info: strawberry.Info) -> str | None:
        if self.as_of is not None:
            return str(self.as_of.account["brand"])
        brand: str | None = await info.context.loader(info.context.contexts.read.account_brands.brands).load(
            str(self.number)
        )
        return brand

    @strawberry.field(description="The referrals created by this account.")
    async def referrals(
        self,
        info: strawberry.Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> ReferralConnection | None:
        return await referrals_of_account(info, str(self.number), before, after, first, last)

    @strawberry.field(description="Number of referrals created by this account.")
    async def referrals_created(self, info: strawberry.Info) -> int | None:
        return await referrals_created(info, str(self.number))

    @strawberry.field(description="The rewards applied to this account.")
    async def rewards(self, info: strawberry.Info) -> list[RewardType | None] | None:
        return await rewards_of_account(info, str(self.number))

    @strawberry.field(description="The referral schemes currently active for this account.")
    async def active_referral_schemes(self, info: strawberry.Info) -> ReferralSchemeTypes | None:
        return await active_referral_schemes(info, str(self.number))

    @strawberry.field(description="The campaigns associated with an account.")
    async def campaigns(self, info: strawberry.Info) -> list[AccountCampaignType | None] | None:
        return await campaigns_of_account(info, str(self.number))

    @strawberry.field(description="Contribution agreements for account.")
    async def contribution_agreements(self, info: strawberry.Info) -> list[ContributionAgreementType | None] | None:
        return await contribution_agreements_of_account(info, str(self.number))


async def accounts_by_number(info: strawberry.Info, numbers: list[str]) -> list[AccountType | None]:
    """The accounts the read model knows of, in one query however many are asked for in one turn."""
    rows = await info.context.loader(info.context.contexts.read.accounts.accounts).load_many(numbers)
    return [AccountType.of(row) if row is not None else None for row in rows]


@strawberry.type
class AccountReferenceType:
    namespace: str
    value: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    account_number: strawberry.Private[str]

    @classmethod
    def of(cls, row: dict[str, Any]) -> AccountReferenceType:
        return cls(
            namespace=row["namespace"],
            value=row["value"],
            created_at=datetime.datetime.fromisoformat(row["created_at"]),
            updated_at=datetime.datetime.fromisoformat(row["updated_at"]),
            account_number=row["account_number"],
        )

    @classmethod
    def attached(cls, account_number: str, reference: AccountReference) -> AccountReferenceType:
        """The reference as the account holds it, for a mutation's payload."""
        return cls(
            namespace=reference.namespace,
            value=reference.value,
            created_at=reference.created_at,
            updated_at=reference.updated_at,
            account_number=account_number,
        )

    @strawberry.field
    async def account(self, info: strawberry.Info) -> AccountType:
        account = (await accounts_by_number(info, [self.account_number]))[0]
        # The accounts read model may not have caught up with an account opened a moment ago: its number
        # is all the reference knows of it.
        return account or AccountType(id=strawberry.ID(self.account_number), number=self.account_number)


@strawberry.type
class Metadata:
    key: str = strawberry.field(description="The key for the metadata.")
    value: JSONString | None = strawberry.field(description="The metadata value.", default=None)

    @classmethod
    def of(cls, entry: dict[str, Any]) -> Metadata:
        return cls(key=entry["key"], value=entry["value"])


@strawberry.type
class AccountUserDetailType:
    namespace: str | None = strawberry.field(description="The namespace for the property.", default=None)
    value: str | None = strawberry.field(description="The property value.", default=None)


@strawberry.enum
class AccountTypeChoices(Enum):
    BUSINESS = "BUSINESS"
    DOMESTIC = "DOMESTIC"
    BUSINESS_OCCUPIER = "BUSINESS_OCCUPIER"
    OCCUPIER = "OCCUPIER"
    MANAGED = "MANAGED"
    PORTFOLIO_LEAD = "PORTFOLIO_LEAD"
    BUSINESS_VACANT = "BUSINESS_VACANT"
    VACANT = "VACANT"


@strawberry.type
class AccountUserType:
    id: strawberry.ID
    given_name: str
    family_name: str
    email: str
    mobile: str
    landline: str
    title: str | None = strawberry.field(default=None)
    pronouns: str | None = strawberry.field(description="The user's pronouns e.g.", default=None)
    is_deceased: bool = strawberry.field(description="Designates whether this user is deceased.")
    live_secret_key: str | None = strawberry.field(
        description="The user's secret key to access the Developer API.", default=None
    )
    date_of_birth: datetime.date | None = strawberry.field(description="AccountUser's date of birth.", default=None)
    display_name: str | None = strawberry.field(
        description="We recommend you use fullName instead of this field.",
        deprecation_reason="The 'displayName' field is deprecated.",
        default=None,
    )
    first_name: str | None = strawberry.field(
        description="We recommend you use preferredName or fullName instead of this field.",
        deprecation_reason="The 'firstName' field is deprecated.",
        default=None,
    )
    last_name: str | None = strawberry.field(
        description="We recommend you use preferredName or fullName instead of this field.",
        deprecation_reason="The 'lastName' field is deprecated.",
        default=None,
    )
    full_name: str | None = strawberry.field(description="The user's full name.", default=None)
    preferred_name: str | None = strawberry.field(description="The user's preferred name.", default=None)
    portfolio_id: strawberry.ID | None = strawberry.field(
        description="We recommend you use portfolioIds instead of this field.",
        deprecation_reason="The 'portfolioId' field is deprecated.",
        default=None,
    )
    portfolio_ids: list[strawberry.ID | None] | None = strawberry.field(
        description="List of portfolio ids that the user is linked to via their portfolio roles.", default=None
    )
    landline_phone_number: str | None = strawberry.field(
        description="The user's landline phone number.",
        deprecation_reason="The 'landlinePhoneNumber' field is deprecated.",
        default=None,
    )
    alternative_phone_numbers: list[str | None] | None = strawberry.field(
        description="List of alternative phone numbers for the account user.", default=None
    )
    has_family_issues: bool | None = strawberry.field(description="Whether there are family issues.", default=None)
    is_in_hardship: bool | None = strawberry.field(
        description="True if user is linked to an account with an active hardship agreement.", default=None
    )
    is_opted_in_to_wof: bool | None = strawberry.field(default=None)

    @strawberry.field(
        description="List of accounts that the user is linked to either via portfolio role or account role."
    )
    async def accounts(self, info: strawberry.Info) -> list[AccountInterface | None] | None:
        numbers = await visible_accounts(info, str(self.id))
        return list(await accounts_by_number(info, numbers))

    @strawberry.field(description="List of roles a user has for each account they're linked to.")
    async def account_user_roles(
        self,
        info: strawberry.Info,
        account_number: Annotated[
            str | None,
            strawberry.argument(
                description="Optionally filter the user's account roles to only return those linked to specific accounts."
            ),
        ] = None,
    ) -> list[AccountUserRoleType | None] | None:
        numbers = await visible_accounts(info, str(self.id), account_number)
        accounts = await accounts_by_number(info, numbers)
        read = info.context.contexts.read
        points_users = await info.context.loader(read.loyalty_points.points_users).load_many(numbers)
        return [
            AccountUserRoleType(
                id=strawberry.ID(f"{number}/{self.id}"),
                user=self,
                account=account,
                # The one account role a context records: whose ledger collects the account's loyalty points.
                role=AccountUserRoleEnum.LOYALTY_POINT_USER if points_user == str(self.id) else None,
            )
            for number, account, points_user in zip(numbers, accounts, points_users, strict=True)
            # An account the accounts read model has not seen yet has nothing to show for the role.
            if account is not None
        ]

    # The accounts queries package imports this module: its types are named lazily, its readers imported on use.
    @strawberry.field(description="The user's comms preferences; shown to the user only.")
    async def preferences(self, info: strawberry.Info) -> _CommsPreferences | None:
        from api.accounts.queries.preferences import comms_preferences

        return await comms_preferences(info, str(self.id)) if _is_requester(info, self.id) else None

    @strawberry.field(
        description="The user's special circumstances (Priority Services Register); shown to the user only."
    )
    async def special_circumstances(self, info: strawberry.Info) -> _SpecialCircumstances | None:
        from api.accounts.queries.special_circumstances import special_circumstances

        return await special_circumstances(info, str(self.id)) if _is_requester(info, self.id) else None

    @strawberry.field(description="The user's own consents, each with its type (not in Kraken's GB schema: ours).")
    async def consents(self, info: strawberry.Info) -> list[ConsentType]:
        return await user_consents(info, str(self.id))

    @strawberry.field(description="List of details linked to this user.")
    async def details(self, info: strawberry.Info) -> list[AccountUserDetailType | None] | None:
        # The user's metadata: each key a namespace, each value as text. Shown to the user themselves
        # and to an organisation, as updateMetadata lets them set it; not to a fellow user of an account.
        viewer = info.context.acting.viewer
        if isinstance(viewer, User) and str(viewer.id) != str(self.id):
            return []
        entries = await metadata_of(info, LinkedObject.ACCOUNT_USER, str(self.id))
        return [AccountUserDetailType(namespace=entry["key"], value=detail_text(entry["value"])) for entry in entries]

    @classmethod
    def from_row(cls, user: dict[str, Any]) -> AccountUserType:
        """The user as the account users read model holds them."""
        born = user["date_of_birth"]
        return cls(
            id=strawberry.ID(user["id"]),
            given_name=user["given_name"],
            family_name=user["family_name"],
            email=user["email"],
            # Kraken answers "" for contact details it does not hold (the fields are non-null).
            mobile=user["mobile"],
            landline=user["landline"],
            title=user["title"],
            pronouns=user["pronouns"],
            date_of_birth=datetime.date.fromisoformat(born) if born else None,
            # Nothing records a death: every user is as registered, alive.
            is_deceased=False,
            full_name=f"{user['given_name']} {user['family_name']}",
        )

    @classmethod
    def of(cls, read: ReadModels, user_id: str) -> AccountUserType | None:
        user = read.account_users.user(user_id)
        return cls.from_row(user) if user is not None else None


_CommsPreferences = Annotated["AccountUserCommsPreferences", strawberry.lazy("api.accounts.queries.preferences")]
_SpecialCircumstances = Annotated[
    "SpecialCircumstancesType", strawberry.lazy("api.accounts.queries.special_circumstances")
]


def _is_requester(info: strawberry.Info, user_id: str) -> bool:
    # Another user of a shared account, or an organisation, sees a user but not their profile.
    return str(getattr(info.context.acting.viewer, "id", "")) == user_id


@strawberry.enum
class AccountUserRoleEnum(Enum):
    CARER = "CARER"
    TRACED = "TRACED"
    LOYALTY_POINT_USER = "LOYALTY_POINT_USER"
    ADMIN = "ADMIN"


@strawberry.type
class AccountUserRoleType:
    id: strawberry.ID
    user: AccountUserType
    account: AccountType
    role: AccountUserRoleEnum | None = strawberry.field(description="The account role.", default=None)


@strawberry.enum
class BusinessTypeOptions(Enum):
    SOLE_TRADER = "SOLE_TRADER"
    LIMITED = "LIMITED"
    PROPRIETARY_LIMITED_COMPANY = "PROPRIETARY_LIMITED_COMPANY"
    PARTNERSHIP = "PARTNERSHIP"
    CHARITY = "CHARITY"
    PUBLIC_LIMITED_COMPANY = "PUBLIC_LIMITED_COMPANY"
    LIMITED_LIABILITY_PARTNERSHIP = "LIMITED_LIABILITY_PARTNERSHIP"
    TRUST = "TRUST"
    TRADING_AS = "TRADING_AS"
    GOVERNMENT = "GOVERNMENT"
    NON_PROFIT = "NON_PROFIT"
    CHURCH = "CHURCH"


@strawberry.enum
class DocumentAccessibilityChoices(Enum):
    LARGE_PRINT = "LARGE_PRINT"
    BRAILLE = "BRAILLE"
    AUDIO = "AUDIO"


@strawberry.enum
class SMETS2InterestReason(Enum):
    SMETS2_INTEREST_REASON_DO_NOT_OWN_HOME = "SMETS2_INTEREST_REASON_DO_NOT_OWN_HOME"
    SMETS2_INTEREST_REASON_TECHNOLOGY_SCEPTICAL = "SMETS2_INTEREST_REASON_TECHNOLOGY_SCEPTICAL"
    SMETS2_INTEREST_REASON_WORRIED_SECURITY = "SMETS2_INTEREST_REASON_WORRIED_SECURITY"
    SMETS2_INTEREST_REASON_WORRIED_HEALTH_SAFETY = "SMETS2_INTEREST_REASON_WORRIED_HEALTH_SAFETY"
    SMETS2_INTEREST_REASON_NEGATIVE_PUBLICITY = "SMETS2_INTEREST_REASON_NEGATIVE_PUBLICITY"
    SMETS2_INTEREST_REASON_WORRIED_ABOUT_USAGE_COST = "SMETS2_INTEREST_REASON_WORRIED_ABOUT_USAGE_COST"
    SMETS2_INTEREST_REASON_ALREADY_HAS_SMART_METER = "SMETS2_INTEREST_REASON_ALREADY_HAS_SMART_METER"
    SMETS2_INTEREST_REASON_HOUSE_MOVE_IMMINENT = "SMETS2_INTEREST_REASON_HOUSE_MOVE_IMMINENT"
    SMETS2_INTEREST_REASON_SWITCH_IMMINENT = "SMETS2_INTEREST_REASON_SWITCH_IMMINENT"
    SMETS2_INTEREST_REASON_MORE_INFORMATION_REQUIRED = "SMETS2_INTEREST_REASON_MORE_INFORMATION_REQUIRED"
    SMETS2_INTEREST_REASON_IS_LANDLORD = "SMETS2_INTEREST_REASON_IS_LANDLORD"
    SMETS2_INTEREST_REASON_CANNOT_SEE_BENEFIT = "SMETS2_INTEREST_REASON_CANNOT_SEE_BENEFIT"
    SMETS2_INTEREST_REASON_WAIT_UNTIL_IT_IS_COMPULSORY = "SMETS2_INTEREST_REASON_WAIT_UNTIL_IT_IS_COMPULSORY"
    SMETS2_INTEREST_REASON_VULNERABILITY = "SMETS2_INTEREST_REASON_VULNERABILITY"
    SMETS2_INTEREST_REASON_WORRIED_ABOUT_SMART_METERS = "SMETS2_INTEREST_REASON_WORRIED_ABOUT_SMART_METERS"
    SMETS2_INTEREST_REASON_WORRIED_ABOUT_INSTALLATION = "SMETS2_INTEREST_REASON_WORRIED_ABOUT_INSTALLATION"
    SMETS2_INTEREST_REASON_PROPERTY_NOT_OCCUPIED = "SMETS2_INTEREST_REASON_PROPERTY_NOT_OCCUPIED"
    SMETS2_INTEREST_REASON_CANNOT_ATTEND_APPOINTMENT = "SMETS2_INTEREST_REASON_CANNOT_ATTEND_APPOINTMENT"


@strawberry.type
class SerializerErrorType:
    message: str | None = strawberry.field(default=None)
    code: str | None = strawberry.field(default=None)


@strawberry.type
class SerializerFieldErrorsType:
    field: str | None = strawberry.field(default=None)
    # Kraken GB's: what is wrong with the field, one message (and Django's code for it) each.
    errors: list[ErrorTypeUnion] | None = strawberry.field(default=None)


ErrorTypeUnion = Annotated[SerializerErrorType | SerializerFieldErrorsType, strawberry.union(name="ErrorTypeUnion")]


@strawberry.enum
class SmartMeterInterestChoices(Enum):
    INTERESTED = "INTERESTED"
    NOT_AT_THE_MOMENT = "NOT_AT_THE_MOMENT"
    NOT_INTERESTED = "NOT_INTERESTED"
