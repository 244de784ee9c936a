"""The account billing read model: each account's latest billing address, email and comms preference."""

from __future__ import annotations

from collections.abc import Callable

from domain.accounts import commands
from domain.accounts.billing_address import AddressDetails
from projections.contexts import Contexts

STRUCTURED = AddressDetails(
    structured_street_address={"building_number": "2", "thoroughfare": "Mill Lane"},
    locality="Derby",
    postal_code="de1 1ab",
)


def _address(contexts: Contexts, number: str, details: AddressDetails) -> None:
    contexts.accounts.update_account_address(
        commands.UpdateAccountAddress(account_number=number, billing_address=details)
    )


def _email(contexts: Contexts, number: str, email: str | None) -> None:
    contexts.accounts.update_account_billing_email(
        commands.UpdateAccountBillingEmail(account_number=number, billing_email=email)
    )


def test_the_latest_of_each_detail_is_kept_in_one_batch(
    backend: str, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    number = customer["account_number"]
    _address(contexts, number, AddressDetails(street_address="1 Station Road", postal_code="DE1 1AA"))
    _address(contexts, number, STRUCTURED)
    _email(contexts, number, "bills@example.com")
    contexts.accounts.update_comms_delivery_preference(
        commands.UpdateCommsDeliveryPreference(account_number=number, comms_delivery_preference="EMAIL")
    )
    # when
    catch_up()
    # then
    [row] = contexts.read.account_billing.billing([number])
    assert row == {
        "billing_email": "bills@example.com",
        "comms_delivery_preference": "EMAIL",
        "street_address": "2 Mill Lane",
        "structured_street_address": '{"building_number": "2", "thoroughfare": "Mill Lane"}',
        "dependent_locality": None,
        "locality": "Derby",
        "administrative_area": None,
        "postal_code": "DE1 1AB",
        "sorting_code": None,
        "country": "GB",
        "delivery_point_identifier": None,
        "lines": '["2 Mill Lane", "Derby"]',
    }


def test_a_later_batch_changes_only_what_it_touched_and_an_account_that_chose_nothing_has_no_row(
    backend: str, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given a row from an earlier batch
    number = customer["account_number"]
    other = contexts.accounts.open_account("Charles Babbage").number
    _address(contexts, number, STRUCTURED)
    _email(contexts, number, "bills@example.com")
    catch_up()
    # when
    _email(contexts, number, None)
    catch_up()
    # then
    row, nothing = contexts.read.account_billing.billing([number, other])
    assert row is not None and (row["billing_email"], row["street_address"]) == (None, "2 Mill Lane")
    assert nothing is None
    assert contexts.read.account_billing.billing([]) == []
