"""Periods (statistical year, half-years, months, ranges) and the unit roll-up with successors."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.statistics import units
from archive.statistics.periods import PeriodError, parse_period, statistical_year_of

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023", D(2022, 12, 1), D(2023, 11, 30)),
        ("2023-H1", D(2022, 12, 1), D(2023, 5, 31)),
        ("2023-h2", D(2023, 6, 1), D(2023, 11, 30)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-12", D(2023, 12, 1), D(2023, 12, 31)),
    ],
)
def test_named_periods(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


def test_ranges_and_years():
    period = parse_period(None, "2023-01-15", "15/02/2023")
    assert (period.start, period.end, period.year) == (D(2023, 1, 15), D(2023, 2, 15), 2023)
    assert parse_period("2023-12").year == 2024
    assert statistical_year_of(D(2023, 11, 30)) == 2023 and statistical_year_of(D(2023, 12, 1)) == 2024
    assert parse_period(today=D(2023, 12, 5)).start == D(2023, 12, 1)
    assert parse_period("2023").start_datetime == dt.datetime(2022, 11, 30, 17, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("20x3", None, None), "kỳ thống kê không hợp lệ"),
        (("2023-13", None, None), "kỳ thống kê không hợp lệ"),
        ((None, "2023-01-01", None), "cần cả --from và --to"),
        (("2023", "2023-01-01", "2023-02-01"), "chỉ dùng một"),
        ((None, "2023-03-01", "2023-02-01"), "trước ngày bắt đầu"),
        ((None, "hôm qua", "2023-02-01"), "ngày không hợp lệ"),
    ],
)
def test_bad_periods(args, reason):
    with pytest.raises(PeriodError, match=reason):
        parse_period(*args)


def test_closure_follows_parents_and_successors(registered):
    with registered.session() as session:
        known = units.load_units(session)
    closure = units.reporting_closure(known)
    code = {u.id: u.code for u in known.values()}
    by = {u.code: u.id for u in known.values()}
    assert {code[u] for u in closure[by["BN-TS"]]} == {"BN-TS", "BN-KV1", "BN", "TC"}
    assert {code[u] for u in closure[by["HN-KV1"]]} == {"HN-KV1", "HN", "TC"}
    assert {code[u] for u in units.members(closure, by["BN-KV1"])} == {"BN-KV1", "BN-TS"}
    assert {code[u] for u in units.members(closure, by["BN"])} == {"BN", "BN-KV1", "BN-KV2", "BN-TS"}
    assert [u.code for u in units.children(known, by["BN"])] == ["BN-KV1", "BN-KV2"]
    with pytest.raises(units.UnitError, match="không có đơn vị 'XX'"):
        units.by_code(known, "XX")
