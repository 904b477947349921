"""The Vietnamese forms of numbers, ratios and dates the pages and exports share."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.statistics import formatting as fmt


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0, 0, "0"),
        (12, 0, "12"),
        (999, 0, "999"),
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (-1234, 0, "-1.234"),
        (1234.56, 1, "1.234,6"),
        (None, 0, ""),
    ],
)
def test_numbers(value, decimals, text):
    assert fmt.number(value, decimals) == text


@pytest.mark.parametrize(
    ("ratio", "trim", "text"),
    [
        (291 / 699, False, "41,6%"),
        (0.368, False, "36,8%"),
        (1.0, False, "100,0%"),
        (0.3, True, "30%"),
        (0.225, True, "22,5%"),
        (0.00049, False, "0,0%"),
        (None, False, "—"),
        (0.4285, False, "42,9%"),
    ],
)
def test_percentages(ratio, trim, text):
    assert fmt.percent(ratio, trim=trim) == text


def test_dates_and_times_in_vietnam():
    assert fmt.date(dt.date(2023, 11, 30)) == fmt.date("2023-11-30") == "30/11/2023"
    assert fmt.date(None) == "" and fmt.dates(["2023-07-01", "2023-07-15"]) == "01/07/2023, 15/07/2023"
    # 17:30 UTC on 30 November is half past midnight on 1 December in Hà Nội.
    assert fmt.moment("2023-11-30T17:30:00+00:00") == "01/12/2023 00:30"
    assert fmt.moment(dt.datetime(2023, 11, 30, 17, 30)) == "01/12/2023 00:30"  # stored naive means UTC
    assert fmt.xlsx_moment("2023-11-30T17:30:00+00:00") == dt.datetime(2023, 12, 1, 0, 30)
    assert fmt.xlsx_date("2023-11-30") == dt.date(2023, 11, 30)
