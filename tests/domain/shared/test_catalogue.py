"""The KrakenError catalogue: every seed code declared once with its message; every mutation declares its errors."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from api.mutation import MUTATIONS
from api.schema import api_schema, auth_schema
from domain.shared.errors import ErrorType, KrakenError
from settings import CONTEXTS, Settings

for module in ("domain.shared.catalogue", *(f"domain.{context}.errors" for context in CONTEXTS)):
    importlib.import_module(module)

SEED = json.loads((Path(__file__).parents[3] / "spec" / "mutations.json").read_text())["mutations"]
SEED_MESSAGES = {error["code"]: error["message"] for mutation in SEED for error in mutation["errors"]}
REQUEST_LEVEL = {"KT-CT-1124", "KT-CT-1138", "KT-CT-1199", "KT-CT-1188", "KT-CT-1189"}


def test_the_seed_names_165_distinct_codes_each_with_one_message() -> None:
    assert len(SEED_MESSAGES) == 165
    for mutation in SEED:
        for error in mutation["errors"]:
            assert SEED_MESSAGES[error["code"]] == error["message"], error["code"]


@pytest.mark.parametrize("code", sorted(SEED_MESSAGES))
def test_every_seed_code_is_declared_with_the_seed_s_message(code: str) -> None:
    assert code in KrakenError.catalogue
    assert KrakenError.catalogue[code].message == SEED_MESSAGES[code]


def test_the_catalogue_holds_the_seed_codes_and_the_request_level_codes() -> None:
    assert set(SEED_MESSAGES) | REQUEST_LEVEL <= set(KrakenError.catalogue)
    assert len(KrakenError.catalogue) >= len(SEED_MESSAGES) + len(REQUEST_LEVEL)


@pytest.mark.parametrize("code", sorted(KrakenError.catalogue))
def test_every_declared_error_has_a_description_and_a_kraken_error_type(code: str) -> None:
    declared = KrakenError.catalogue[code]

    assert declared.code == code
    assert declared.description.strip()
    assert declared.message.strip()
    assert isinstance(declared.type, ErrorType)


def test_declaring_a_code_a_second_time_fails() -> None:
    # given a code that is already declared
    taken = KrakenError.catalogue["KT-CT-1113"]

    # when / then
    with pytest.raises(TypeError, match="KT-CT-1113"):

        class Impostor(
            KrakenError,
            code="KT-CT-1113",
            type=ErrorType.VALIDATION,
            message="Something else.",
            description="A second meaning for a declared code.",
        ):
            pass

    assert KrakenError.catalogue["KT-CT-1113"] is taken


@pytest.fixture(scope="module")
def mutations() -> dict:
    api_schema(Settings())
    auth_schema(Settings())
    return MUTATIONS


@pytest.mark.parametrize("mutation", SEED, ids=[m["mutation"] for m in SEED])
def test_every_mutation_declares_the_errors_the_seed_lists_for_it(mutations: dict, mutation: dict) -> None:
    declared = {error.code for error in mutations[mutation["mutation"]].errors}

    assert {error["code"] for error in mutation["errors"]} <= declared
