#!/usr/bin/env bash
# Install (into .venv) and serve the API on the embedded default: SQLite files under var/,
# demo customer seeded on first start, GraphiQL at the printed URL.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/kraken serve "$@"
