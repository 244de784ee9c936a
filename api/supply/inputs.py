"""GraphQL input types of the supply context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime

import strawberry

from api.bounds import ACCOUNT_NUMBER, DESCRIPTION, ENTITY_ID
from api.scalars import NonEmptyID


@strawberry.input(
    description="Input required to cancel an enrollment. (cancelEnrollment: mutation field not included, see header.)"
)
class CancelEnrollmentInput:
    number: str | None = strawberry.field(
        description="The identifier of the process to cancel.", default=strawberry.UNSET
    )
    reason: str | None = strawberry.field(description="The reason for the cancellation.", default=strawberry.UNSET)


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
    property_id: strawberry.ID = strawberry.field(description="The ID of the property.")
    old_meter_serial_number: str = strawberry.field(description="The serial number of the meter being removed.")
    final_reading: int = strawberry.field(
        description="The closing reading of the removed meter, in whole cubic metres."
    )
    new_meter_serial_number: str = strawberry.field(
        description="The serial number of the new meter (KT-GB-11001 if it cannot be validated)."
    )
    initial_reading: int = strawberry.field(description="The opening reading of the new meter, in whole cubic metres.")
    exchange_date: datetime.date = strawberry.field(description="The date the meters were exchanged.")


@strawberry.input(
    description="Input fields for moving a named customer into the viewer's property, forcing the viewer out."
)
class ForceMoveInInput:
    account_number: str = strawberry.field(description="The number of the viewer's account at the property.")
    property_id: strawberry.ID = strawberry.field(description="The ID of the property.")
    move_in_date: datetime.date = strawberry.field(
        description="The date the named customer moves in (the viewer's move out date)."
    )
    given_name: str = strawberry.field(description="The incoming customer's given name.")
    family_name: str = strawberry.field(description="The incoming customer's family name.")
    email: str | None = strawberry.field(
        description="The incoming customer's email address, if known.", default=strawberry.UNSET
    )
    mobile: str | None = strawberry.field(
        description="The incoming customer's mobile phone number, if known.", default=strawberry.UNSET
    )


@strawberry.input
class InitiateProductSwitchInput:
    account_number: str = strawberry.field(
        description="Identification of the account that requesting the product switch."
    )
    quoted_product_id: strawberry.ID = strawberry.field(
        description="ID of the selected quoted product, obtain from quoting that supply point."
    )
    switch_date: datetime.date = strawberry.field(description="The date at which the product switch becomes effective.")


@strawberry.input(description="Input fields for installing a meter on an unmetered property.")
class InstallMeterInputType:
    property_id: strawberry.ID = strawberry.field(description="The ID of the unmetered property.")
    serial_number: str = strawberry.field(
        description="The serial number of the installed meter (KT-GB-11001 if it cannot be validated)."
    )
    installation_date: datetime.date = strawberry.field(description="The date the meter was installed.")
    initial_reading: int = strawberry.field(description="The opening reading of the meter, in whole cubic metres.")
    location: str | None = strawberry.field(
        description="Where the meter is sited (e.g. 'Boundary box in front path').", default=strawberry.UNSET
    )


@strawberry.input
class JoinSupplierAcceptTermsAndConditionsInput:
    account_number: str = strawberry.field(
        description="The account number of the join supplier process (e.g. A-12345678)."
    )
    join_supplier_process_number: NonEmptyID | None = strawberry.field(
        description="The JoinSupplierProcess number.", default=strawberry.UNSET
    )


@strawberry.input(
    description="Input fields for modifying a meter's details; the meter is identified by property and serial number (KT-GB-11006 if not found)."
)
class ModifyMeterInput:
    property_id: strawberry.ID = strawberry.field(description="The ID of the property the meter is installed at.")
    serial_number: str = strawberry.field(description="The current serial number of the meter.")
    new_serial_number: str | None = strawberry.field(
        description="A corrected serial number for the meter.", default=strawberry.UNSET
    )
    installation_date: datetime.date | None = strawberry.field(
        description="The corrected installation date.", default=strawberry.UNSET
    )
    location: str | None = strawberry.field(description="Where the meter is sited.", default=strawberry.UNSET)


@strawberry.input(description="A new customer's personal details and the property they are moving into.")
class MoveInCreateCustomerInput:
    given_name: str = strawberry.field(description="The customer's given name.")
    family_name: str = strawberry.field(description="The customer's family name.")
    email: str = strawberry.field(
        description="The customer's email address, also their login (KT-CT-4111 if it cannot be used)."
    )
    password: str = strawberry.field(
        description="The password for the customer's online account (KT-CT-5450 if invalid)."
    )
    mobile: str | None = strawberry.field(description="The customer's mobile phone number.", default=strawberry.UNSET)
    property_id: strawberry.ID = strawberry.field(description="The ID of the property the customer is moving into.")
    move_in_date: datetime.date = strawberry.field(
        description="The date the customer moves in and becomes responsible for the supply."
    )


@strawberry.input(description="Input fields for triggering a move out of a property. [GB MoveOutInput, adapted]")
class MoveOutInput:
    account_number: str = strawberry.field(description="The number of the account moving out.")
    property_id: strawberry.ID = strawberry.field(description="The ID of the property being moved out of.")
    move_out_date: datetime.date = strawberry.field(
        description="The date the account stops being responsible for the property."
    )
    new_property: MoveOutNewPropertyInput | None = strawberry.field(
        description="The next property, to trigger a move within the supply area; omit when the customer is leaving.",
        default=strawberry.UNSET,
    )


@strawberry.input(description="The property an account moves into after a move out. [GB MoveInNewProperty, trimmed]")
class MoveOutNewPropertyInput:
    address: str = strawberry.field(description="Street address of the new property, without the postcode.")
    postcode: str = strawberry.field(description="Postcode of the new property.")
    move_in_date: datetime.date = strawberry.field(description="The date of moving into the new property.")


@strawberry.input
class QuoteShareInput:
    account_number: str | None = strawberry.field(
        description="Account for which the quote was created.", default=strawberry.UNSET
    )
    quote_code: str = strawberry.field(description="Quote code.")
    recipient: Recipient = strawberry.field(description="Recipient information.")


@strawberry.input
class Recipient:
    email: str | None = strawberry.field(description="Email address of the recipient.", default=strawberry.UNSET)
    family_name: str | None = strawberry.field(description="Family name of the recipient.", default=strawberry.UNSET)
    given_name: str | None = strawberry.field(description="Given name of the recipient.", default=strawberry.UNSET)
    mobile: str | None = strawberry.field(description="Mobile number of the recipient.", default=strawberry.UNSET)


@strawberry.input(description="Input fields for a customer's meter reading.")
class SubmitMeterReadingInputType:
    account_number: str = strawberry.field(
        description="The number of the account supplied through the meter (KT-CT-6424 if the meter is not on it)."
    )
    meter_serial_number: str = strawberry.field(description="The serial number of the meter read.")
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
