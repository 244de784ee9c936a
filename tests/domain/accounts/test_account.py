"""The Account's billing state: its address (a structured one stays structured), its email, its comms preference."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.accounts.account import Account
from domain.accounts.billing_address import AddressDetails, BillingAddress
from tests.helpers import refused

AT = datetime(2026, 5, 1, tzinfo=UTC)
FREE_TEXT = BillingAddress.of(AddressDetails(street_address="1 Station Road", postal_code="DE1 1AA"))
STRUCTURED = BillingAddress.of(
    AddressDetails(
        structured_street_address={"building_number": "2", "thoroughfare": "Mill Lane"}, postal_code="DE1 1AB"
    )
)


def opened() -> Account:
    return Account.open("A-ABCD2345", "Ada Lovelace", AT)


def test_a_billing_address_change_records_the_address_whether_structured_and_who_changed_it() -> None:
    # given
    account = opened()
    # when
    account.change_billing_address(STRUCTURED, "user:ada", AT)
    # then
    event = account.collect_events()[-1]
    assert isinstance(event, Account.BillingAddressChanged)
    assert (event.address, event.structured, event.changed_by, event.changed_at) == (STRUCTURED, True, "user:ada", AT)
    assert account.billing_address == STRUCTURED


def test_a_free_text_address_may_become_structured_but_a_structured_one_never_free_text() -> None:
    # given
    account = opened()
    account.change_billing_address(FREE_TEXT, "user:ada", AT)
    account.change_billing_address(STRUCTURED, "user:ada", AT)
    # when / then
    refused("KT-CT-4411", account.change_billing_address, FREE_TEXT, "user:ada", AT)
    assert account.billing_address == STRUCTURED


def test_a_billing_email_is_set_and_cleared() -> None:
    account = opened()
    account.change_billing_email("bills@example.com", "user:ada", AT)
    account.change_billing_email(None, "user:ada", AT)
    events = account.collect_events()[1:]
    assert [(type(e).__name__, e.billing_email) for e in events] == [
        ("BillingEmailChanged", "bills@example.com"),
        ("BillingEmailChanged", None),
    ]
    assert account.billing_email is None


def test_a_billing_email_must_be_well_formed_and_at_most_512_characters() -> None:
    account = opened()
    refused("KT-CT-4122", account.change_billing_email, "not an email", "user:ada", AT)
    refused("KT-CT-4122", account.change_billing_email, "a" * 64 + "@" + "b" * 444 + ".com", "user:ada", AT)
    assert len(account.collect_events()) == 1


def test_email_delivery_needs_a_billing_email_and_survives_its_clearing() -> None:
    # given
    account = opened()
    # then
    refused("KT-CT-4136", account.choose_comms_delivery_preference, "EMAIL", "user:ada", AT)
    # when
    account.choose_comms_delivery_preference("POSTAL_MAIL", "user:ada", AT)
    account.change_billing_email("bills@example.com", "user:ada", AT)
    account.choose_comms_delivery_preference("EMAIL", "user:ada", AT)
    account.change_billing_email(None, "user:ada", AT)
    # then: the comms side falls back to the login email
    assert account.comms_delivery_preference == "EMAIL"
    chosen = [e for e in account.collect_events() if isinstance(e, Account.CommsDeliveryPreferenceChosen)]
    assert [(e.preference, e.chosen_by) for e in chosen] == [("POSTAL_MAIL", "user:ada"), ("EMAIL", "user:ada")]
