"""XLSX and CSV exports of the hand-computed register: sheets, Vietnamese headers and words, figures and the cases
behind them; XLSX cells are numbers and dates in Vietnamese formats, CSV cells the Vietnamese text forms."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from openpyxl import load_workbook

from archive.statistics import formatting as fmt
from archive.statistics.definitions import BY_CODE
from archive.statistics.export import CASE_HEADER, CSV_HEADER, SUMMARY_HEADER, to_csv, to_xlsx
from archive.statistics.hearings import mark_digitised
from archive.statistics.report import build_report, report_cases
from archive.statistics.signoff import sign_off
from tests.statistics import register as hand

# What must never reach a person reading an export: indicator, level and figure codes, ISO dates.
CODES = re.compile(
    r"criminal_|civil_admin|corruption_files|provincial|regional|district|pages_digitised|type:|"
    r"_cases|\bTrue\b|\bFalse\b|\d{4}-\d{2}-\d{2}"
)


def trim(row: tuple) -> tuple:
    """A row without the empty cells openpyxl pads it with."""
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return tuple(row)


def texts(sheets) -> list[str]:
    return [cell.value for sheet in sheets for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def test_xlsx_contents(registered, year2023):
    report = build_report(registered, year2023, "BN")
    book = load_workbook(io.BytesIO(to_xlsx(report, report_cases(registered, year2023, "BN"))))
    assert book.sheetnames == ["Tổng hợp", "Tỉnh", "Khu vực", "Huyện (trước 7-2025)", "Vụ án"]
    assert [text for text in texts(book) if CODES.search(text)] == []
    sheet = book["Tổng hợp"]
    summary = [trim(row) for row in sheet.iter_rows(values_only=True)]
    assert summary[1][1] == "BN — VKSND tỉnh Bắc Ninh"
    assert summary[2][2:] == (dt.datetime(2022, 12, 1), dt.datetime(2023, 11, 30))
    assert sheet.cell(3, 3).number_format == fmt.XLSX_DATE
    assert summary[3][1] == "Bản nháp (chưa ký duyệt)"
    header = summary.index(SUMMARY_HEADER)
    rows = {r[0]: r for r in summary[header + 1 : header + 4]}
    criminal, civil, corruption = (BY_CODE[code].label for code in (hand.CRIMINAL, hand.CIVIL, hand.CORRUPTION))
    assert rows[criminal][1:] == (3, 7, 0.4286, 0.3, "Đạt")
    assert rows[civil][1:] == (3, 5, 0.6, 0.2, "Đạt")
    assert rows[corruption][1:] == (2, 3, 0.6667, 1.0, "Không đạt")
    first = header + 2  # 1-based row of the first indicator
    assert [sheet.cell(first, column).number_format for column in range(2, 6)] == [
        fmt.XLSX_INTEGER,
        fmt.XLSX_INTEGER,
        fmt.XLSX_PERCENT,
        fmt.XLSX_PERCENT,
    ]
    assert ("Số trang đã số hóa trong kỳ", 5) in summary
    assert ("Tài liệu đã xử lý trong kỳ — Đơn khởi kiện", 1) in summary
    assert ("Tài liệu đã xử lý trong kỳ — Chưa phân loại", 1) in summary

    def level(name):
        rows = list(book[name].iter_rows(values_only=True))
        return rows[0], {r[0]: r for r in rows[1:]}

    head, provinces = level("Tỉnh")
    assert head[:5] == (
        "Mã đơn vị",
        "Tên đơn vị",
        "Đơn vị cấp trên",
        "Đơn vị kế thừa",
        "Phiên tòa hình sự có chứng cứ số hóa — tử số",
    )
    assert list(provinces) == ["BN"] and provinces["BN"][4:8] == (3, 7, 0.4286, "Đạt")
    assert book["Tỉnh"].cell(2, 7).number_format == fmt.XLSX_PERCENT
    _, regional = level("Khu vực")
    assert list(regional) == ["BN-KV1", "BN-KV2"]
    assert regional["BN-KV1"][2] == "BN" and regional["BN-KV1"][4:16] == (
        2,
        4,
        0.5,
        "Đạt",
        2,
        3,
        0.6667,
        "Đạt",
        2,
        2,
        1.0,
        "Đạt",
    )
    assert regional["BN-KV2"][12:16] == (0, 0, None, "—")
    _, districts = level("Huyện (trước 7-2025)")
    assert districts["BN-TS"][3] == "BN-KV1" and districts["BN-TS"][4:6] == (1, 2)
    cases = list(book["Vụ án"].iter_rows(values_only=True))
    assert cases[0] == CASE_HEADER
    listed: dict[str, list] = {}
    for row in cases[1:]:
        listed.setdefault(row[0], []).append(row)
    for code, parts in hand.BN_CASES.items():
        rows = listed[BY_CODE[code].short_label]
        assert [r[1] for r in rows] == parts["denominator"]
        assert [r[1] for r in rows if r[13] == "Có"] == parts["numerator"]
    d4 = next(r for r in listed[BY_CODE[hand.CIVIL].short_label] if r[1] == "D4")
    assert (d4[2], d4[3], d4[7], d4[8], d4[9], d4[10]) == ("BN-TS", "Lao động", 10, 0, "Có", "Nguyễn Văn An")
    assert d4[4] == dt.datetime(2023, 4, 1) and d4[11] == dt.datetime(2023, 5, 1, 16, 0)  # 09:00 UTC in Hà Nội
    h9 = next(r for r in listed[BY_CODE[hand.CRIMINAL].short_label] if r[1] == "H9")
    assert h9[3] == "Hình sự" and h9[12] == "15/07/2023"
    row = next(i for i, r in enumerate(cases, start=1) if r[1] == "D4")
    assert book["Vụ án"].cell(row, 5).number_format == fmt.XLSX_DATE
    assert book["Vụ án"].cell(row, 12).number_format == fmt.XLSX_MOMENT


def test_signed_xlsx_says_who_signed_and_what_changed_in_words(registered, year2023):
    sign_off(registered, year2023, "BN", "Hoàng Văn Dũng", "unit_head")
    mark_digitised(registered, "D2", "Nguyễn Văn An")
    report = build_report(registered, year2023, "BN")
    book = load_workbook(io.BytesIO(to_xlsx(report, report_cases(registered, year2023, "BN"))))
    summary = {row[0]: trim(row) for row in book["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert summary["Trạng thái"][1] == "Đã ký duyệt"
    assert summary["Người ký duyệt"][1] == "Hoàng Văn Dũng"
    assert isinstance(summary["Thời điểm ký"][1], dt.datetime)
    assert summary["Mốc chuỗi nhật ký (số thứ tự)"][1] == report["signoff"]["audit_seq"]
    changes = [cell for cell in texts([book["Tổng hợp"]]) if cell.startswith(BY_CODE[hand.CIVIL].short_label)]
    assert changes == [
        "Hồ sơ dân sự, hành chính… đã số hóa — Tử số: khi ký 3, nay 4",
        "Hồ sơ dân sự, hành chính… đã số hóa — Tỷ lệ: khi ký 60,0%, nay 80,0%",
        "Hồ sơ dân sự, hành chính… đã số hóa — Vụ án tính vào tử số: thêm D2; bớt —",
    ]
    assert [text for text in texts(book) if CODES.search(text)] == []


def test_csv_contents(registered, year2023):
    rows = list(csv.reader(io.StringIO(to_csv(build_report(registered, year2023, "BN")))))
    assert (
        tuple(rows[0])
        == CSV_HEADER
        == (
            "Mã đơn vị",
            "Tên đơn vị",
            "Cấp",
            "Từ ngày",
            "Đến ngày",
            "Chỉ tiêu",
            "Tử số",
            "Mẫu số",
            "Tỷ lệ",
            "Chỉ tiêu giao",
            "Kết quả",
        )
    )
    assert len(rows) == 1 + 4 * 3
    assert not [cell for row in rows for cell in row if CODES.search(cell)]
    by_key = {(r[0], r[5]): r for r in rows[1:]}
    criminal, civil, corruption = (BY_CODE[code].label for code in (hand.CRIMINAL, hand.CIVIL, hand.CORRUPTION))
    assert by_key[("BN", criminal)][1:] == [
        "VKSND tỉnh Bắc Ninh",
        "VKSND tỉnh",
        "01/12/2022",
        "30/11/2023",
        criminal,
        "3",
        "7",
        "42,9%",
        "30%",
        "Đạt",
    ]
    assert by_key[("BN-KV2", corruption)][6:] == ["0", "0", "—", "100%", "—"]
    assert by_key[("BN-TS", civil)][2] == "VKSND huyện (trước 7/2025)"
    assert by_key[("BN-TS", civil)][6:9] == ["1", "1", "100,0%"]


def test_csv_groups_thousands_with_dots(registered, year2023):
    """The province of DOMAIN.md: 291 of 699 criminal cases (41,6%), and a large civil count."""
    report = build_report(registered, year2023, "BN")
    report["units"] = []
    report["indicators"][0] |= {"numerator": 291, "denominator": 699, "ratio": round(291 / 699, 4)}
    report["indicators"][1] |= {
        "numerator": 1234,
        "denominator": 12345,
        "ratio": round(1234 / 12345, 4),
        "target": 0.225,
    }
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert rows[1][6:9] == ["291", "699", "41,6%"]
    assert rows[2][6:10] == ["1.234", "12.345", "10,0%", "22,5%"]
