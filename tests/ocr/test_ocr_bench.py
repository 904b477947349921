"""The OCR benchmark runs end to end on a few pages (slow: not part of the default run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_ocr_bench_prints_tuned_and_held_out_families():
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "ocr_bench.py"),
            "--docs",
            "1",
            "--seed",
            "5",
            "--families",
            "skew",
            "carbon",
            "--rounds",
            "1",
            "--workers",
            "1",
            "--speed-by-family",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in done.stdout.splitlines()
        if line.startswith("| ") and "%" in line
    }
    assert rows["skew"] == "tuned" and rows["carbon"] == "held out"
    assert "real PDF pages" in rows
    speeds = [line for line in done.stdout.splitlines() if line.startswith("| skew ") and "%" not in line]
    assert speeds and float(speeds[0].split("|")[2]) > 0, "CPU seconds per page of the skewed pages"
