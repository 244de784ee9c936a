"""The password policy: which new passwords a user may choose, with Kraken's validation codes.

It follows NIST SP 800-63B §5.1.1.2 and OWASP ASVS 4.0 V2.1 (notes/anchors.md A1-A3):
- at least 8 characters, counted as Unicode code points after NFKC normalisation. 8 is NIST's
  SHALL (rev 3, and rev 4 for passwords used with a second factor) and what Kraken's deployments
  have accepted, where the seed's example text still says 7; ASVS's 12 and rev 4's 15 for
  single-factor use would refuse passwords that existing clients validate as good. The API bounds
  a password at 1,024 characters (api/bounds.py), far above NIST's "permit at least 64"; nothing
  is ever truncated.
- not one of the 1,000 most common passwords (data/common_passwords.txt), compared in lower case;
- not containing what an attacker knows about the account: its account numbers and the parts of
  the user's email address;
- not the current password and not one of the last few (checked against their argon2 hashes).
- No composition rules: the seed's password_has_too_few_{numeric,special,lowercase,uppercase}
  _characters codes are never raised, because NIST 800-63B says verifiers SHOULD NOT (rev 4:
  SHALL NOT) impose them and ASVS 2.1.9 agrees: they make passwords weaker, not stronger.

Every rule that fails is reported, so that a client can show them all at once (as the seed's
example does with password_too_short and password_too_common together).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from domain.shared.errors import FieldProblem

MIN_LENGTH = 8
# How many earlier passwords (besides the current one) a user may not go back to. Each one is an
# argon2 verification (~0.1 s), so the history is short; it exists against flip-flopping back to a
# password that was changed because it leaked, not as a rotation rule (NIST: no forced rotation).
REMEMBERED_PASSWORDS = 3
# Parts of an email address shorter than this are too common inside passwords to be telling ("a",
# "jo"), and refusing them would refuse good passwords for no gain.
_MIN_EMAIL_PART = 3
_COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"

TOO_SHORT = "password_too_short"
TOO_COMMON = "password_too_common"
REUSED = "password_reused"
MATCHES_CURRENT = "password_matches_current"
CONTAINS_ACCOUNT_NUMBER = "password_contains_account_number"
CONTAINS_PART_OF_EMAIL = "password_contains_part_of_email_address"

MESSAGES = {
    TOO_SHORT: f"This password is too short. It must contain at least {MIN_LENGTH} characters.",
    TOO_COMMON: "This password is too common.",
    REUSED: "This password has been used recently. Choose one you have not used before.",
    MATCHES_CURRENT: "The new password must be different from the current password.",
    CONTAINS_ACCOUNT_NUMBER: "This password contains your account number.",
    CONTAINS_PART_OF_EMAIL: "This password contains part of your email address.",
}


@cache
def common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.lower() for line in lines if line and not line.startswith("# "))


def email_parts(email: str) -> list[str]:
    """The local part's words and the domain's labels but the last (the TLD), long enough to tell."""
    local, _, domain = email.lower().rpartition("@")
    words = [*re.split(r"[.+_\-]", local), local, *domain.split(".")[:-1]]
    return sorted({word for word in words if len(word) >= _MIN_EMAIL_PART})


def check(
    password: str,
    *,
    email: str,
    account_numbers: Sequence[str],
    current_hash: str | None,
    previous_hashes: Sequence[str],
    verify: Callable[[str, str], bool],
    value: str,
) -> tuple[FieldProblem, ...]:
    """Every rule the new password breaks, in a stable order; empty if it may be used.

    `verify(hash, password)` is the argon2 check, passed in so that the policy stays pure.
    """
    codes: list[str] = []
    normalised = unicodedata.normalize("NFKC", password)
    folded = normalised.casefold()
    if len(normalised) < MIN_LENGTH:
        codes.append(TOO_SHORT)
    if folded in common_passwords() or password.lower() in common_passwords():
        codes.append(TOO_COMMON)
    if any(number and number.casefold() in folded for number in account_numbers):
        codes.append(CONTAINS_ACCOUNT_NUMBER)
    if any(part in folded for part in email_parts(email)):
        codes.append(CONTAINS_PART_OF_EMAIL)
    # The costly checks last; they still run after a cheap failure, so that a client learns every
    # problem at once rather than one per attempt.
    if current_hash is not None and verify(current_hash, password):
        codes.append(MATCHES_CURRENT)
    elif any(verify(old, password) for old in previous_hashes[:REMEMBERED_PASSWORDS]):
        codes.append(REUSED)
    return tuple(FieldProblem(code, MESSAGES[code], (value,)) for code in codes)
