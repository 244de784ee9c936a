"""Where the values a domain problem names came from in a mutation's input (validationErrors' inputPath)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from domain.shared.errors import KrakenError

InputPaths = Mapping[str, tuple[str, ...]]


@contextmanager
def problems_at(paths: InputPaths) -> Iterator[None]:
    """Re-raise a KrakenError whose problems name command values (e.g. `new_password`) with the input
    paths the mutation took them from (e.g. `input.newPassword`): the domain knows its values, only
    the mutation knows its input."""
    try:
        yield
    except KrakenError as error:
        error.problems = tuple(
            dataclasses.replace(problem, path=paths.get(problem.path[-1], problem.path)) for problem in error.problems
        )
        raise
