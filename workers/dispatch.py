"""Who reacts to what: the one table from stored events to the actors that carry out their side effects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dramatiq

from domain.identity.mfa_devices import MfaDevices
from domain.identity.password_reset import PasswordReset
from domain.identity.pre_signed_key import PreSignedKey
from workers import broker  # noqa: F401  (the broker is set before any actor is declared)
from workers.identity import send_pre_signed_token_email
from workers.mfa import send_mfa_code
from workers.passwords import send_password_reset_email


@dataclass(frozen=True)
class Reaction:
    upstream: str
    event: type[Any]
    actor: dramatiq.Actor[..., Any]
    arguments: Callable[[Any], tuple[Any, ...]]


REACTIONS: tuple[Reaction, ...] = (
    Reaction("identity", PreSignedKey.Issued, send_pre_signed_token_email, lambda e: (str(e.originator_id),)),
    Reaction("identity", PasswordReset.Requested, send_password_reset_email, lambda e: (str(e.originator_id),)),
    Reaction(
        "identity", MfaDevices.ChallengeIssued, send_mfa_code, lambda e: (str(e.originator_id), str(e.challenge_id))
    ),
)
