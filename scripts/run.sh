#!/usr/bin/env bash
# One command for a new machine: install everything, load the sample case files, start hoso.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export HOSO_HOME=${HOSO_HOME:-./hoso-data}
.venv/bin/hoso demo load sample_files/files
[ -f "$HOSO_HOME/demo-accounts.txt" ] && cat "$HOSO_HOME/demo-accounts.txt"
# The province demo set is generated while the server already answers; its progress is in /api/health.
if [ "${HOSO_DEMO_CASES:-40}" -gt 0 ]; then
  (sleep 2; nice .venv/bin/hoso demo load sample_files/files --cases "${HOSO_DEMO_CASES:-40}" --pages 6 \
    >"$HOSO_HOME/demo-load.log" 2>&1) &
fi
exec .venv/bin/hoso serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
