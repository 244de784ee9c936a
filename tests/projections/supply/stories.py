"""The supply charges chapter of the read models' story."""

from __future__ import annotations

from datetime import date

from domain.accounts import commands as accounts
from domain.supply import commands as supply
from projections.contexts import Contexts


def story_charges(contexts: Contexts, property_id: str) -> None:
    """The home gets a rateable value (set twice); at an unmetered home Dora applies for a meter (a survey
    is booked, and none can be fitted: she is offered assessed charges); she applies again and cancels."""
    for pence in (24_500, 25_000):
        contexts.supply.set_rateable_value(
            supply.SetRateableValue(property_id=property_id, pence=pence, set_by="story")
        )
    dora = contexts.accounts.open_account("Dora Lovelace").number
    unmetered = contexts.accounts.register_property(
        accounts.RegisterProperty(account_number=dora, lines=("2 Mill Lane",), postcode="DE1 2AB")
    ).property_id
    first = raise_application(contexts, dora, unmetered, "Stop tap under the sink")
    contexts.supply.book_service_order_survey(
        supply.BookServiceOrderSurvey(number=first, survey_on=date(2026, 1, 16), booked_by="story")
    )
    contexts.supply.close_service_order_not_practicable(
        supply.CloseServiceOrderNotPracticable(number=first, reason="No room at the boundary", closed_by="story")
    )
    second = raise_application(contexts, dora, unmetered, "")
    contexts.supply.cancel_service_order(
        supply.CancelServiceOrder(number=second, reason="Moving", cancelled_by="story")
    )


def raise_application(contexts: Contexts, account_number: str, property_id: str, notes: str) -> str:
    order = contexts.supply.create_service_order(
        supply.CreateServiceOrder(
            account_number=account_number, property_id=property_id, notes=notes, raised_by="story"
        )
    )
    return order.number
