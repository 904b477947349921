"""A mistyped HOSO_BLOB_URL stops `hoso serve` and `hoso worker` at start with a Vietnamese sentence,
not a Python traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("command", [["serve", "--port", "8879"], ["worker"]])
def test_bad_blob_url_is_refused_in_vietnamese(tmp_path, command):
    env = dict(os.environ, HOSO_HOME=str(tmp_path / "home"), HOSO_BLOB_URL="s3x://nowhere", PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "archive.cli", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode != 0
    assert "HOSO_BLOB_URL phải có dạng s3://" in run.stderr
    assert "Traceback" not in run.stderr
