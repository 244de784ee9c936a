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

_actor: ContextVar[str] = ContextVar("actor", default=SYSTEM)


def current_actor() -> str:
    return _actor.get()


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)
