"""The lookup from an address to the property registered there: a new customer names their home by
its postcode and first line, never by our id.

It lives at an id derived from the postcode and the first line, both normalised, so that claiming
an address is one more aggregate in the same atomic save as the property: two registrations of one
new address cannot both claim it, and the loser's retry finds the winner's property.
"""

from __future__ import annotations

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.postcodes import gb_postcode

_ADDRESSES = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/property-address/")
_NOT_WORD = re.compile(r"[^\w]+")


def normalise_first_line(line: str) -> str:
    """ "12, Demo  Terrace." and "12 demo terrace" are one address: case, spacing and punctuation do not count."""
    return " ".join(_NOT_WORD.sub(" ", line.casefold()).split())


class PropertyAddress(Aggregate):
    """Claims a postcode and first line for the first property registered there."""

    @staticmethod
    def id_for(postcode: str, first_line: str) -> UUID | None:
        """None when the postcode is not a GB one or the line is empty: no property can be there."""
        spelled, line = gb_postcode(postcode), normalise_first_line(first_line)
        if spelled is None or not line:
            return None
        return uuid5(_ADDRESSES, f"{spelled}|{line}")

    @classmethod
    def claim(cls, aggregate_id: UUID, property_id: str) -> PropertyAddress:
        return cls._create(cls.Claimed, id=aggregate_id, property_id=property_id)

    class Claimed(Aggregate.Created):
        property_id: str

    @event(Claimed)
    def __init__(self, property_id: str) -> None:
        self.property_id = property_id
