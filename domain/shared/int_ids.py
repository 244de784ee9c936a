"""Integer ids for entities that Kraken names with a GraphQL Int (payments, schedules, feedback requests...).

An Int is 32-bit signed, so every id stays below 2**31; ids start at a million so that they read as
ids, not counts. They are drawn at random: an entity lives at a UUID derived from its kind and
number, so creating one under a number already taken makes the save conflict and the command's
retry draws another, with no counter aggregate for every writer to contend on.
"""

from __future__ import annotations

import secrets

LOWEST, HIGHEST = 10**6, 2**31 - 1


def new_number() -> int:
    return LOWEST + secrets.randbelow(HIGHEST - LOWEST + 1)


def parse_number(text: object) -> int | None:
    """An integer id as a client sent it (ID scalars arrive as strings); None if it names nothing."""
    try:
        number = int(str(text).strip())
    except ValueError:
        return None
    return number if LOWEST <= number <= HIGHEST else None
