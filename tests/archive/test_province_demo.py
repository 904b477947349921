"""A small province demo loaded from start to end, as `hoso demo load --cases 6 --pages 2` does: its scans read by
real Tesseract, then what people do next made through the archive's own functions, so the pages a newcomer opens
have figures on them and the audit trail and the statistics agree."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from archive.cli.demo import load_demo, load_province, read_progress
from archive.records.models import (
    CASE_KINDS,
    AuditEvent,
    Case,
    CourtFigure,
    Document,
    ExhibitSet,
    Hearing,
    IndicatorTarget,
    Presentation,
    ReportSignoff,
    Unit,
)
from archive.statistics.periods import statistical_year, statistical_year_of
from archive.trust.audit import verify
from sample_files.province import vietnam_today
from tests.web.conftest import login
from web.app import create_app

SAMPLES = Path(__file__).resolve().parents[2] / "sample_files" / "files"
PASSWORD = "Kiemsat@2026!"


def test_a_small_province_loads_completely_and_every_page_has_figures(archive, monkeypatch):
    monkeypatch.setenv("HOSO_DEMO_PASSWORD", PASSWORD)
    today = vietnam_today()
    current = statistical_year(statistical_year_of(today))
    previous = statistical_year(current.year - 1)
    load_demo(archive, SAMPLES)
    load_province(archive, SAMPLES, cases=6, pages=2, today=today)  # about 40 s with Tesseract on two cores
    assert read_progress(archive)["state"] == "done"

    with archive.session() as session:
        kinds = set(session.scalars(select(Case.kind)))
        assert kinds == set(CASE_KINDS)
        years = {statistical_year_of(d) for d in session.scalars(select(Case.registered_on)) if d}
        assert {previous.year, current.year} <= years
        assert session.scalar(select(func.count(Document.id)).where(Document.status.in_(("queued", "processing")))) == 0
        hearings = session.scalars(select(Hearing)).all()
        assert hearings and any(h.digital_evidence for h in hearings)
        assert all(h.held_on <= today for h in hearings)
        target_units = set(session.scalars(select(Unit.code).join(IndicatorTarget, IndicatorTarget.unit_id == Unit.id)))
        assert {"BN", "BN-KV1", "BN-KV2"} <= target_units
        assert {t.year for t in session.scalars(select(IndicatorTarget))} == {previous.year, current.year}
        assert session.scalar(select(func.count(Case.id)).where(Case.digitised_marked_at.is_not(None))) >= 2
        assert session.scalar(select(func.count(CourtFigure.id))) >= 1
        assert session.scalar(select(func.count(Presentation.id))) == 1
        exhibit_set = session.scalars(select(ExhibitSet)).one()
        assert exhibit_set.items
        signoff = session.scalars(select(ReportSignoff)).one()
        assert (signoff.period_from, signoff.period_to) == (previous.start, previous.end)
        actions = set(session.scalars(select(AuditEvent.action)))
        assert {
            "statistics.hearing_recorded",
            "statistics.file_marked_digitised",
            "statistics.target_set",
            "statistics.court_import",
            "exhibit_set.present",
        } <= actions
        assert verify(session).ok

    app = create_app(archive)
    with TestClient(app) as client:
        assert client.get("/api/health").json()["demo"]["state"] == "done"
        assert login(client, "canbo", PASSWORD).status_code == 303
        assert client.get("/api/review").json()["documents"]
        assert len(client.get("/api/documents", params={"mine": "true"}).json()["documents"]) == 6
        assert client.get("/review").status_code == 200
    with TestClient(app) as client:
        assert login(client, "thongke", PASSWORD).status_code == 303
        report = client.get("/api/statistics/report", params={"unit": "BN"}).json()
        assert report["from"] == current.start.isoformat()
        assert any(row["numerator"] > 0 for row in report["indicators"])
        assert report["figures"]["pages_digitised"] > 0
        signed = client.get("/api/statistics/report", params={"unit": "BN", "period": str(previous.year)}).json()
        assert signed["status"] == "signed"
        assert any(row["denominator"] > 0 for row in signed["indicators"])
        for period in (str(current.year), str(previous.year)):
            assert client.get("/api/statistics/consistency", params={"unit": "BN", "period": period}).json()[
                "consistent"
            ]
        page = client.get("/statistics")
        assert page.status_code == 200 and "100,0%" in page.text
