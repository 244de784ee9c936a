"""A billing address: what makes one complete, GB postcodes, structured streets and the printed lines."""

from __future__ import annotations

import pytest

from domain.accounts.billing_address import AddressDetails, BillingAddress
from tests.helpers import refused

INVALID = "KT-CT-4145"


def test_a_free_text_address_keeps_its_lines_and_a_gb_postcode_is_written_as_royal_mail_prints_it() -> None:
    address = BillingAddress.of(
        AddressDetails(street_address=" Flat 2\n\n 10 Station Road ", locality="Derby", postal_code="de11aa ")
    )
    assert address.street_address == "Flat 2\n10 Station Road"
    assert (address.postal_code, address.country, address.structured) == ("DE1 1AA", "GB", False)
    assert address.lines() == ["Flat 2", "10 Station Road", "Derby"]


def test_a_structured_gb_address_prints_its_street_in_paf_order() -> None:
    parts = {
        "thoroughfare": "High Street",
        "dependent_thoroughfare": "Mill Lane",
        "building_number": "3",
        "sub_building_name": "Flat 1",
        "building_name": "Severn House",
    }
    address = BillingAddress.of(
        AddressDetails(structured_street_address=parts, locality="Coventry", postal_code="CV1 2AB", country="gb")
    )
    assert address.structured
    assert address.street_address == "Flat 1\nSevern House\n3 Mill Lane\nHigh Street"
    assert address.lines() == ["Flat 1", "Severn House", "3 Mill Lane", "High Street", "Coventry"]


def test_more_than_five_lines_share_the_fifth() -> None:
    address = BillingAddress.of(
        AddressDetails(street_address="a\nb\nc\nd", dependent_locality="e", locality="f", postal_code="B1 1AA")
    )
    assert address.lines() == ["a", "b", "c", "d", "e, f"]


def test_a_postcode_outside_gb_is_only_required_to_be_there() -> None:
    address = BillingAddress.of(AddressDetails(street_address="1 Rue de Rivoli", postal_code="75001", country="FR"))
    assert (address.postal_code, address.country) == ("75001", "FR")


@pytest.mark.parametrize(
    "details",
    [
        None,
        AddressDetails(postal_code="DE1 1AA"),
        AddressDetails(street_address="  \n ", postal_code="DE1 1AA"),
        AddressDetails(street_address="1 Station Road"),
        AddressDetails(street_address="1 Station Road", postal_code="12345"),
        AddressDetails(street_address="1 Station Road", postal_code="DE1 1AA", country="Great Britain"),
        AddressDetails(
            street_address="1 Station Road", structured_street_address={"thoroughfare": "X"}, postal_code="DE1 1AA"
        ),
        AddressDetails(structured_street_address={"street": "Station Road"}, postal_code="DE1 1AA"),
        AddressDetails(structured_street_address={"thoroughfare": 7}, postal_code="DE1 1AA"),
        AddressDetails(structured_street_address={"building_name": " "}, postal_code="DE1 1AA"),
        AddressDetails(structured_street_address={"thoroughfare": "Rue"}, postal_code="75001", country="FR"),
    ],
    ids=[
        "none",
        "no first line",
        "blank first line",
        "no postcode",
        "not a GB postcode",
        "not a country code",
        "structured and free text mixed",
        "unknown structured part",
        "structured part not text",
        "structured parts all blank",
        "structured outside GB",
    ],
)
def test_an_incomplete_or_malformed_address_is_refused(details: AddressDetails | None) -> None:
    refused(INVALID, BillingAddress.of, details)
