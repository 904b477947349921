"""Every figure of the hand-computed register: each unit and indicator, the cases behind them, the other
figures, other periods, targets and the met/not-met marks.
"""

from __future__ import annotations

import pytest

from archive.statistics import targets
from archive.statistics.periods import parse_period
from archive.statistics.report import build_report, report_cases
from tests.statistics import register as hand


def figures(report: dict) -> dict:
    return {row["code"]: (row["numerator"], row["denominator"]) for row in report["indicators"]}


@pytest.mark.parametrize("unit", list(hand.EXPECTED))
def test_every_unit_and_indicator(registered, year2023, unit):
    report = build_report(registered, year2023, unit)
    assert report["unit"] == unit
    assert (report["from"], report["to"], report["status"]) == ("2022-12-01", "2023-11-30", "draft")
    assert figures(report) == hand.EXPECTED[unit]
    for sub in report["units"]:
        assert figures(sub) == hand.EXPECTED[sub["code"]], sub["code"]


def test_ratios_targets_and_marks(registered, year2023):
    rows = {r["code"]: r for r in build_report(registered, year2023, "BN")["indicators"]}
    assert rows[hand.CRIMINAL]["ratio"] == 0.4286
    assert (rows[hand.CRIMINAL]["target"], rows[hand.CRIMINAL]["met"]) == (0.30, True)
    assert (rows[hand.CIVIL]["ratio"], rows[hand.CIVIL]["target"], rows[hand.CIVIL]["met"]) == (0.6, 0.2, True)
    assert (rows[hand.CORRUPTION]["ratio"], rows[hand.CORRUPTION]["met"]) == (0.6667, False)
    kv2 = {r["code"]: r for r in build_report(registered, year2023, "BN-KV2")["indicators"]}
    assert (kv2[hand.CORRUPTION]["ratio"], kv2[hand.CORRUPTION]["met"]) == (None, None)
    assert (kv2[hand.CRIMINAL]["ratio"], kv2[hand.CRIMINAL]["met"]) == (0.0, False)


def test_targets_most_specific_wins(registered, year2023):
    targets.set_target(registered, hand.CRIMINAL, "50%", 2023)
    targets.set_target(registered, hand.CIVIL, "0.7", 2023, "BN")
    targets.set_target(registered, hand.CRIMINAL, "0.1", 2024)
    report = build_report(registered, year2023, "BN")
    own = {r["code"]: r for r in report["indicators"]}
    assert (own[hand.CRIMINAL]["target"], own[hand.CRIMINAL]["met"]) == (0.5, False)  # 3/7
    assert (own[hand.CIVIL]["target"], own[hand.CIVIL]["met"]) == (0.7, False)  # 3/5
    kv1 = {r["code"]: r for r in next(u for u in report["units"] if u["code"] == "BN-KV1")["indicators"]}
    assert (kv1[hand.CRIMINAL]["target"], kv1[hand.CRIMINAL]["met"]) == (0.5, True)  # 2/4 exactly on target
    assert kv1[hand.CIVIL]["target"] == 0.2
    listed = targets.list_targets(registered, 2023)
    assert {"indicator": hand.CIVIL, "year": 2023, "unit": "BN", "target": 0.7, "source": "unit"} in listed
    with pytest.raises(targets.TargetError, match="không có chỉ tiêu"):
        targets.set_target(registered, "khong_co", "0.5", 2023)
    with pytest.raises(targets.TargetError, match="0–100%"):
        targets.set_target(registered, hand.CIVIL, "150%", 2023)


def test_drilldown_lists(registered, year2023):
    for code, parts in hand.BN_CASES.items():
        for part, expected in parts.items():
            rows = report_cases(registered, year2023, "BN", code, part)[code]
            assert [r["case"] for r in rows] == expected, (code, part)
        missing = report_cases(registered, year2023, "BN", code, "missing")[code]
        assert [r["case"] for r in missing] == sorted(set(parts["denominator"]) - set(parts["numerator"]))
    rows = {r["case"]: r for r in report_cases(registered, year2023, "BN-KV1", hand.CIVIL)[hand.CIVIL]}
    assert list(rows) == ["D1", "D2", "D4"]
    assert rows["D4"]["unit"] == "BN-TS"
    assert (rows["D4"]["marked_by"], rows["D4"]["pages_done"], rows["D4"]["digitised"]) == ("Nguyễn Văn An", 0, True)
    assert (rows["D2"]["folios"], rows["D2"]["pages_done"], rows["D2"]["in_numerator"]) == (4, 3, False)
    criminal = {r["case"]: r for r in report_cases(registered, year2023, "BN-KV2", hand.CRIMINAL)[hand.CRIMINAL]}
    assert criminal["H7"]["digital_hearings"] == [] and criminal["H6"]["digital_hearings"] == []
    national = report_cases(registered, year2023, None, hand.CRIMINAL, "numerator")[hand.CRIMINAL]
    assert [r["case"] for r in national] == ["H1", "H5", "H8", "H9"]


