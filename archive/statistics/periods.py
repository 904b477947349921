"""Reporting periods: statistical years (1 Dec–30 Nov), half-years, months and free date ranges."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from archive import errors

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


class PeriodError(errors.Invalid):
    """A period that cannot be understood; the message is the Vietnamese reason."""

    code = "invalid_period"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str

    @property
    def year(self) -> int:
        """The statistical year the period ends in (it picks the targets)."""
        return statistical_year_of(self.end)

    @property
    def start_datetime(self) -> dt.datetime:
        """Midnight Vietnam time (UTC+7) on the first day, in UTC as timestamps are stored."""
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=VIETNAM).astimezone(dt.UTC)

    @property
    def after_datetime(self) -> dt.datetime:
        """The first instant after the period (for timestamps; dates use `end` inclusively)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM).astimezone(dt.UTC)

    def to_json(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "label": self.label}


def statistical_year_of(day: dt.date) -> int:
    return day.year + 1 if day.month == 12 else day.year


def statistical_year(year: int) -> Period:
    return Period(dt.date(year - 1, 12, 1), dt.date(year, 11, 30), f"Năm thống kê {year}")


def half_year(year: int, half: int) -> Period:
    if half == 1:
        return Period(dt.date(year - 1, 12, 1), dt.date(year, 5, 31), f"6 tháng đầu năm thống kê {year}")
    return Period(dt.date(year, 6, 1), dt.date(year, 11, 30), f"6 tháng cuối năm thống kê {year}")


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(dt.date(year, number, 1), dt.date(year, number, last), f"Tháng {number}/{year}")


def parse_date(value: str) -> dt.date:
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise PeriodError(f"ngày không hợp lệ '{value}' (dùng YYYY-MM-DD hoặc DD/MM/YYYY)")


def parse_period(
    period: str | None = None, start: str | None = None, end: str | None = None, today: dt.date | None = None
) -> Period:
    """`2023` (statistical year), `2023-H1`/`2023-H2`, `2023-06` (month), or `start`..`end`; default this year."""
    if period and (start or end):
        raise PeriodError("chỉ dùng một trong hai: --period hoặc --from/--to")
    if start or end:
        if not (start and end):
            raise PeriodError("cần cả --from và --to")
        first, last = parse_date(start), parse_date(end)
        if last < first:
            raise PeriodError(f"ngày kết thúc {last:%d/%m/%Y} trước ngày bắt đầu {first:%d/%m/%Y}")
        return Period(first, last, f"Từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}")
    if not period:
        return statistical_year(statistical_year_of(today or dt.date.today()))
    text = period.strip().upper()
    if match := re.fullmatch(r"(\d{4})", text):
        return statistical_year(int(match[1]))
    if match := re.fullmatch(r"(\d{4})-H([12])", text):
        return half_year(int(match[1]), int(match[2]))
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        number = int(match[2])
        if 1 <= number <= 12:
            return month(int(match[1]), number)
    raise PeriodError(f"kỳ thống kê không hợp lệ '{period}' (dùng 2023, 2023-H1, 2023-H2 hoặc 2023-06)")
