"""GraphQL output types (payloads, objects, enums, unions) of the supply context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry

from api.possible_errors import KrakenPayload
from api.shared.types import AccountType
from api.supply.queries.charges import ServiceOrderType
from api.supply.queries.meters import ReadingType, WaterMeterType


@strawberry.type(description="Payload of createServiceOrder (the seed names no payload type).")
class CreateServiceOrder(KrakenPayload):
    service_order: ServiceOrderType | None = strawberry.field(
        description="The service order that was created.", default=None
    )


@strawberry.type
class EnrollmentCancelled:
    message: str = strawberry.field(description="The message to display to the user on Enrollment cancellation.")
    enrollment_process: EnrollmentProcess = strawberry.field(description="The Enrollment process that was cancelled.")


@strawberry.type
class ExchangeMeter(KrakenPayload):
    meter: WaterMeterType | None = strawberry.field(description="The newly installed meter.", default=None)


@strawberry.type
class ForceMoveIn(KrakenPayload):
    account: AccountType | None = strawberry.field(
        description="The account initiating the force move in.", default=None
    )


@strawberry.type
class InitiateProductSwitch(KrakenPayload):
    product_code: str = strawberry.field(description="The selected product for a specific product switch.")
    switch_date: datetime.date = strawberry.field(description="The date at which the product switch becomes effective.")


@strawberry.type
class InstallMeter(KrakenPayload):
    meter: WaterMeterType | None = strawberry.field(description="The newly installed meter.", default=None)


@strawberry.type
class JoinSupplierAcceptTermsAndConditions(KrakenPayload):
    success: bool | None = strawberry.field(default=None)


@strawberry.type(description="Represents a Join Supplier process.")
class JoinSupplierProcessType:
    id: strawberry.ID | None = strawberry.field(
        description="The ID or the primary key of the lifecycle process.", default=None
    )
    status: LeaveSupplierProcessStatus | None = strawberry.field(description="The status of the process.", default=None)
    started_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: when the process started.", default=None
    )
    finished_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: when the process completed, was cancelled or failed (null while active).",
        default=None,
    )
    terms_version: str | None = strawberry.field(
        description="Ours, not Kraken GB's: the version of the terms and conditions accepted (null until accepted).",
        default=None,
    )
    terms_accepted_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: when the terms and conditions were accepted.", default=None
    )


@strawberry.type(description="Represents a Leave Property process.")
class LeavePropertyProcessType:
    id: strawberry.ID | None = strawberry.field(
        description="The ID or the primary key of the lifecycle process.", default=None
    )
    status: LeaveSupplierProcessStatus | None = strawberry.field(description="The status of the process.", default=None)
    leave_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: the moment the account leaves the property (local midnight of the day).",
        default=None,
    )
    started_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: when the process started.", default=None
    )
    finished_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: when the process completed, was cancelled or failed (null while active).",
        default=None,
    )


@strawberry.enum(description="The status of the LeaveSupplier process.")
class LeaveSupplierProcessStatus(Enum):
    COMPLETED = "COMPLETED"
    PARTIALLY_COMPLETED = "PARTIALLY_COMPLETED"
    PENDING = "PENDING"
    IN_PROGRESS = "IN_PROGRESS"
    STALLED = "STALLED"
    CANCELLED = "CANCELLED"
    PARTIALLY_CANCELLED = "PARTIALLY_CANCELLED"
    REVERSED = "REVERSED"
    PARTIALLY_REVERSED = "PARTIALLY_REVERSED"
    FAILED = "FAILED"
    ERRORED = "ERRORED"


@strawberry.type
class ModifyMeter(KrakenPayload):
    meter: WaterMeterType | None = strawberry.field(description="The meter to modify.", default=None)


@strawberry.type
class MoveInCreateCustomer(KrakenPayload):
    account_number: str = strawberry.field(description="The account number we created.")


@strawberry.type
class MoveOut(KrakenPayload):
    account: AccountType | None = strawberry.field(description="The account initiating the move out.", default=None)


@strawberry.type(description="Represents a Occupy Property process.")
class OccupyPropertyProcessType:
    id: strawberry.ID | None = strawberry.field(
        description="The ID or the primary key of the lifecycle process.", default=None
    )
    status: LeaveSupplierProcessStatus | None = strawberry.field(description="The status of the process.", default=None)
    occupy_at: datetime.datetime = strawberry.field(
        description="The moment the account occupies the property (local midnight of the move-in day)."
    )
    started_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: when the process started.", default=None
    )
    finished_at: datetime.datetime | None = strawberry.field(
        description="Ours, not Kraken GB's: when the process completed, was cancelled or failed (null while active).",
        default=None,
    )


@strawberry.type
class ScheduleQuoteFollowUp(KrakenPayload):
    success: bool


@strawberry.type
class SubmitMeterReading(KrakenPayload):
    reading: ReadingType | None = strawberry.field(description="The submitted reading.", default=None)


@strawberry.type
class SwitchAccountToMeasuredTariff:
    account: AccountType = strawberry.field(description="Account that was switched to a measured tariff.")


EnrollmentProcess = Annotated[
    JoinSupplierProcessType | OccupyPropertyProcessType,
    strawberry.union(
        name="EnrollmentProcess", description="The enrollment (lifecycle) process that an enrollment mutation acted on."
    ),
]
