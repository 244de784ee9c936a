#!/usr/bin/env bash
# Install (into .venv) and run every check: lint, format, types, then the whole test suite.
# Tests that need PostgreSQL skip when it is unreachable, unless KRAKEN_REQUIRE_SERVICES=1 (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e ".[test]"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
exec .venv/bin/pytest "$@"
