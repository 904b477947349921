"""The province demo set: deterministic, every unit and scan condition, cases across statistical years."""

import csv
import datetime as dt
import hashlib
import json

from archive.records.models import CASE_KINDS
from archive.records.registers import parse_date
from archive.statistics.periods import statistical_year_of
from sample_files import degrade
from sample_files.province import make_province, plan


def test_plan_cycles_every_scan_condition_and_case_kind_over_a_province():
    rows = plan(34, dt.date(2026, 12, 3))
    assert {row.condition for row in rows} == set(degrade.CONDITIONS)
    assert {row.unit for row in rows} == {"BN", "BN-TS", "BN-KV1", "BN-KV2"}
    assert {row.kind for row in plan(6)} == set(CASE_KINDS)


def test_planned_days_follow_today_over_the_current_statistical_year_and_the_one_before():
    today = dt.date(2027, 3, 14)
    rows = [row for row in plan(40, today) if row.anchor]
    assert {statistical_year_of(row.anchor) for row in rows} == {2026, 2027}
    assert all(row.anchor <= today for row in rows if row.kind != "HS")
    assert any(row.anchor > today for row in rows if row.kind == "HS")  # trials scheduled
    assert sum(row.anchor <= today and statistical_year_of(row.anchor) == 2027 for row in rows if row.kind == "HS") >= 3
    assert any(row.corruption for row in rows if statistical_year_of(row.anchor) == 2027)
    assert not any(row.anchor for row in plan(40, today) if row.unit == "BN-TS")  # the old district keeps its past


def test_small_province_is_deterministic_and_spans_two_statistical_years(tmp_path):
    today = dt.date(2026, 12, 3)
    first = make_province(tmp_path / "a", cases=4, pages=2, today=today)
    make_province(tmp_path / "b", cases=4, pages=2, today=today)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (
            hashlib.sha256((tmp_path / "a" / name).read_bytes()).digest()
            == hashlib.sha256((tmp_path / "b" / name).read_bytes()).digest()
        )
    assert json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8")) == first
    with (tmp_path / "a" / "cases.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4
    years = {statistical_year_of(parse_date(r["registered_on"])) for r in rows}
    assert {2026, 2027} <= years
    assert all(d["date"] <= today.isoformat() for entry in first for d in entry["documents"] if d["date"])
