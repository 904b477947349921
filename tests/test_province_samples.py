"""The province demo set: deterministic, every unit and scan condition, cases across statistical years."""

import csv
import hashlib
import json

from archive.registers import parse_date
from archive.statistics.periods import statistical_year_of
from sample_files import degrade
from sample_files.province import make_province, plan


def test_plan_cycles_every_scan_condition_over_a_province():
    conditions = {condition for _, _, _, condition, _ in plan(34)}
    assert conditions == set(degrade.CONDITIONS)
    assert {unit for _, unit, _, _, _ in plan(34)} == {"BN", "BN-TS", "BN-KV1", "BN-KV2"}


def test_small_province_is_deterministic_and_spans_two_statistical_years(tmp_path):
    first = make_province(tmp_path / "a", cases=4, pages=2)
    make_province(tmp_path / "b", cases=4, pages=2)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert hashlib.sha256((tmp_path / "a" / name).read_bytes()).digest() == \
            hashlib.sha256((tmp_path / "b" / name).read_bytes()).digest()
    assert json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8")) == first
    with (tmp_path / "a" / "cases.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4
    years = {statistical_year_of(parse_date(r["registered_on"])) for r in rows}
    assert len(years) >= 2
