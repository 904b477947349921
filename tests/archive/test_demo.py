"""`hoso demo load`: the committed samples become units, cases, queued scans and demo accounts, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.cli.demo import load_demo
from archive.records.models import Case, Document, Unit, User
from archive.trust.accounts import authenticate

SAMPLES = Path(__file__).resolve().parents[2] / "sample_files" / "files"


def test_demo_load_is_complete_and_idempotent(archive, monkeypatch):
    monkeypatch.setenv("HOSO_DEMO_PASSWORD", "mat-khau-thu-nghiem")
    load_demo(archive, SAMPLES)
    with archive.session() as session:
        counts = (session.query(Unit).count(), session.query(Case).count(), session.query(Document).count())
        assert counts[0] >= 3 and counts[1] >= 2 and counts[2] >= 5
        assert {d.status for d in session.query(Document)} == {"queued"}
        assert {u.role for u in session.query(User)} == {"admin", "staff", "prosecutor", "statistician", "unit_head"}
        assert authenticate(session, "canbo", "mat-khau-thu-nghiem") is not None
    accounts = archive.settings.resolved_home / "demo-accounts.txt"
    assert "mat-khau-thu-nghiem" in accounts.read_text(encoding="utf-8")
    assert accounts.stat().st_mode & 0o077 == 0
    load_demo(archive, SAMPLES)
    with archive.session() as session:
        assert (session.query(Unit).count(), session.query(Case).count(), session.query(Document).count()) == counts
        assert session.query(User).count() == 5


def test_demo_accounts_get_a_password_the_policy_accepts(archive, monkeypatch):
    from archive.cli.demo import DEMO_USERS
    from archive.trust.accounts import AccountError
    from archive.trust.passwords import password_problem

    monkeypatch.setenv("HOSO_DEMO_PASSWORD", "12345678")
    with pytest.raises(AccountError) as refused:
        load_demo(archive, SAMPLES)
    assert refused.value.message() == "Mật khẩu quá ngắn (tối thiểu 10 ký tự)"
    monkeypatch.delenv("HOSO_DEMO_PASSWORD")
    load_demo(archive, SAMPLES)
    listing = (archive.settings.resolved_home / "demo-accounts.txt").read_text(encoding="utf-8")
    password = listing.splitlines()[1].rsplit(": ", 1)[1]
    assert all(password_problem(password, name, full) is None for name, _, _, full in DEMO_USERS)
    with archive.session() as session:
        assert authenticate(session, "quantri", password) is not None


def test_province_demo_registers_its_cases_and_queues_every_scan(archive, monkeypatch):
    from archive.cli.demo import load_province

    monkeypatch.setenv("HOSO_DEMO_PASSWORD", "mat-khau-thu-nghiem")
    steps = []
    load_province(
        archive, SAMPLES, cases=3, pages=2, on_file=lambda done, total: steps.append((done, total)), finish=False
    )
    assert steps[-1] == (3, 3)
    with archive.session() as session:
        units = {c.unit.code for c in session.query(Case)}
        assert session.query(Case).count() == 3 and len(units) == 3
        documents = session.query(Document).all()
        assert len(documents) == 3 and {d.status for d in documents} == {"queued"}
        assert sum(d.page_count for d in documents) == 6


def test_health_shows_the_demo_progress(archive, monkeypatch):
    from fastapi.testclient import TestClient

    from archive.cli.demo import write_progress
    from web.app import create_app

    with TestClient(create_app(archive)) as client:
        assert "demo" not in client.get("/api/health").json()
        write_progress(archive, "generating", 4, 34)
        assert client.get("/api/health").json()["demo"] == {"state": "generating", "done": 4, "total": 34}


def test_a_demo_load_whose_process_is_gone_says_stopped(archive):
    import json
    import subprocess
    import sys

    from archive.cli.demo import PROGRESS_FILE, read_progress, write_progress

    write_progress(archive, "processing", 3, 40)
    assert read_progress(archive) == {"state": "processing", "done": 3, "total": 40}
    path = archive.settings.resolved_home / PROGRESS_FILE
    snippet = "from archive.runtime.owner import this_process; print(this_process())"
    gone = subprocess.run([sys.executable, "-c", snippet], capture_output=True, text=True, check=True).stdout.strip()
    path.write_text(json.dumps({"state": "processing", "done": 3, "total": 40, "owner": gone}), encoding="utf-8")
    assert read_progress(archive) == {"state": "stopped", "done": 3, "total": 40}
