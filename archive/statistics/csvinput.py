"""Reading the small CSV files statistics import (hearings, court figures): NFC, required columns, line numbers.

Columns are named by their code (`case,held_on,digital_evidence`, as the command line documents) or by their
Vietnamese heading (`Mã vụ án`, `Ngày xét xử`, …), with or without accents, in any case.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping

from archive import errors


class CsvError(errors.Problems):
    """A file that cannot be imported; `problems` lists each bad line in Vietnamese. Nothing was written."""

    code = "import_refused"


def nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", (value or "").strip())


def folded(value: str) -> str:
    """A heading compared without accents, case or extra spaces: `Mã vụ án` → `ma vu an`."""
    text = unicodedata.normalize("NFD", nfc(value).lower()).replace("đ", "d")
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def read_rows(
    text: str, columns: tuple[str, ...], headings: Mapping[str, str] | None = None
) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs; raises CsvError when a required column is missing or the file is empty.

    `headings` gives each column's Vietnamese heading, accepted in its place.
    """
    headings = headings or {}
    reader = csv.DictReader(io.StringIO(nfc(text.lstrip("\ufeff"))))
    by_heading = {folded(label): code for code, label in headings.items()}
    try:
        header = [by_heading.get(folded(h), nfc(h).lower()) for h in (reader.fieldnames or [])]
        missing = [c for c in columns if c not in header]
        if missing:

            def named(codes):
                return ", ".join(f"{headings[c]} ({c})" if c in headings else c for c in codes)

            raise CsvError([f"thiếu cột: {named(missing)} (cần đủ các cột: {named(columns)})"])
        reader.fieldnames = header
        rows = [(line, {k: nfc(v) for k, v in row.items() if k}) for line, row in enumerate(reader, start=2)]
    except csv.Error as exc:  # a cell over csv's field size limit
        reason = "không đọc được dòng này (ô quá dài hoặc sai định dạng CSV)"
        raise CsvError([f"dòng {reader.line_num + 1}: {reason}"]) from exc
    rows = [(line, row) for line, row in rows if any(row.values())]
    if not rows:
        raise CsvError(["tệp không có dòng dữ liệu nào"])
    return rows
