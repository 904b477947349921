#!/usr/bin/env bash
# One command for the tests: install everything (incl. Chromium for the browser tests), run pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
exec .venv/bin/python -m pytest "$@"
