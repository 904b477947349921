"""`hoso demo load`: the committed samples become units, cases, queued scans and demo accounts, once."""

from __future__ import annotations

from pathlib import Path

from archive.accounts import authenticate
from archive.demo import load_demo
from archive.models import Case, Document, Unit, User

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
