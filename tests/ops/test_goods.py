"""`kraken goods ...`: an operator's catalogue of goods and grants, and fulfilment."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.goods import commands
from ops import runtime
from ops.cli import app
from settings import load


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    return CliRunner()


def goods(cli: CliRunner, *args: str) -> tuple[int, str]:
    result = cli.invoke(app, ["goods", *args], env={"COLUMNS": "300"})
    return result.exit_code, result.output


def test_products_and_grants_are_added_priced_listed_and_withdrawn(cli: CliRunner) -> None:
    # when
    assert (
        goods(
            cli,
            "add-product",
            "water-butt-200l",
            "--name",
            "200 litre water butt",
            "--type",
            "WATER_BUTT",
            "--type-name",
            "Water butt",
            "--price",
            "4999",
            "--vat",
            "20",
        )[0]
        == 0
    )
    code, printed = goods(
        cli,
        "add-product",
        "SHOWER-TIMER",
        "--name",
        "Shower timer",
        "--type",
        "WATER_SAVING",
        "--type-name",
        "Water saving",
        "--vat",
        "0",
    )
    assert code == 0 and printed.startswith("product 2 SHOWER-TIMER")
    assert goods(cli, "set-price", "SHOWER-TIMER", "399") == (0, "product SHOWER-TIMER: 399 net, 399 gross\n")
    assert (
        goods(
            cli, "add-grant", "WATER_EFFICIENCY", "--product", "WATER-BUTT-200L", "--amount", "1000", "--max-units", "2"
        )[0]
        == 0
    )
    assert goods(cli, "withdraw", "SHOWER-TIMER") == (0, "product SHOWER-TIMER: withdrawn\n")
    # then
    code, listed = goods(cli, "list")
    assert code == 0 and "WATER-BUTT-200L" in listed and "5999" in listed and "SHOWER-TIMER" in listed
    assert "grant WATER_EFFICIENCY: 1000 off each WATER-BUTT-200L, 2 per account" in listed


def test_concurrent_adds_never_share_an_id(cli: CliRunner) -> None:
    from concurrent.futures import ThreadPoolExecutor

    contexts = runtime.build(load())
    try:

        def add(n: int) -> int:
            return contexts.goods.add_product(
                commands.AddProduct(
                    code=f"KIT-{n}",
                    market_name="GB",
                    product_type="KIT",
                    product_type_name="Kit",
                    customer_name=f"Kit {n}",
                    price_per_unit=100,
                    vat_basis_points=0,
                )
            ).id

        with ThreadPoolExecutor(max_workers=4) as pool:
            ids = list(pool.map(add, range(8)))
    finally:
        contexts.close()
    assert sorted(ids) == list(range(1, 9))


def test_a_malformed_or_taken_code_and_a_bad_vat_rate_are_refused(cli: CliRunner) -> None:
    base = ["--name", "Kit", "--type", "KIT", "--type-name", "Kit", "--price", "100"]
    assert goods(cli, "add-product", "KIT", *base)[0] == 0
    assert goods(cli, "add-product", "KIT", *base)[0] == 1
    assert goods(cli, "add-product", "x", *base)[0] == 1
    assert goods(cli, "add-product", "OTHER", *base, "--vat", "twenty")[0] == 2
    assert goods(cli, "set-price", "NOPE", "1")[0] == 1
    assert goods(cli, "add-grant", "G1", "--product", "KIT", "--amount", "0", "--max-units", "1")[0] == 1
