"""Who is acting: recorded with every stored event, so that a timeline says who did what.

Set once where a request, a worker message or an operator command enters the system; the
event encoding reads it when the events are stored. Masquerading support staff will be recorded
here too, so an audit shows who really acted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SYSTEM = "system"
# A staff member acting as someone else is recorded as "staff:<id> as user:<id>".
MASQUERADING = " as "

_actor: ContextVar[str] = ContextVar("actor", default=SYSTEM)


def current_actor() -> str:
    return _actor.get()


def acting_for(actor: str) -> str:
    """Whom an actor acts for: the user a masquerading staff member acts as, else the actor itself."""
    return actor.rsplit(MASQUERADING, 1)[-1]


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)
