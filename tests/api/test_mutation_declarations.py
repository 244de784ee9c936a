"""Every mutation is declared in a module of its own, listing only its own codes: the gate adds the
codes every mutation implies (KT-CT-1113; 1111, 1112 and 1124 with a viewer) and refuses a table
that answers with a code the mutation does not declare."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import strawberry
from strawberry.tools import merge_types

from api.mutation import MUTATIONS, VIEWER_ERRORS, kraken_mutation
from api.schema import api_schema, auth_schema
from domain.payments.errors import LedgerAccessDenied
from domain.shared.catalogue import AccountAccessDenied, FieldDisabled
from settings import Settings

ROOT = Path(__file__).parents[2]
SEED = [m["mutation"] for m in json.loads((ROOT / "spec" / "mutations.json").read_text())["mutations"]]
# This project's own mutations, beyond Kraken's seed: the staff's.
BEYOND_SEED = ["eraseAccountUser"]
MODULES = sorted(path for path in ROOT.glob("api/*/mutations/*.py") if path.name != "__init__.py")
IMPLIED = {kind.__name__ for kind in (FieldDisabled, *VIEWER_ERRORS)}


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


@pytest.fixture(scope="module", autouse=True)
def schemas() -> None:
    api_schema(Settings())
    auth_schema(Settings())


def test_each_mutation_of_the_seed_has_its_own_module() -> None:
    assert sorted(path.stem for path in MODULES) == sorted(snake(name) for name in [*SEED, *BEYOND_SEED])


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.stem)
def test_a_module_declares_one_mutation_and_none_of_the_implied_codes(module: Path) -> None:
    declarations = [
        node
        for node in ast.walk(ast.parse(module.read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"kraken_mutation", "pending_mutation"}
    ]
    assert len(declarations) == 1
    [errors] = [keyword.value for keyword in declarations[0].keywords if keyword.arg == "errors"]
    listed = {element.id for element in getattr(errors, "elts", []) if isinstance(element, ast.Name)}
    assert listed & IMPLIED == set()


@pytest.mark.parametrize("name", SEED)
def test_the_gate_adds_the_codes_a_mutation_implies(name: str) -> None:
    spec = MUTATIONS[name]
    assert FieldDisabled in spec.errors
    if spec.auth:
        assert set(VIEWER_ERRORS) <= set(spec.errors)


def test_a_table_answering_with_an_undeclared_code_is_refused_when_the_schema_is_built() -> None:
    @strawberry.type
    class Careless:
        @kraken_mutation(errors=(), auth=True, codes={AccountAccessDenied: LedgerAccessDenied})
        async def careless(self) -> bool:
            return True

    with pytest.raises(TypeError, match="LedgerAccessDenied"):
        strawberry.Schema(query=merge_types("Query", (Careless,)))
