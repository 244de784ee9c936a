"""GB postcodes: which text is one, and how Royal Mail spells it (billing addresses and properties alike)."""

from __future__ import annotations

import re

# The UK government's postcode pattern (BS 7666), on an upper-cased postcode with its space optional.
_GB_POSTCODE = re.compile(
    r"GIR ?0AA|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]?) ?[0-9][A-Z]{2}"
)


def gb_postcode(text: str) -> str | None:
    """The postcode as Royal Mail prints it ("SW1A 1AA": one space before the inward code, its last
    three characters), or None if the text is not a GB postcode."""
    compact = "".join(text.upper().split())
    if not _GB_POSTCODE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"
