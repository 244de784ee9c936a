"""The Metadata aggregate: given past events, when a key is set, then these events or this error code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts.metadata import VALUE_LENGTH, LinkedObject, Metadata
from tests.helpers import refused

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = AT + timedelta(minutes=5)
BY = "kraken|account-user:00000000-0000-4000-8000-00000000000a"


def opened() -> Metadata:
    metadata = Metadata.open(LinkedObject.ACCOUNT, "A-ABCDEFGH")
    metadata.collect_events()
    return metadata


def test_an_objects_metadata_lives_at_an_id_derived_from_its_type_and_identifier() -> None:
    metadata = Metadata.open(LinkedObject.ACCOUNT_USER, "A-ABCDEFGH")
    assert metadata.id == Metadata.id_for(LinkedObject.ACCOUNT_USER, "A-ABCDEFGH")
    assert metadata.id != Metadata.id_for(LinkedObject.ACCOUNT, "A-ABCDEFGH")


def test_setting_a_key_records_its_compact_json_who_set_it_and_when() -> None:
    metadata = opened()
    assert metadata.set("crm.tier", '{"tier": "gold", "since": 2020}', BY, at=AT) == '{"tier":"gold","since":2020}'
    [recorded] = metadata.collect_events()
    assert isinstance(recorded, Metadata.MetadataSet)
    assert (recorded.key, recorded.value, recorded.set_by, recorded.at) == (
        "crm.tier",
        '{"tier":"gold","since":2020}',
        BY,
        AT,
    )


def test_setting_a_key_again_replaces_its_value_and_keeps_the_others() -> None:
    metadata = opened()
    metadata.set("a", "1", BY, at=AT)
    metadata.set("b", '"x"', BY, at=AT)
    metadata.set("a", "[1, 2]", BY, at=LATER)
    assert dict(metadata.values) == {"a": "[1,2]", "b": '"x"'}


@pytest.mark.parametrize("key", ["", "1st", "with space", "k" * 101, "a/b"])
def test_a_key_outside_the_pattern_is_refused_with_8413(key: str) -> None:
    refused("KT-CT-8413", opened().set, key, "1", BY, at=AT)


@pytest.mark.parametrize("value", ["{not json", "", "[1, 2", "NaNx"])
def test_a_value_that_is_not_json_is_refused_with_8413(value: str) -> None:
    refused("KT-CT-8413", opened().set, "key", value, BY, at=AT)


def test_a_value_whose_compact_json_is_too_long_is_refused_with_8413() -> None:
    metadata = opened()
    longest = '"' + "x" * (VALUE_LENGTH - 2) + '"'
    metadata.set("key", longest, BY, at=AT)
    refused("KT-CT-8413", metadata.set, "key", '"' + "x" * (VALUE_LENGTH - 1) + '"', BY, at=AT)
