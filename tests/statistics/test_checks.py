"""Consistency (two independent paths, a planted difference), reconciliation with the court, sign-off and
later changes, and the hearings import."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from archive.records.models import AuditEvent, Case, Hearing, ReportSignoff
from archive.statistics import cases as per_case
from archive.statistics import consistency, definitions
from archive.statistics.csvinput import CsvError
from archive.statistics.hearings import RecordError, import_hearings, mark_digitised, record_hearing
from archive.statistics.reconcile import import_court_figures, reconcile
from archive.statistics.report import build_report
from archive.statistics.signoff import SignoffError, digest, sign_off
from tests.statistics import register as hand


def test_consistent_register(registered, year2023):
    result = consistency.check(registered, year2023)
    assert result["consistent"] and result["differences"] == []
    assert result["checked"] == (1 + 7) * 3 * 2  # national + every unit, 3 indicators, numerator and denominator
    assert consistency.check(registered, year2023, "BN")["checked"] == 4 * 3 * 2


def test_planted_difference_is_flagged(registered, year2023, monkeypatch):
    """A per-case rule that drifts from its SQL twin (folios no longer required) must show, with the case."""
    civil = definitions.BY_CODE[hand.CIVIL]
    drifted = dataclasses.replace(civil, in_numerator=lambda c, p: c.marked_at is not None or c.pages_done > 0)
    monkeypatch.setattr(definitions, "INDICATORS", tuple(drifted if i is civil else i for i in definitions.INDICATORS))
    monkeypatch.setattr(consistency, "INDICATORS", definitions.INDICATORS)
    result = consistency.check(registered, year2023, "BN")
    assert not result["consistent"]
    by_unit = {(d["unit"], d["part"]): d for d in result["differences"]}
    assert set(by_unit) == {("BN", "numerator"), ("BN-KV1", "numerator")}
    assert by_unit[("BN", "numerator")] == {
        "unit": "BN",
        "indicator": hand.CIVIL,
        "part": "numerator",
        "aggregate": 3,
        "per_case": 4,
        "only_aggregate": [],
        "only_per_case": ["D2"],
    }


def test_planted_data_difference_in_sql_path(registered, year2023, monkeypatch):
    """The per-case path losing the hearing known only by its presentation (H5) is caught, naming H5."""
    original = per_case.case_facts

    def without_presented(session, period, unit_ids=None):
        return [
            dataclasses.replace(c, digital_hearings=()) if c.code == "H5" else c
            for c in original(session, period, unit_ids)
        ]

    monkeypatch.setattr(per_case, "case_facts", without_presented)
    result = consistency.check(registered, year2023)
    units = {d["unit"] for d in result["differences"]}
    assert units == {None, "TC", "BN", "BN-KV1", "BN-TS"}
    assert all(d["only_aggregate"] == ["H5"] and d["aggregate"] == d["per_case"] + 1 for d in result["differences"])


COURT = """case,tried_on,digital_evidence
H1,2022-12-01,yes
H2,2023-11-29,no
H5,2023-03-10,no
H6,2023-05-20,yes
H9,2023-07-01,yes
C5,2022-12-01,
X99,2023-04-04,yes
H3,2023-01-10,no
"""


def test_reconciliation_lists_disagreements(registered, year2023):
    assert import_court_figures(registered, COURT, year2023)["rows"] == 8
    result = reconcile(registered, year2023, "BN")
    issues = [(row["case"], row["issue"]) for row in result["disagreements"]]
    assert issues == [
        ("H2", "tried_on"),  # court 29/11, we 30/11
        ("H3", "only_court"),  # we had it tried 30/11/2022, before the period
        ("H5", "procuracy_digital_only"),  # an exhibit set was presented; the court says no
        ("H6", "court_digital_only"),  # court yes; we have no hearing recorded
        ("X99", "unknown_case"),
        ("H7", "only_procuracy"),  # the court has no H7
    ]
    h3 = result["disagreements"][1]
    assert h3["court"] == {"tried_on": "2023-01-10", "digital_evidence": False}
    assert h3["procuracy"]["tried_on"] == "2022-11-30" and h3["unit"] == "BN-KV1"
    assert result["procuracy"] == {"tried": 7, "digital_evidence": 3}
    assert result["court"] == {"rows": 8, "tried": 7, "digital_evidence": 3}
    # Importing again for the same period replaces the earlier list.
    assert import_court_figures(registered, "case,tried_on,digital_evidence\nH8,2023-02-01,yes\n", year2023) == {
        "rows": 1,
        "replaced": 8,
        "from": "2022-12-01",
        "to": "2023-11-30",
    }
    hn = reconcile(registered, year2023, "HN")
    assert [(r["case"], r["issue"]) for r in hn["disagreements"]] == [("C6", "only_procuracy")]


def test_court_import_is_all_or_nothing(registered, year2023):
    bad = "case,tried_on,digital_evidence\nH1,2022-12-01,có\n,2023-01-01,no\nH2,2024-01-01,no\nH6,2023-05-20,hmm\n"
    with pytest.raises(CsvError) as info:
        import_court_figures(registered, bad, year2023)
    assert info.value.problems == [
        "dòng 3: thiếu mã vụ án",
        "dòng 4: ngày xét xử 01/01/2024 nằm ngoài kỳ 01/12/2022–30/11/2023",
        "dòng 5: giá trị có/không không hợp lệ 'hmm'",
    ]
    assert reconcile(registered, year2023)["court"]["rows"] == 0


def test_signoff_freezes_and_later_change_shows(registered, year2023):
    with pytest.raises(SignoffError, match="unit_head"):
        sign_off(registered, year2023, "BN", "Cán bộ thống kê", "statistician")
    with pytest.raises(SignoffError, match="không ký duyệt được"):
        sign_off(registered, year2023, "BN", "Lãnh đạo HN", "unit_head", signer_unit="HN")
    signed = sign_off(registered, year2023, "BN", "Hoàng Văn Dũng", "unit_head", signer_unit="BN")
    with registered.session() as session:
        row = session.scalars(select(ReportSignoff)).one()
        assert row.sha256 == signed["sha256"] == digest(row.figures)
        assert row.figures["cases"][hand.CIVIL] == hand.BN_CASES[hand.CIVIL]
        assert session.scalars(select(AuditEvent.action)).all()[-1] == "statistics.signoff"
    report = build_report(registered, year2023, "BN")
    assert report["status"] == "signed"
    assert report["signoff"]["signed_by"] == "Hoàng Văn Dũng"
    assert (report["signoff"]["intact"], report["signoff"]["changed"], report["signoff"]["differences"]) == (
        True,
        False,
        [],
    )
    assert build_report(registered, year2023, "BN-KV1")["status"] == "draft"
    # A record changes afterwards: D2's file is marked complete. The figure moves, and the change is listed.
    mark_digitised(registered, "D2", "Nguyễn Văn An")
    after = build_report(registered, year2023, "BN")
    assert after["status"] == "signed"
    assert [r["numerator"] for r in after["indicators"]] == [3, 4, 2]
    assert after["signoff"]["changed"] is True
    assert after["signoff"]["differences"] == [
        {"indicator": hand.CIVIL, "field": "numerator", "signed": 3, "now": 4},
        {"indicator": hand.CIVIL, "field": "ratio", "signed": 0.6, "now": 0.8},
        {"indicator": hand.CIVIL, "field": "numerator_cases", "added": ["D2"], "removed": []},
    ]
    assert after["signoff"]["figures"][1]["numerator"] == 3
    # Tampering with the frozen figures is detected by the hash.
    with registered.transaction() as session:
        row = session.scalars(select(ReportSignoff)).one()
        row.figures = row.figures | {"indicators": row.figures["indicators"][:2]}
    assert build_report(registered, year2023, "BN")["signoff"]["intact"] is False


HEARINGS_CSV = "case,held_on,digital_evidence\nH6,2023-05-20,yes\nH2,30/11/2023,có\nH4,2023-12-01,no\n"


def test_hearings_import_changes_figures(registered, year2023):
    assert import_hearings(registered, HEARINGS_CSV, "Phạm Thu Hà") == {"rows": 3, "created": 2, "updated": 1}
    assert import_hearings(registered, HEARINGS_CSV, "Phạm Thu Hà") == {"rows": 3, "created": 0, "updated": 0}
    with registered.session() as session:
        h6 = session.scalars(select(Hearing).join(Case).where(Case.code == "H6")).one()
        assert (h6.source, h6.recorded_by, h6.digital_evidence) == ("import", "Phạm Thu Hà", True)
    rows = {r["code"]: r for r in build_report(registered, year2023, "BN")["indicators"]}
    assert (rows[hand.CRIMINAL]["numerator"], rows[hand.CRIMINAL]["denominator"]) == (5, 7)


def test_hearings_import_rejects_whole_file(registered):
    bad = (
        "case,held_on,digital_evidence\nH6,2023-05-20,yes\nZZ,2023-05-20,yes\nH1,32/13/2023,no\n"
        "H1,2023-01-01,\nH6,2023-05-20,no\n"
    )
    with pytest.raises(CsvError) as info:
        import_hearings(registered, bad)
    assert info.value.problems == [
        "dòng 3: không có vụ án 'ZZ'",
        "dòng 4: ngày không hợp lệ '32/13/2023' (dùng YYYY-MM-DD hoặc DD/MM/YYYY)",
        "dòng 5: thiếu giá trị có/không ở cột «Có sử dụng chứng cứ số hóa»",
        "dòng 6: trùng với dòng 2 (cùng vụ án và ngày xét xử)",
    ]
    with registered.session() as session:
        assert session.scalars(select(Hearing).join(Case).where(Case.code == "H6")).all() == []
    with pytest.raises(CsvError, match=r"thiếu cột: Có sử dụng chứng cứ số hóa \(digital_evidence\)"):
        import_hearings(registered, "case,held_on\nH6,2023-05-20\n")
    with pytest.raises(CsvError, match="không có dòng dữ liệu"):
        import_hearings(registered, "case,held_on,digital_evidence\n")


def test_manual_records(registered, year2023):
    record_hearing(registered, "H7", dt.date(2023, 6, 15), True, "Đỗ Minh")
    with pytest.raises(RecordError, match="không có vụ án"):
        record_hearing(registered, "ZZ", dt.date(2023, 6, 15), True, "Đỗ Minh")
    with pytest.raises(RecordError, match="thiếu tên"):
        mark_digitised(registered, "D5", " ")
    mark_digitised(registered, "C3", "Đỗ Minh")
    rows = {r["code"]: r for r in build_report(registered, year2023, "BN")["indicators"]}
    assert rows[hand.CRIMINAL]["numerator"] == 4 and rows[hand.CORRUPTION]["numerator"] == 3
    assert rows[hand.CORRUPTION]["met"] is True
    mark_digitised(registered, "C3", "Đỗ Minh", complete=False)
    rows = {r["code"]: r for r in build_report(registered, year2023, "BN")["indicators"]}
    assert rows[hand.CORRUPTION]["numerator"] == 2
