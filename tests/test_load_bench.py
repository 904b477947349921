"""The load benchmark runs end to end for a few seconds on one app server (slow: not part of the default run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_load_bench_small(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load_bench.py"),
            *("--duration", "8", "--users", "3", "--staff", "1", "--upload-every", "2"),
            *("--servers", "1", "--step-seconds", "3", "--max-users", "5", "--home", str(tmp_path / "home")),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for kind in ("login", "search", "upload"):
        assert any(line.split()[:1] == [kind] for line in out.splitlines()), out
    uploads = next(line for line in out.splitlines() if line.startswith("uploads:")).split()
    new, processed = int(uploads[1]), int(uploads[4])
    assert new >= 1 and processed == new, out
    assert "saturation" in out and "== summary ==" in out
