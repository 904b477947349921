"""XLSX and CSV exports of the hand-computed register: sheets, headers, figures and the cases behind them."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from archive.statistics.export import CASE_HEADER, CSV_HEADER, to_csv, to_xlsx
from archive.statistics.report import build_report, report_cases
from tests.statistics import register as hand


def trim(row: tuple) -> tuple:
    """A row without the empty cells openpyxl pads it with."""
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return tuple(row)


def test_xlsx_contents(registered, year2023):
    report = build_report(registered, year2023, "BN")
    book = load_workbook(io.BytesIO(to_xlsx(report, report_cases(registered, year2023, "BN"))))
    assert book.sheetnames == ["Tổng hợp", "Tỉnh", "Khu vực", "Huyện (trước 7-2025)", "Vụ án"]
    summary = [trim(row) for row in book["Tổng hợp"].iter_rows(values_only=True)]
    assert summary[1][1] == "BN — VKSND tỉnh Bắc Ninh"
    assert summary[3][1] == "Bản nháp (chưa ký duyệt)"
    header = summary.index(("Mã chỉ tiêu", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Chỉ tiêu giao", "Đạt"))
    rows = {r[0]: r for r in summary[header + 1:header + 4]}
    assert rows[hand.CRIMINAL][2:] == (3, 7, 0.4286, 0.3, "Đạt")
    assert rows[hand.CIVIL][2:] == (3, 5, 0.6, 0.2, "Đạt")
    assert rows[hand.CORRUPTION][2:] == (2, 3, 0.6667, 1.0, "Không đạt")
    assert ("pages_digitised", "Số trang đã số hóa trong kỳ", 5) in summary

    def level(name):
        sheet = list(book[name].iter_rows(values_only=True))
        return sheet[0], {r[0]: r for r in sheet[1:]}

    head, provinces = level("Tỉnh")
    assert head[:4] == ("Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Đơn vị kế thừa")
    assert list(provinces) == ["BN"] and provinces["BN"][4:8] == (3, 7, 0.4286, "Đạt")
    _, regional = level("Khu vực")
    assert list(regional) == ["BN-KV1", "BN-KV2"]
    assert regional["BN-KV1"][2] == "BN" and regional["BN-KV1"][4:16] == (
        2, 4, 0.5, "Đạt", 2, 3, 0.6667, "Đạt", 2, 2, 1.0, "Đạt")
    assert regional["BN-KV2"][12:16] == (0, 0, None, "—")
    _, districts = level("Huyện (trước 7-2025)")
    assert districts["BN-TS"][3] == "BN-KV1" and districts["BN-TS"][4:6] == (1, 2)
    cases = list(book["Vụ án"].iter_rows(values_only=True))
    assert cases[0] == CASE_HEADER
    listed: dict[str, list] = {}
    for row in cases[1:]:
        listed.setdefault(row[0], []).append(row)
    for code, parts in hand.BN_CASES.items():
        assert [r[2] for r in listed[code]] == parts["denominator"]
        assert [r[2] for r in listed[code] if r[13] == "Có"] == parts["numerator"]
    d4 = next(r for r in listed[hand.CIVIL] if r[2] == "D4")
    assert (d4[3], d4[4], d4[8], d4[9], d4[10], d4[11]) == ("BN-TS", "LĐ", 10, 0, "Có", "Nguyễn Văn An")
    assert d4[5].date().isoformat() == "2023-04-01"
    h9 = next(r for r in listed[hand.CRIMINAL] if r[2] == "H9")
    assert h9[12] == "2023-07-15"


def test_csv_contents(registered, year2023):
    rows = list(csv.reader(io.StringIO(to_csv(build_report(registered, year2023, "BN")))))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 1 + 4 * 3
    by_key = {(r[0], r[5]): r for r in rows[1:]}
    assert by_key[("BN", hand.CRIMINAL)][3:] == ["2022-12-01", "2023-11-30", hand.CRIMINAL,
                                                 by_key[("BN", hand.CRIMINAL)][6], "3", "7", "0.4286", "0.3000", "Đạt"]
    assert by_key[("BN-KV2", hand.CORRUPTION)][7:] == ["0", "0", "", "1.0000", "—"]
    assert by_key[("BN-TS", hand.CIVIL)][7:9] == ["1", "1"]
