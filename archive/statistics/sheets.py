"""The first sheet of an uploaded XLSX workbook as CSV text, so hearings and court lists can come from Excel
as well as from CSV: dates as ISO dates, true/false as yes/no, whole numbers without a decimal part.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from archive.statistics.csvinput import CsvError
from archive.statistics.formatting import number as number_text

ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED = 200 * 1024 * 1024  # a list of hearings is far smaller; anything bigger is a zip bomb
MAX_ROWS = 200_000
MAX_COLUMNS = 50
NOT_READABLE = "không đọc được tệp: cần tệp CSV (mã hóa UTF-8) hoặc Excel (.xlsx)"


def is_xlsx(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def xlsx_text(data: bytes) -> str:
    """The first sheet as CSV text; CsvError when the workbook cannot be read."""
    from openpyxl import load_workbook  # 0.45 s to import: only when a workbook is read

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise CsvError(["tệp Excel quá lớn sau khi giải nén"])
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except CsvError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged or foreign file
        raise CsvError([NOT_READABLE]) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise CsvError(["tệp Excel không có trang tính nào"])
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            if number > MAX_ROWS:
                raise CsvError([f"tệp Excel có quá nhiều dòng (tối đa {number_text(MAX_ROWS)} dòng)"])
            writer.writerow([_cell(value) for value in row])
    except CsvError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part
        raise CsvError([NOT_READABLE]) from exc
    finally:
        book.close()
    return buffer.getvalue()


def table_text(data: bytes) -> str:
    """An uploaded list as CSV text: an XLSX workbook's first sheet, or the file itself as UTF-8 CSV."""
    if is_xlsx(data):
        return xlsx_text(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError([NOT_READABLE]) from None