def test_other_figures(registered, year2023):
    for unit, expected in hand.EXPECTED_FIGURES.items():
        assert build_report(registered, year2023, unit)["figures"] == expected, unit
    kv1 = build_report(registered, year2023, "BN-KV1")["figures"]
    assert (kv1["pages_digitised"], kv1["ocr_backlog"]["queued"], kv1["ocr_failed"]) == (3, 1, 1)


def test_half_year_month_and_range(registered):
    first_half = figures(build_report(registered, parse_period("2023-H1"), "BN"))
    assert first_half == {hand.CRIMINAL: (2, 4), hand.CIVIL: (3, 3), hand.CORRUPTION: (2, 2)}
    december = figures(build_report(registered, parse_period("2022-12"), "BN"))
    assert december == {hand.CRIMINAL: (1, 2), hand.CIVIL: (1, 1), hand.CORRUPTION: (2, 2)}
    one_day = figures(build_report(registered, parse_period(None, "2023-11-30", "2023-11-30"), None))
    assert one_day == {hand.CRIMINAL: (0, 1), hand.CIVIL: (0, 1), hand.CORRUPTION: (1, 2)}  # C1 and C3 open
    next_year = figures(build_report(registered, parse_period("2024"), "BN"))
    assert next_year == {hand.CRIMINAL: (0, 1), hand.CIVIL: (0, 1), hand.CORRUPTION: (1, 3)}


def test_national_report_has_all_units(registered, year2023):
    report = build_report(registered, year2023)
    assert report["unit"] is None and figures(report) == hand.EXPECTED[None]
    assert [u["code"] for u in report["units"]] == ["TC", "BN", "HN", "BN-KV1", "BN-KV2", "HN-KV1", "BN-TS"]


def test_documents_by_type_counts_each_document_inside_an_upload(archive):
    """A whole case file scanned at once counts once per document it holds, each under its own type."""
    import datetime as dt

    from archive.records.models import Document, DocumentPart, Unit
    from archive.statistics.compute import document_counts
    from archive.statistics.periods import parse_period

    with archive.transaction() as session:
        unit = Unit(code="U", name="VKSND thử", level="provincial")
        session.add(unit)
        session.flush()
        upload = Document(
            sha256="f" * 64,
            filename="ho-so.pdf",
            media_type="application/pdf",
            size=1,
            unit_id=unit.id,
            status="done",
            page_count=3,
            pages_done=3,
            doc_type="to_giac",
            processed_at=dt.datetime(2023, 5, 1, 3, tzinfo=dt.UTC),
        )
        upload.parts = [
            DocumentPart(first_page=1, last_page=1, doc_type="to_giac"),
            DocumentPart(first_page=2, last_page=3, doc_type="qd_khoi_to_vu_an"),
        ]
        session.add(upload)
        session.flush()
        unit_id = unit.id
    with archive.session() as session:
        counts = document_counts(session, parse_period("2023"), [unit_id])[unit_id]
    assert counts["type:to_giac"] == 1 and counts["type:qd_khoi_to_vu_an"] == 1
    assert counts["pages"] == 3


def test_national_report_other_figures_match_the_root_unit(registered, year2023):
    """Every document of the register belongs to a unit under TC: the national form shows TC's figures."""
    assert build_report(registered, year2023)["figures"] == hand.EXPECTED_FIGURES["TC"]


def test_documents_count_once_each_for_their_case_unit_on_every_report(archive):
    """An upload counts for its case's unit (else its own), each document inside it once under its own type and
    its pages once — the same on the national report, the province's and the unit's.
    """
    hand.build_uploads(archive)
    hand.check_upload_figures(archive)
