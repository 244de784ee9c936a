"""GraphQL input types of the supply context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime

import strawberry

from api.bounds import (
    ACCOUNT_NUMBER,
    DESCRIPTION,
    EMAIL,
    ENTITY_ID,
    NAME,
    PASSWORD,
    PHONE,
    POSTCODE,
    STREET_ADDRESS,
    TOKEN,
    USER_ID,
    bounded,
)
from api.scalars import NonEmptyID
from api.supply.queries.meters import MeterCapabilityType

# Meter serial numbers are at most 20 characters; room for spaces a client leaves around them.
SERIAL_NUMBER = bounded(32)
# A market supply point id is 13 characters; other markets' up to 20.
METER_POINT_REFERENCE = bounded(32)
# Where a meter is sited, in an engineer's words (the domain keeps at most 200 characters).
METER_LOCATION = bounded(255)


@strawberry.input(
    description="Input required to cancel an enrollment. (cancelEnrollment: mutation field not included, see header.)"
)
class CancelEnrollmentInput:
    number: str | None = strawberry.field(
        description="The identifier of the process to cancel.", default=strawberry.UNSET, metadata=ENTITY_ID
    )
    reason: str | None = strawberry.field(
        description="The reason for the cancellation.", default=strawberry.UNSET, metadata=bounded(500)
    )
    account_number: str | None = strawberry.field(
        description="The account number of the process, when no process number is given.",
        default=strawberry.UNSET,
        metadata=ACCOUNT_NUMBER,
        deprecation_reason="Name the process by its `number` instead.",
    )
    supply_points: list[SupplyPointInfoInput] | None = strawberry.field(
        description="The supply points of the process (for water: the property's id), when no number is given.",
        default=strawberry.UNSET,
        metadata=bounded(items=10),
        deprecation_reason="Name the process by its `number` instead.",
    )


@strawberry.input(description="A supply point, as cancelEnrollment's supplyPoints name one.")
class SupplyPointInfoInput:
    identifier: str = strawberry.field(
        description="The supply point's identifier: for water, the id of the property.", metadata=ENTITY_ID
    )
    market_name: str | None = strawberry.field(
        description="The market the identifier belongs to.", default=strawberry.UNSET, metadata=bounded(64)
    )


@strawberry.input(description="Input fields for applying for a meter to be fitted at a property.")
class CreateServiceOrderInput:
    account_number: str = strawberry.field(
        description="The number of the account supplied at the property.", metadata=ACCOUNT_NUMBER
    )
    property_id: strawberry.ID = strawberry.field(
        description="The ID of the property to fit the meter at.", metadata=ENTITY_ID
    )
    notes: str | None = strawberry.field(
        description="Access or siting notes for the installer (e.g. where the stop tap is), at most 500 characters.",
        default=strawberry.UNSET,
        metadata=DESCRIPTION,
    )


@strawberry.input(description="Input fields for exchanging the meter of a property.")
class ExchangeMeterInputType:
    property_id: strawberry.ID = strawberry.field(description="The ID of the property.", metadata=ENTITY_ID)
    old_meter_serial_number: str = strawberry.field(
        description="The serial number of the meter being removed.", metadata=SERIAL_NUMBER
    )
    final_reading: int = strawberry.field(
        description="The closing reading of the removed meter, in whole cubic metres."
    )
    new_meter_serial_number: str = strawberry.field(
        description="The serial number of the new meter (KT-GB-11001 if it cannot be validated).",
        metadata=SERIAL_NUMBER,
    )
    initial_reading: int = strawberry.field(description="The opening reading of the new meter, in whole cubic metres.")
    exchange_date: datetime.date = strawberry.field(description="The date the meters were exchanged.")
    number_of_digits: int | None = strawberry.field(
        description="Ours: how many black digits the new meter's register shows (4 to 9; 5 if not given).",
        default=strawberry.UNSET,
    )
    capability_type: MeterCapabilityType | None = strawberry.field(  # type: ignore[valid-type]
        description="Ours: whether the new meter sends interval data (MANUAL if not given).", default=strawberry.UNSET
    )
    meter_point_reference: str | None = strawberry.field(
        description="Ours: the new meter's market supply point id (the old meter's if not given).",
        default=strawberry.UNSET,
        metadata=METER_POINT_REFERENCE,
    )
    location: str | None = strawberry.field(
        description="Where the new meter is sited (the old meter's place if not given).",
        default=strawberry.UNSET,
        metadata=METER_LOCATION,
    )


@strawberry.input(
    description="Input fields for moving a named customer into the viewer's property, forcing the viewer out."
)
class ForceMoveInInput:
    account_number: str = strawberry.field(
        description="The number of the viewer's account at the property.", metadata=ACCOUNT_NUMBER
    )
    property_id: strawberry.ID = strawberry.field(description="The ID of the property.", metadata=ENTITY_ID)
    move_in_date: datetime.date = strawberry.field(
        description="The date the named customer moves in (the viewer's move out date)."
    )
    given_name: str = strawberry.field(description="The incoming customer's given name.", metadata=NAME)
    family_name: str = strawberry.field(description="The incoming customer's family name.", metadata=NAME)
    email: str | None = strawberry.field(
        description="The incoming customer's email address, if known.", default=strawberry.UNSET, metadata=EMAIL
    )
    mobile: str | None = strawberry.field(
        description="The incoming customer's mobile phone number, if known.", default=strawberry.UNSET, metadata=PHONE
    )


@strawberry.input
class InitiateProductSwitchInput:
    account_number: str = strawberry.field(
        description="Identification of the account that requesting the product switch.", metadata=ACCOUNT_NUMBER
    )
    quoted_product_id: strawberry.ID = strawberry.field(
        description="ID of the selected quoted product, obtain from quoting that supply point.", metadata=ENTITY_ID
    )
    switch_date: datetime.date = strawberry.field(description="The date at which the product switch becomes effective.")
    suppress_communications: bool | None = strawberry.field(
        description="Whether to suppress communications about the product switch.", default=True
    )
    user_id: strawberry.ID | None = strawberry.field(
        description="The user for whom to perform the product switch: the confirmation goes to their email "
        "(default: the viewer; an organisation names a user of the account).",
        default=strawberry.UNSET,
        metadata=USER_ID,
    )


@strawberry.input(description="Input fields for installing a meter on an unmetered property.")
class InstallMeterInputType:
    property_id: strawberry.ID = strawberry.field(description="The ID of the unmetered property.", metadata=ENTITY_ID)
    serial_number: str = strawberry.field(
        description="The serial number of the installed meter (KT-GB-11001 if it cannot be validated).",
        metadata=SERIAL_NUMBER,
    )
    installation_date: datetime.date = strawberry.field(description="The date the meter was installed.")
    initial_reading: int = strawberry.field(description="The opening reading of the meter, in whole cubic metres.")
    location: str | None = strawberry.field(
        description="Where the meter is sited (e.g. 'Boundary box in front path').",
        default=strawberry.UNSET,
        metadata=METER_LOCATION,
    )
    number_of_digits: int | None = strawberry.field(
        description="Ours: how many black digits the register shows (4 to 9; 5 if not given).",
        default=strawberry.UNSET,
    )
    capability_type: MeterCapabilityType | None = strawberry.field(  # type: ignore[valid-type]
        description="Ours: whether the meter sends interval data (MANUAL if not given).", default=strawberry.UNSET
    )
    meter_point_reference: str | None = strawberry.field(
        description="Ours: the market supply point id the meter serves (one is drawn if not given).",
        default=strawberry.UNSET,
        metadata=METER_POINT_REFERENCE,
    )


@strawberry.input
class JoinSupplierAcceptTermsAndConditionsInput:
    account_number: str = strawberry.field(
        description="The account number of the join supplier process (e.g. A-12345678).", metadata=ACCOUNT_NUMBER
    )
    join_supplier_process_number: NonEmptyID | None = strawberry.field(
        description="The JoinSupplierProcess number.", default=strawberry.UNSET, metadata=ENTITY_ID
    )


@strawberry.input(
    description="Input fields for modifying a meter's details; the meter is identified by property and serial number (KT-GB-11006 if not found)."
)
class ModifyMeterInput:
    property_id: strawberry.ID = strawberry.field(
        description="The ID of the property the meter is installed at.", metadata=ENTITY_ID
    )
    serial_number: str = strawberry.field(description="The current serial number of the meter.", metadata=SERIAL_NUMBER)
    new_serial_number: str | None = strawberry.field(
        description="A corrected serial number for the meter.", default=strawberry.UNSET, metadata=SERIAL_NUMBER
    )
    installation_date: datetime.date | None = strawberry.field(
        description="The corrected installation date.", default=strawberry.UNSET
    )
    location: str | None = strawberry.field(
        description="Where the meter is sited.", default=strawberry.UNSET, metadata=METER_LOCATION
    )


@strawberry.input(description="A new customer's personal details and the property they are moving into.")
class MoveInCreateCustomerInput:
    given_name: str = strawberry.field(description="The customer's given name.", metadata=NAME)
    family_name: str = strawberry.field(description="The customer's family name.", metadata=NAME)
    email: str = strawberry.field(
        description="The customer's email address, also their login (KT-CT-4111 if it cannot be used).",
        metadata=EMAIL,
    )
    password: str = strawberry.field(
        description="The password for the customer's online account (KT-CT-5450 if invalid).", metadata=PASSWORD
    )
    mobile: str | None = strawberry.field(
        description="The customer's mobile phone number.", default=strawberry.UNSET, metadata=PHONE
    )
    property_id: strawberry.ID | None = strawberry.field(
        description=(
            "The ID of the property the customer is moving into. Give either this or address and postcode "
            "(KT-GB-5416 if neither or both)."
        ),
        default=strawberry.UNSET,
        metadata=ENTITY_ID,
    )
    address: str | None = strawberry.field(
        description=(
            "Ours, not Kraken GB's: the street address of the property, without the postcode (lines separated by "
            "commas or newlines). A property registered at the same postcode and first line is the one moved into; "
            "otherwise the property is registered."
        ),
        default=strawberry.UNSET,
        metadata=STREET_ADDRESS,
    )
    postcode: str | None = strawberry.field(
        description="Ours, not Kraken GB's: the postcode of the property given by address (KT-GB-6633 if not in GB).",
        default=strawberry.UNSET,
        metadata=POSTCODE,
    )
    move_in_date: datetime.date = strawberry.field(
        description="The date the customer moves in and becomes responsible for the supply."
    )


@strawberry.input(description="Input fields for triggering a move out of a property. [GB MoveOutInput, adapted]")
class MoveOutInput:
    account_number: str = strawberry.field(description="The number of the account moving out.", metadata=ACCOUNT_NUMBER)
    property_id: strawberry.ID = strawberry.field(
        description="The ID of the property being moved out of.", metadata=ENTITY_ID
    )
    move_out_date: datetime.date = strawberry.field(
        description="The date the account stops being responsible for the property."
    )
    new_property: MoveOutNewPropertyInput | None = strawberry.field(
        description="The next property, to trigger a move within the supply area; omit when the customer is leaving.",
        default=strawberry.UNSET,
    )


@strawberry.input(description="The property an account moves into after a move out. [GB MoveInNewProperty, trimmed]")
class MoveOutNewPropertyInput:
    address: str = strawberry.field(
        description="Street address of the new property, without the postcode.", metadata=STREET_ADDRESS
    )
    postcode: str = strawberry.field(description="Postcode of the new property.", metadata=POSTCODE)
    move_in_date: datetime.date = strawberry.field(description="The date of moving into the new property.")


@strawberry.input
class QuoteShareInput:
    account_number: str | None = strawberry.field(
        description="Account for which the quote was created.", default=strawberry.UNSET, metadata=ACCOUNT_NUMBER
    )
    quote_code: str = strawberry.field(description="Quote code.", metadata=TOKEN)
    recipient: Recipient = strawberry.field(description="Recipient information.")


@strawberry.input
class Recipient:
    email: str | None = strawberry.field(
        description="Email address of the recipient.", default=strawberry.UNSET, metadata=EMAIL
    )
    family_name: str | None = strawberry.field(
        description="Family name of the recipient.", default=strawberry.UNSET, metadata=NAME
    )
    given_name: str | None = strawberry.field(
        description="Given name of the recipient.", default=strawberry.UNSET, metadata=NAME
    )
    mobile: str | None = strawberry.field(
        description="Mobile number of the recipient.", default=strawberry.UNSET, metadata=PHONE
    )


@strawberry.input(description="Input fields for a customer's meter reading.")
class SubmitMeterReadingInputType:
    account_number: str = strawberry.field(
        description="The number of the account supplied through the meter (KT-CT-6424 if the meter is not on it).",
        metadata=ACCOUNT_NUMBER,
    )
    meter_serial_number: str = strawberry.field(
        description="The serial number of the meter read.", metadata=SERIAL_NUMBER
    )
    reading: int = strawberry.field(description="The reading, in whole cubic metres (the black digits).")
    read_at: datetime.date = strawberry.field(description="The date the meter was read.")


@strawberry.input(description="Input fields for switching an account to a measured tariff.")
class SwitchAccountToMeasuredTariffInput:
    account_number: str = strawberry.field(description="The number of the account to switch.", metadata=ACCOUNT_NUMBER)
    property_id: strawberry.ID | None = strawberry.field(
        description="Ours, not the seed's: the property to switch, where the account occupies more than one today; "
        "by default the one it occupies.",
        default=strawberry.UNSET,
        metadata=ENTITY_ID,
    )
