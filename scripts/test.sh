#!/usr/bin/env bash
# One command for the tests: install everything (incl. Chromium for the browser tests), run pytest.
# Tests run in one process per core (pytest-xdist); a file's tests stay together on one process.
# HOSO_TEST_PROCESSES=0 runs them in this process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
exec .venv/bin/python -m pytest -n "${HOSO_TEST_PROCESSES:-auto}" --dist loadfile "$@"
