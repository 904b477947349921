"""Writing a report out: JSON, CSV (one row per unit and indicator) and XLSX (a summary sheet, one sheet per
unit level, and a sheet of the cases behind each figure), with Vietnamese headers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from archive.statistics.definitions import BY_CODE, INDICATORS
from archive.statistics.units import LEVEL_ORDER

LEVEL_SHEETS = {"supreme": "Tối cao", "high": "Cấp cao", "provincial": "Tỉnh", "regional": "Khu vực",
                "district": "Huyện (trước 7-2025)"}
STATUS_LABELS = {"draft": "Bản nháp (chưa ký duyệt)", "signed": "Đã ký duyệt"}
CSV_HEADER = ("Mã đơn vị", "Tên đơn vị", "Cấp", "Từ ngày", "Đến ngày", "Mã chỉ tiêu", "Chỉ tiêu", "Tử số",
              "Mẫu số", "Tỷ lệ", "Chỉ tiêu giao", "Đạt")
CASE_HEADER = ("Mã chỉ tiêu", "Chỉ tiêu", "Mã vụ án", "Đơn vị", "Loại vụ án", "Ngày thụ lý", "Ngày đưa ra xét xử",
               "Tham nhũng, chức vụ", "Số bút lục", "Số trang đã số hóa", "Hồ sơ đã số hóa", "Người xác nhận số hóa",
               "Phiên tòa có chứng cứ số hóa trong kỳ", "Tính vào tử số")
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")


def met_label(value: bool | None) -> str:
    return "—" if value is None else ("Đạt" if value else "Không đạt")


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _unit_rows(report: dict) -> list[dict]:
    own = {"code": report["unit"], "name": report["unit_name"], "level": report.get("unit_level"),
           "indicators": report["indicators"]}
    return [own] + list(report.get("units", []))


def to_csv(report: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for unit in _unit_rows(report):
        for row in unit["indicators"]:
            writer.writerow([unit["code"] or "", unit["name"], unit.get("level") or "", report["from"], report["to"],
                             row["code"], row["label"], row["numerator"], row["denominator"],
                             "" if row["ratio"] is None else f"{row['ratio']:.4f}", f"{row['target']:.4f}",
                             met_label(row["met"])])
    return buffer.getvalue()


def _header(sheet, values) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet, first: int = 14, rest: int = 14) -> None:
    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = first if index == 1 else rest


def _percent(cell) -> None:
    cell.number_format = "0.0%"


def _date(value: str | None):
    return dt.date.fromisoformat(value) if value else None


def _summary(sheet, report: dict) -> None:
    sheet.append(["BÁO CÁO SỐ HÓA HỒ SƠ VỤ ÁN"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Đơn vị", f"{report['unit'] or ''} — {report['unit_name']}"])
    sheet.append(["Kỳ thống kê", report.get("period", ""), _date(report["from"]), _date(report["to"])])
    for cell in (sheet.cell(3, 3), sheet.cell(3, 4)):
        cell.number_format = "DD/MM/YYYY"
    sheet.append(["Trạng thái", STATUS_LABELS.get(report.get("status"), report.get("status") or "")])
    signoff = report.get("signoff")
    if signoff:
        sheet.append(["Người ký duyệt", signoff["signed_by"], signoff["signed_at"], signoff["sha256"]])
        if signoff.get("changed"):
            sheet.append(["Lưu ý", "Số liệu đã thay đổi so với bản đã ký duyệt"])
    sheet.append([])
    _header(sheet, ("Mã chỉ tiêu", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Chỉ tiêu giao", "Đạt"))
    for row in report["indicators"]:
        sheet.append([row["code"], row["label"], row["numerator"], row["denominator"], row["ratio"], row["target"],
                      met_label(row["met"])])
        _percent(sheet.cell(sheet.max_row, 5))
        _percent(sheet.cell(sheet.max_row, 6))
    figures = report.get("figures") or {}
    sheet.append([])
    _header(sheet, ("Số liệu khác", "", "Số lượng"))
    sheet.append(["pages_digitised", "Số trang đã số hóa trong kỳ", figures.get("pages_digitised", 0)])
    backlog = figures.get("ocr_backlog", {})
    sheet.append(["ocr_queued", "Tài liệu đang chờ nhận dạng", backlog.get("queued", 0)])
    sheet.append(["ocr_processing", "Tài liệu đang nhận dạng", backlog.get("processing", 0)])
    sheet.append(["ocr_failed", "Tài liệu nhận dạng thất bại", figures.get("ocr_failed", 0)])
    for code, count in (figures.get("documents_by_type") or {}).items():
        sheet.append([f"type:{code}", f"Tài liệu đã xử lý trong kỳ — loại {code}", count])
    _widths(sheet, 26, 18)
    sheet.column_dimensions["B"].width = 70


def _level_sheet(sheet, units: list[dict]) -> None:
    header = ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Đơn vị kế thừa"]
    for indicator in INDICATORS:
        short = indicator.code
        header += [f"{short} — tử số", f"{short} — mẫu số", f"{short} — tỷ lệ", f"{short} — đạt"]
    header.append("Số trang đã số hóa")
    _header(sheet, header)
    for unit in units:
        values = [unit["code"], unit["name"], unit.get("parent") or "", unit.get("successor") or ""]
        for row in unit["indicators"]:
            values += [row["numerator"], row["denominator"], row["ratio"], met_label(row["met"])]
        values.append((unit.get("figures") or {}).get("pages_digitised", 0))
        sheet.append(values)
        for offset in range(len(INDICATORS)):
            _percent(sheet.cell(sheet.max_row, 5 + offset * 4 + 2))
    _widths(sheet, 14, 16)
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "C2"


def _cases_sheet(sheet, cases: dict[str, list[dict]]) -> None:
    _header(sheet, CASE_HEADER)
    for code, rows in cases.items():
        for row in rows:
            sheet.append([code, BY_CODE[code].label, row["case"], row["unit"] or "", row["kind"],
                          _date(row["registered_on"]), _date(row["trial_on"]), yes_no(row["corruption"]),
                          row["folios"], row["pages_done"], yes_no(row["digitised"]), row["marked_by"] or "",
                          ", ".join(row["digital_hearings"]), yes_no(row["in_numerator"])])
            for column in (6, 7):
                sheet.cell(sheet.max_row, column).number_format = "DD/MM/YYYY"
    _widths(sheet, 30, 16)
    sheet.freeze_panes = "D2"


def to_xlsx(report: dict, cases: dict[str, list[dict]]) -> bytes:
    """The workbook: "Tổng hợp", one sheet per unit level present, and "Vụ án" (every figure's cases)."""
    book = Workbook()
    _summary(book.active, report)
    book.active.title = "Tổng hợp"
    by_level: dict[str, list[dict]] = {}
    own = {"code": report["unit"], "name": report["unit_name"], "parent": None, "successor": None,
           "indicators": report["indicators"], "figures": report.get("figures")}
    if report.get("unit_level"):
        by_level.setdefault(report["unit_level"], []).append(own)
    for unit in report.get("units", []):
        by_level.setdefault(unit["level"], []).append(unit)
    for level in sorted(by_level, key=lambda lv: LEVEL_ORDER.index(lv) if lv in LEVEL_ORDER else 99):
        _level_sheet(book.create_sheet(LEVEL_SHEETS.get(level, level)[:31]), by_level[level])
    _cases_sheet(book.create_sheet("Vụ án"), cases)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
