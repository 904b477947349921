"""Writing a report out: JSON, CSV (one row per unit and indicator) and XLSX (a summary sheet, one sheet per
unit level, and a sheet of the cases behind each figure), with Vietnamese headers and words. CSV cells carry the
Vietnamese text forms of numbers and dates; XLSX cells stay numbers and dates shown in Vietnamese formats
(`formatting.py`).
"""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from archive.statistics import formatting as fmt
from archive.statistics import wording
from archive.statistics.definitions import BY_CODE, INDICATORS
from archive.statistics.units import LEVEL_ORDER

LEVEL_SHEETS = {
    "supreme": "Tối cao",
    "high": "Cấp cao",
    "provincial": "Tỉnh",
    "regional": "Khu vực",
    "district": "Huyện (trước 7-2025)",
}
CSV_HEADER = (
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
SUMMARY_HEADER = ("Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Chỉ tiêu giao", "Kết quả")
CASE_HEADER = (
    "Chỉ tiêu",
    "Mã vụ án",
    "Đơn vị",
    "Loại vụ án",
    "Ngày thụ lý",
    "Ngày đưa ra xét xử",
    "Tham nhũng, chức vụ",
    "Số bút lục",
    "Số trang đã số hóa",
    "Hồ sơ đã số hóa",
    "Người xác nhận số hóa",
    "Thời điểm xác nhận",
    "Phiên tòa có chứng cứ số hóa trong kỳ",
    "Tính vào tử số",
)
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _unit_rows(report: dict) -> list[dict]:
    own = {
        "code": report["unit"],
        "name": report["unit_name"],
        "level": report.get("unit_level"),
        "indicators": report["indicators"],
    }
    return [own] + list(report.get("units", []))


def to_csv(report: dict) -> str:
    """One row per unit and indicator, every value in its Vietnamese text form (`1.234`, `42,9%`, `30/11/2023`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for unit in _unit_rows(report):
        for row in unit["indicators"]:
            writer.writerow(
                [
                    unit["code"] or "",
                    unit["name"],
                    wording.level(unit.get("level")),
                    fmt.date(report["from"]),
                    fmt.date(report["to"]),
                    row["label"],
                    fmt.number(row["numerator"]),
                    fmt.number(row["denominator"]),
                    fmt.percent(row["ratio"]),
                    fmt.percent(row["target"], trim=True),
                    fmt.met(row["met"]),
                ]
            )
    return buffer.getvalue()


def _header(sheet, values) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet, first: int = 14, rest: int = 14) -> None:
    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = first if index == 1 else rest


def _formats(sheet, formats: dict[int, str]) -> None:
    """Number formats for columns (1-based) of the last row written."""
    for column, number_format in formats.items():
        sheet.cell(sheet.max_row, column).number_format = number_format


def _signoff_rows(sheet, signoff: dict) -> None:
    sheet.append(["Người ký duyệt", signoff["signed_by"]])
    sheet.append(["Thời điểm ký", fmt.xlsx_moment(signoff["signed_at"])])
    _formats(sheet, {2: fmt.XLSX_MOMENT})
    sheet.append(["Mã băm SHA-256", signoff["sha256"]])
    if signoff.get("audit_seq") is not None:
        sheet.append(["Mốc chuỗi nhật ký (số thứ tự)", signoff["audit_seq"]])
    if signoff.get("reason"):
        sheet.append(["Lý do ký lại", signoff["reason"]])
    if not signoff.get("intact", True):
        sheet.append(["Cảnh báo", "Số liệu đã ký không còn khớp mã băm (bản ký bị sửa)"])
    if signoff.get("changed"):
        sheet.append(["Lưu ý", "Số liệu đã thay đổi so với bản đã ký duyệt:"])
        for item in signoff.get("differences", []):
            sheet.append(["", wording.change_sentence(item)])


def _summary(sheet, report: dict) -> None:
    sheet.append(["BÁO CÁO SỐ HÓA HỒ SƠ VỤ ÁN"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Đơn vị", wording.unit_name(report["unit"], report["unit_name"])])
    sheet.append(["Kỳ thống kê", report.get("period", ""), fmt.xlsx_date(report["from"]), fmt.xlsx_date(report["to"])])
    _formats(sheet, {3: fmt.XLSX_DATE, 4: fmt.XLSX_DATE})
    sheet.append(["Trạng thái", wording.STATUS_LABELS.get(report.get("status"), "")])
    if report.get("signoff"):
        _signoff_rows(sheet, report["signoff"])
    sheet.append([])
    _header(sheet, SUMMARY_HEADER)
    for row in report["indicators"]:
        sheet.append(
            [row["label"], row["numerator"], row["denominator"], row["ratio"], row["target"], fmt.met(row["met"])]
        )
        _formats(sheet, {2: fmt.XLSX_INTEGER, 3: fmt.XLSX_INTEGER, 4: fmt.XLSX_PERCENT, 5: fmt.XLSX_PERCENT})
    figures = report.get("figures") or {}
    backlog = figures.get("ocr_backlog", {})
    sheet.append([])
    _header(sheet, ("Số liệu khác", "Số lượng"))
    others = [
        ("Số trang đã số hóa trong kỳ", figures.get("pages_digitised", 0)),
        ("Tài liệu đang chờ nhận dạng", backlog.get("queued", 0)),
        ("Tài liệu đang nhận dạng", backlog.get("processing", 0)),
        ("Tài liệu nhận dạng thất bại", figures.get("ocr_failed", 0)),
    ]
    others += [
        (f"Tài liệu đã xử lý trong kỳ — {wording.document_type(code)}", count)
        for code, count in (figures.get("documents_by_type") or {}).items()
    ]
    for label, count in others:
        sheet.append([label, count])
        _formats(sheet, {2: fmt.XLSX_INTEGER})
    _widths(sheet, 70, 18)


def _level_sheet(sheet, units: list[dict]) -> None:
    header = ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Đơn vị kế thừa"]
    for indicator in INDICATORS:
        short = indicator.short_label
        header += [f"{short} — tử số", f"{short} — mẫu số", f"{short} — tỷ lệ", f"{short} — kết quả"]
    header.append("Số trang đã số hóa")
    _header(sheet, header)
    for unit in units:
        values = [unit["code"], unit["name"], unit.get("parent") or "", unit.get("successor") or ""]
        for row in unit["indicators"]:
            values += [row["numerator"], row["denominator"], row["ratio"], fmt.met(row["met"])]
        values.append((unit.get("figures") or {}).get("pages_digitised", 0))
        sheet.append(values)
        formats = {len(values): fmt.XLSX_INTEGER}
        for offset in range(len(INDICATORS)):
            first = 5 + offset * 4
            formats |= {first: fmt.XLSX_INTEGER, first + 1: fmt.XLSX_INTEGER, first + 2: fmt.XLSX_PERCENT}
        _formats(sheet, formats)
    _widths(sheet, 14, 16)
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "C2"


def _cases_sheet(sheet, cases: dict[str, list[dict]]) -> None:
    _header(sheet, CASE_HEADER)
    for code, rows in cases.items():
        for row in rows:
            sheet.append(
                [
                    BY_CODE[code].short_label,
                    row["case"],
                    row["unit"] or "",
                    wording.kind(row["kind"]),
                    fmt.xlsx_date(row["registered_on"]),
                    fmt.xlsx_date(row["trial_on"]),
                    fmt.yes_no(row["corruption"]),
                    row["folios"],
                    row["pages_done"],
                    fmt.yes_no(row["digitised"]),
                    row["marked_by"] or "",
                    fmt.xlsx_moment(row["marked_at"]),
                    fmt.dates(row["digital_hearings"]),
                    fmt.yes_no(row["in_numerator"]),
                ]
            )
            _formats(
                sheet,
                {5: fmt.XLSX_DATE, 6: fmt.XLSX_DATE, 8: fmt.XLSX_INTEGER, 9: fmt.XLSX_INTEGER, 12: fmt.XLSX_MOMENT},
            )
    _widths(sheet, 34, 16)
    sheet.freeze_panes = "C2"


def to_xlsx(report: dict, cases: dict[str, list[dict]]) -> bytes:
    """The workbook: "Tổng hợp", one sheet per unit level present, and "Vụ án" (every figure's cases)."""
    book = Workbook()
    _summary(book.active, report)
    book.active.title = "Tổng hợp"
    by_level: dict[str, list[dict]] = {}
    own = {
        "code": report["unit"],
        "name": report["unit_name"],
        "parent": None,
        "successor": None,
        "indicators": report["indicators"],
        "figures": report.get("figures"),
    }
    if report.get("unit_level"):
        by_level.setdefault(report["unit_level"], []).append(own)
    for unit in report.get("units", []):
        by_level.setdefault(unit["level"], []).append(unit)
    for level in sorted(by_level, key=lambda lv: LEVEL_ORDER.index(lv) if lv in LEVEL_ORDER else 99):
        _level_sheet(book.create_sheet(LEVEL_SHEETS.get(level, "Cấp khác")[:31]), by_level[level])
    _cases_sheet(book.create_sheet("Vụ án"), cases)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
