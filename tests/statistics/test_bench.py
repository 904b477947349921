"""The report benchmark runs end to end on a small register (slow: not part of the default run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_report_bench_small():
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "report_bench.py"),
            "--cases",
            "3000",
            "--provinces",
            "3",
            "--repeat",
            "1",
            "--backends",
            "sqlite",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    table = done.stdout.split("CSDL", 1)[1].splitlines()
    assert [line.split()[0] for line in table[1:] if line.strip()] == ["SQLite"] * 3
