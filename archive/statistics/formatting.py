"""Vietnamese forms of numbers, ratios and dates as people read them — `1.234`, `41,6%`, `30/11/2023` — and
the matching spreadsheet number formats. The pages, the CSV export and the XLSX export all format through here;
the JSON API keeps plain numbers and ISO dates.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NONE = "—"

# XLSX cells stay numbers and dates; these formats show them the Vietnamese way. `[$-42A]` marks the format as
# Vietnamese (LCID 0x042A), so spreadsheet programs that honour a format's locale use `.` for thousands and `,`
# for decimals whatever the reader's own settings.
XLSX_INTEGER = "[$-42A]#,##0"
XLSX_PERCENT = "[$-42A]0.0%"
XLSX_DATE = "[$-42A]dd/mm/yyyy"
XLSX_MOMENT = "[$-42A]dd/mm/yyyy hh:mm"


def _grouped(digits: str) -> str:
    head, rest = digits[: len(digits) % 3 or 3], digits[len(digits) % 3 or 3 :]
    return ".".join([head] + [rest[i : i + 3] for i in range(0, len(rest), 3)])


def number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """`1234` → `1.234`, `1234.5` with one decimal → `1.234,5`; None → empty."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    return sign + _grouped(whole) + ("," + fraction if fraction else "")


def percent(ratio: float | None, decimals: int = 1, trim: bool = False) -> str:
    """A ratio as a percentage: `0.4163` → `41,6%`; `trim` drops a zero decimal (`0.3` → `30%`); None → `—`."""
    if ratio is None:
        return NONE
    text = number(Decimal(str(ratio)) * 100, decimals)
    if trim and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_moment(value) -> dt.datetime | None:
    if value is None or value == "":
        return None
    at = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(VIETNAM)


def date(value) -> str:
    """A date (or an ISO date string) as `30/11/2023`; None → empty."""
    day = _as_date(value)
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def dates(values) -> str:
    return ", ".join(date(v) for v in values or ())


def moment(value) -> str:
    """A stored time (UTC, or an ISO string) as people in Vietnam read it: `30/11/2023 14:05`."""
    at = _as_moment(value)
    return "" if at is None else at.strftime("%d/%m/%Y %H:%M")


def xlsx_date(value) -> dt.date | None:
    """A date for an XLSX cell (a real date, shown with XLSX_DATE)."""
    return _as_date(value)


def xlsx_moment(value) -> dt.datetime | None:
    """A time for an XLSX cell: Vietnam's wall-clock time without a zone (spreadsheets keep none)."""
    at = _as_moment(value)
    return None if at is None else at.replace(tzinfo=None)


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


def met(value: bool | None) -> str:
    return NONE if value is None else ("Đạt" if value else "Không đạt")


def fraction(numerator: int, denominator: int) -> str:
    """`291/699` with thousands grouped: `1.234/2.000`."""
    return f"{number(numerator)}/{number(denominator)}"
