"""The Kraken error catalogue: every KT code is declared once, as a typed exception class.

A subclass declares its code, error type, message and description as class keywords:

    class QuoteNotFound(KrakenError, code="KT-CT-8201", type=ErrorType.NOT_FOUND,
                        message="Received an invalid quoteId.",
                        description="No goods quote has this ID."):
        \"\"\"Raised when ...\"\"\"

Declaring a code twice fails at import time, so the catalogue cannot drift into two meanings for
one code. Only `api/` turns these exceptions into Kraken's wire format.
"""

from __future__ import annotations

import builtins
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar


class ErrorType(enum.StrEnum):
    """Kraken's `extensions.errorType` values."""

    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    AUTHORIZATION = "AUTHORIZATION"
    AUTHENTICATION = "AUTHENTICATION"
    APPLICATION = "APPLICATION"
    SERVICE_AVAILABILITY = "SERVICE_AVAILABILITY"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One entry of `extensions.validationErrors` (KT-CT-5450 style).

    `path` says where the failing value is: the domain names the command's own value (e.g.
    `("new_password",)`); api/ places it in the mutation's input (e.g. `("input", "newPassword")`),
    which the wire calls `inputPath`."""

    code: str
    message: str
    path: tuple[str, ...]


class KrakenError(Exception):
    """Base of every error a client may see; subclasses carry one KT code each."""

    code: ClassVar[str]
    type: ClassVar[ErrorType]
    message: ClassVar[str]
    description: ClassVar[str]

    catalogue: ClassVar[dict[str, builtins.type[KrakenError]]] = {}

    def __init_subclass__(
        cls,
        *,
        code: str,
        type: ErrorType,
        message: str,
        description: str,
        **kwargs: object,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if code in KrakenError.catalogue:
            first = KrakenError.catalogue[code].__qualname__
            raise TypeError(f"{code} is declared twice: {first} and {cls.__qualname__}")
        cls.code, cls.type, cls.message, cls.description = code, type, message, description
        KrakenError.catalogue[code] = cls

    def __init__(self, detail: str | None = None, *, problems: Sequence[FieldProblem] = ()) -> None:
        # `detail` refines the declared description for this occurrence (it becomes errorDescription).
        self.detail = detail or self.description
        self.problems = tuple(problems)
        super().__init__(f"{self.code}: {self.detail}")
