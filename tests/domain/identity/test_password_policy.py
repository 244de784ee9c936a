"""The password policy: NIST 800-63B rules, reported with Kraken's validation codes."""

from __future__ import annotations

import pytest

from domain.identity import password_policy
from domain.identity.password_policy import (
    CONTAINS_ACCOUNT_NUMBER,
    CONTAINS_PART_OF_EMAIL,
    MATCHES_CURRENT,
    REUSED,
    TOO_COMMON,
    TOO_SHORT,
)

VALUE = "new_password"
GOOD = "violet tractor anthem"


def fake_hash(password: str) -> str:
    return "hashed:" + password


def fake_verify(password_hash: str, password: str) -> bool:
    return password_hash == fake_hash(password)


def codes(password: str, *, current: str = "the current one", previous: tuple[str, ...] = ()) -> list[str]:
    problems = password_policy.check(
        password,
        email="ada.lovelace@analytical.example",
        account_numbers=("A-1B2C3D4E",),
        current_hash=fake_hash(current),
        previous_hashes=tuple(fake_hash(p) for p in previous),
        verify=fake_verify,
        value=VALUE,
    )
    assert all(p.path == (VALUE,) and p.message == password_policy.MESSAGES[p.code] for p in problems)
    return [p.code for p in problems]


def test_a_long_uncommon_unrelated_password_passes() -> None:
    assert codes(GOOD) == []


def test_eight_characters_is_the_minimum_counted_in_code_points_after_nfkc() -> None:
    assert codes("zq7!xv2") == [TOO_SHORT]
    assert codes("zq7!xv2k") == []
    # Eight letters, each one code point after NFKC (full-width forms fold to ASCII ones).
    assert codes("\uff5a\uff51\uff17\uff01\uff58\uff56\uff12\uff4b") == []  # full-width "zq7!xv2k"
    assert codes("日本語のパスワ") == [TOO_SHORT]


def test_there_is_no_composition_rule_and_no_low_maximum() -> None:
    assert codes("all lower case words here") == []
    assert codes("x" * 3 + "é" * 500) == []


@pytest.mark.parametrize("common", ["password", "PASSWORD1", "iloveyou", "qwertyuiop", "12345678"])
def test_one_of_the_most_common_passwords_is_too_common(common: str) -> None:
    assert TOO_COMMON in codes(common)


def test_a_short_common_password_reports_both_as_in_krakens_example() -> None:
    assert codes("123456") == [TOO_SHORT, TOO_COMMON]


def test_the_common_list_holds_a_thousand_passwords_from_the_data_file() -> None:
    common = password_policy.common_passwords()
    assert len(common) >= 990  # a few differ only in case
    assert "password" in common and not any(p.startswith("# ") for p in common)


def test_the_account_number_may_not_be_in_it_whatever_the_case() -> None:
    assert codes("my a-1b2c3d4e account") == [CONTAINS_ACCOUNT_NUMBER]


@pytest.mark.parametrize("part", ["ada", "LOVELACE", "analytical", "ada.lovelace"])
def test_no_part_of_the_email_address_may_be_in_it(part: str) -> None:
    assert codes(f"zebra {part} crossing") == [CONTAINS_PART_OF_EMAIL]


def test_the_email_parts_are_the_local_words_and_the_domain_labels_but_the_tld() -> None:
    parts = password_policy.email_parts("jo.smith+kraken@mail.example.co.uk")
    assert parts == ["example", "jo.smith+kraken", "kraken", "mail", "smith"]  # "jo" and "co", "uk" too short


def test_the_current_password_is_refused_as_matching_it() -> None:
    assert codes(GOOD, current=GOOD) == [MATCHES_CURRENT]


def test_one_of_the_last_passwords_is_refused_as_reused_but_an_older_one_is_not() -> None:
    history = ("newest old pass", "second newest pass", "third newest pass", "fourth and forgotten")  # newest first
    assert codes("newest old pass", previous=history) == [REUSED]
    assert codes("third newest pass", previous=history) == [REUSED]
    # Only REMEMBERED_PASSWORDS are kept in mind: the fourth is allowed again.
    assert password_policy.REMEMBERED_PASSWORDS == 3
    assert codes("fourth and forgotten", previous=history) == []


def test_every_broken_rule_is_reported_at_once() -> None:
    assert codes("ada") == [TOO_SHORT, CONTAINS_PART_OF_EMAIL]
