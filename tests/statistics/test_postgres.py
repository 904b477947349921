"""The hand-computed register on PostgreSQL: the same figures, cases and consistency as on SQLite.

Uses HOSO_TEST_PG_URL (default: the local server, database `test`) in a schema of its own, dropped afterwards;
skipped with the reason when the server cannot be reached.
"""

from __future__ import annotations

import os
import uuid

import pytest

from archive.core import Archive
from archive.runtime.settings import Settings
from archive.statistics.consistency import check
from archive.statistics.report import build_report, report_cases
from archive.statistics.signoff import sign_off
from tests.statistics import register as hand

PG_URL = os.environ.get("HOSO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_archive(tmp_path):
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'hoso[postgres]')")
    plain = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    schema = f"hoso_stat_test_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(plain, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {plain}: {str(exc).strip().splitlines()[0]}")
    archive = Archive(
        Settings(home=tmp_path / "hoso-pg", workers=1, database_url=f"{PG_URL}?options=-csearch_path%3D{schema}")
    )
    try:
        yield archive
    finally:
        archive.close()
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def test_register_on_postgres(pg_archive, year2023):
    hand.build(pg_archive)
    for unit, expected in hand.EXPECTED.items():
        report = build_report(pg_archive, year2023, unit)
        assert {r["code"]: (r["numerator"], r["denominator"]) for r in report["indicators"]} == expected, unit
        if unit in hand.EXPECTED_FIGURES:
            assert report["figures"] == hand.EXPECTED_FIGURES[unit], unit
    for code, parts in hand.BN_CASES.items():
        for part, expected in parts.items():
            assert [r["case"] for r in report_cases(pg_archive, year2023, "BN", code, part)[code]] == expected
    assert check(pg_archive, year2023)["consistent"] is True
    signed = sign_off(pg_archive, year2023, "BN", "Hoàng Văn Dũng", "unit_head")
    after = build_report(pg_archive, year2023, "BN")
    assert after["status"] == "signed" and after["signoff"]["sha256"] == signed["sha256"]
    assert after["signoff"]["intact"] is True and after["signoff"]["changed"] is False


def test_national_figures_on_postgres(pg_archive, year2023):
    hand.build(pg_archive)
    assert build_report(pg_archive, year2023)["figures"] == hand.EXPECTED_FIGURES["TC"]


def test_uploads_on_postgres(pg_archive):
    hand.build_uploads(pg_archive)
    hand.check_upload_figures(pg_archive)


def test_court_figures_per_unit_and_signoff_anchor_on_postgres(pg_archive, year2023):
    from sqlalchemy import select

    from archive.records.models import Case, CourtFigure, ReportSignoff, Unit, User
    from archive.statistics.reconcile import import_court_figures, reconcile
    from archive.trust.access import visibility
    from archive.trust.audit import verify

    hand.build(pg_archive)
    with pg_archive.transaction() as session:
        units = dict(session.execute(select(Unit.code, Unit.id)).all())
        session.scalar(select(Case).where(Case.code == "H6")).restricted = True
        for name, unit in (("tk_bn", "BN"), ("tk_hn", "HN")):
            session.add(User(username=name, password_hash="!", role="statistician", unit_id=units[unit]))
    with pg_archive.session() as session:
        vis = {u.username: visibility(session, u) for u in session.scalars(select(User))}
    court_bn = "case,tried_on,digital_evidence\nH1,2022-12-01,yes\nH6,2023-05-20,yes\nX77,2023-04-04,no\n"
    assert import_court_figures(pg_archive, court_bn, year2023, vis["tk_bn"], "BN")["rows"] == 3
    hn = import_court_figures(
        pg_archive, "case,tried_on,digital_evidence\nH8,2023-02-01,yes\n", year2023, vis["tk_hn"], "HN"
    )
    assert hn["replaced"] == 0
    with pg_archive.session() as session:
        assert sorted(session.scalars(select(CourtFigure.case_code))) == ["H1", "H6", "H8", "X77"]
    hidden = reconcile(pg_archive, year2023, "BN", vis["tk_bn"])
    assert "H6" not in [r["case"] for r in hidden["disagreements"]]
    assert "H6" in [r["case"] for r in reconcile(pg_archive, year2023, "BN")["disagreements"]]
    signed = sign_off(pg_archive, year2023, "BN", "Hoàng Văn Dũng", "unit_head")
    with pg_archive.session() as session:
        row = session.scalars(select(ReportSignoff)).one()
        assert row.audit_seq == signed["audit_seq"] and row.audit_hash == signed["audit_hash"]
        assert verify(session).ok
