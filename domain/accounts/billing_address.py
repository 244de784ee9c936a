"""A billing address in libaddressinput's fields, as Kraken's RichAddressType holds it, and its rules.

Kraken GB keeps the street either as free text (`street_address`, lines separated by newlines) or
structured, a dictionary of named parts from which the free text is generated. RichAddressType only
documents structured parts for AU and JP; for GB the parts here are those of Royal Mail's Postcode
Address File (PAF), the source every GB address lookup returns, printed in PAF's order.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from domain.accounts.errors import BillingAddressInvalid
from domain.accounts.postcodes import gb_postcode

GB = "GB"
_COUNTRY = re.compile(r"[A-Z]{2}")
# The PAF parts a GB structured street address may name, in the order PAF prints them.
STRUCTURED_PARTS = (
    "organisation_name",
    "department_name",
    "po_box",
    "sub_building_name",
    "building_name",
    "building_number",
    "dependent_thoroughfare",
    "thoroughfare",
)
# A printed address has five lines before its postcode (Kraken's billingAddressLine1..5).
LINES = 5


class AddressDetails(msgspec.Struct, frozen=True, kw_only=True):
    """An address as a client sent it (BillingAddressDetailsInput): nothing checked yet."""

    street_address: str | None = None
    structured_street_address: Any = None
    dependent_locality: str | None = None
    locality: str | None = None
    administrative_area: str | None = None
    postal_code: str | None = None
    sorting_code: str | None = None
    country: str | None = None
    delivery_point_identifier: str | None = None


class BillingAddress(msgspec.Struct, frozen=True, kw_only=True):
    """A complete address; `street_address` is generated from the structured parts when there are any."""

    street_address: str
    postal_code: str
    country: str
    structured_street_address: dict[str, str] | None = None
    dependent_locality: str | None = None
    locality: str | None = None
    administrative_area: str | None = None
    sorting_code: str | None = None
    delivery_point_identifier: str | None = None

    @classmethod
    def of(cls, details: AddressDetails | None) -> BillingAddress:
        """The address the details give; BillingAddressInvalid when incomplete or malformed."""
        if details is None:
            raise BillingAddressInvalid("A billing address is required.")
        if _text(details.street_address) and details.structured_street_address:
            raise BillingAddressInvalid("Give either streetAddress or structuredStreetAddress, not both.")
        # Kraken GB serves GB addresses: one given without a country is taken to be one.
        country = (_text(details.country) or GB).upper()
        if not _COUNTRY.fullmatch(country):
            raise BillingAddressInvalid("The country must be an ISO 3166-1 alpha-2 code, such as GB.")
        structured = _structured(details.structured_street_address, country)
        street = "\n".join(_street_lines(structured)) if structured else _street(details.street_address)
        if not street:
            raise BillingAddressInvalid("The address has no first line.")
        return cls(
            street_address=street,
            postal_code=_postcode(details.postal_code, country),
            country=country,
            structured_street_address=structured,
            dependent_locality=_text(details.dependent_locality),
            locality=_text(details.locality),
            administrative_area=_text(details.administrative_area),
            sorting_code=_text(details.sorting_code),
            delivery_point_identifier=_text(details.delivery_point_identifier),
        )

    @property
    def structured(self) -> bool:
        return self.structured_street_address is not None

    def lines(self) -> list[str]:
        """The address as printed above its postcode, in five lines at most (the last takes the rest)."""
        found = [
            *self.street_address.split("\n"),
            *(part for part in (self.dependent_locality, self.locality, self.administrative_area) if part),
        ]
        if len(found) > LINES:
            found[LINES - 1 :] = [", ".join(found[LINES - 1 :])]
        return found


def _text(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None


def _street(value: str | None) -> str:
    return "\n".join(line.strip() for line in (value or "").splitlines() if line.strip())


def _postcode(value: str | None, country: str) -> str:
    postcode = " ".join((value or "").upper().split())
    if not postcode:
        raise BillingAddressInvalid("The address has no postcode.")
    if country == GB:
        spelled = gb_postcode(postcode)
        if spelled is None:
            raise BillingAddressInvalid(f"{postcode!r} is not a GB postcode.")
        return spelled
    return postcode


def _structured(value: Any, country: str) -> dict[str, str] | None:
    if value is None or value == {}:
        return None
    if country != GB:
        raise BillingAddressInvalid("A structured street address is only kept for GB addresses.")
    if not isinstance(value, dict) or not all(isinstance(part, str) for part in value.values()):
        raise BillingAddressInvalid("structuredStreetAddress must map address parts to strings.")
    unknown = sorted(set(value) - set(STRUCTURED_PARTS))
    if unknown:
        raise BillingAddressInvalid(f"Unknown structured address parts: {', '.join(unknown)}.")
    parts = {name: " ".join(value[name].split()) for name in STRUCTURED_PARTS if name in value}
    return {name: text for name, text in parts.items() if text} or None


def _street_lines(parts: dict[str, str]) -> list[str]:
    """PAF's printing order: organisation, PO box, sub-building, building, then number and street."""
    lines = [parts.get("organisation_name"), parts.get("department_name")]
    if "po_box" in parts:
        lines.append(f"PO Box {parts['po_box']}")
    lines += [parts.get("sub_building_name"), parts.get("building_name")]
    streets = [parts.get("dependent_thoroughfare"), parts.get("thoroughfare")]
    first_street = next((street for street in streets if street), None)
    number = parts.get("building_number")
    lines.append(" ".join(part for part in (number, first_street) if part) or None)
    if streets[0] and streets[1]:
        lines.append(streets[1])
    return [line for line in lines if line]
