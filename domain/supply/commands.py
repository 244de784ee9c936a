"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations

from datetime import date

import msgspec

# Charges: the basis of charge, measured tariffs and meter applications (service orders) ----------------


class CreateServiceOrder(msgspec.Struct, frozen=True, kw_only=True):
    """An application for a meter at a property the account occupies; `raised_by` is who acts."""

    account_number: str
    property_id: str
    notes: str
    raised_by: str


class SwitchAccountToMeasuredTariff(msgspec.Struct, frozen=True, kw_only=True):
    """The account asks to be charged on a meter at the property it occupies today."""

    account_number: str
    property_id: str
    requested_by: str


class BookServiceOrderSurvey(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    survey_on: date
    booked_by: str


class CancelServiceOrder(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    reason: str
    cancelled_by: str


class CloseServiceOrderNotPracticable(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    reason: str
    closed_by: str


class SetRateableValue(msgspec.Struct, frozen=True, kw_only=True):
    """The property's rateable value, in pence."""

    property_id: str
    pence: int
    set_by: str
