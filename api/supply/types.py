"""GraphQL output types (payloads, objects, enums, unions) of the supply context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry

from api.possible_errors import KrakenPayload
from api.shared.types import AccountType
from api.supply.queries.charges import ServiceOrderType


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
    occupy_at: datetime.datetime


@strawberry.type(description="A meter reading.")
class ReadingType:
    id: strawberry.ID = strawberry.field(description="The ID of the reading.")
    meter_serial_number: str = strawberry.field(description="The serial number of the meter read.")
    value: int = strawberry.field(description="The reading, in whole cubic metres.")
    read_at: datetime.date = strawberry.field(description="The date the meter was read.")
    source: str | None = strawberry.field(description="Who provided the reading (e.g. 'CUSTOMER').", default=None)


@strawberry.type
class ScheduleQuoteFollowUp(KrakenPayload):
    success: bool


@strawberry.type
class SubmitMeterReading(KrakenPayload):
    reading: ReadingType | None = strawberry.field(description="The submitted reading.", default=None)


@strawberry.type
class SwitchAccountToMeasuredTariff:
    account: AccountType = strawberry.field(description="Account that was switched to a measured tariff.")


@strawberry.type(description="A water meter. [DESIGN, after GB ElectricityMeterType]")
class WaterMeterType:
    id: strawberry.ID = strawberry.field(description="The ID of the meter.")
    serial_number: str = strawberry.field(description="The serial number of the meter.")
    installation_date: datetime.date | None = strawberry.field(
        description="The date the meter was installed.", default=None
    )
    active_from: datetime.date = strawberry.field(
        description="The date from which the meter is active at the property."
    )
    active_to: datetime.date | None = strawberry.field(
        description="The date the meter was removed or exchanged, if it has been.", default=None
    )
    location: str | None = strawberry.field(description="Where the meter is sited.", default=None)


EnrollmentProcess = Annotated[
    JoinSupplierProcessType | OccupyPropertyProcessType,
    strawberry.union(
        name="EnrollmentProcess", description="The enrollment (lifecycle) process that an enrollment mutation acted on."
    ),
]
