"""The unit and case registers: CSV import (all rows or none) and single-record create/edit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select

from archive.models import CASE_KINDS, Case, Unit

UNIT_COLUMNS = ("code", "name", "level", "parent", "valid_from", "valid_to", "successor")
CASE_COLUMNS = ("code", "unit", "kind", "title", "registered_on", "trial_on", "corruption", "folios")

LEVEL_ALIASES = {
    "supreme": "supreme", "tối cao": "supreme", "toi cao": "supreme",
    "high": "high", "cấp cao": "high", "cap cao": "high",
    "provincial": "provincial", "tỉnh": "provincial", "tinh": "provincial",
    "regional": "regional", "khu vực": "regional", "khu vuc": "regional",
    "district": "district", "huyện": "district", "huyen": "district",
}
KIND_ALIASES = {k: k for k in CASE_KINDS} | {"LD": "LĐ", "HNGD": "HNGĐ"}
YES = {"yes", "y", "có", "co", "1", "true", "x"}
NO = {"no", "n", "không", "khong", "0", "false", ""}
UNREADABLE_CSV = "không đọc được dòng này (ô quá dài hoặc sai định dạng CSV)"
FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates of the registers; outside these years a date is a typing mistake
MAX_FOLIOS = 10_000_000  # bút lục of one case file; more is a typing mistake, and SQLite stops at 2**63


class RegisterError(Exception):
    """A file that cannot be imported; `problems` lists each bad row in Vietnamese."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:5]) + (f" (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else ""))
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"created": self.created, "updated": self.updated}


def _nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", (value or "").strip())


def parse_date(value: str) -> dt.date | None:
    """ISO `2023-09-18` or Vietnamese `18/9/2023`; empty gives None."""
    value = _nfc(value)
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(f"ngày '{value}' nằm ngoài các năm {FIRST_YEAR}–{LAST_YEAR}")
        return day
    raise ValueError(f"ngày không hợp lệ '{value[:40]}' (dùng YYYY-MM-DD hoặc DD/MM/YYYY)")


def parse_bool(value: str) -> bool:
    lowered = _nfc(value).lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValueError(f"giá trị có/không không hợp lệ '{value}'")


def _rows(text: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [(_nfc(h)).lower() for h in (reader.fieldnames or [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise RegisterError([f"thiếu cột: {', '.join(missing)} (cần: {','.join(columns)})"])
        reader.fieldnames = header
        return [(line, {k: _nfc(v) for k, v in row.items() if k}) for line, row in enumerate(reader, start=2)]
    except csv.Error as exc:  # a cell over csv's field size limit, a stray NUL on old Pythons
        raise RegisterError([f"dòng {reader.line_num + 1}: {UNREADABLE_CSV}"]) from exc


def import_units(archive, text: str) -> ImportResult:
    """Create or update units from CSV `code,name,level,parent,valid_from,valid_to,successor`."""
    rows = _rows(text, UNIT_COLUMNS)
    result = ImportResult()
    with archive.transaction() as session:
        known = {u.code: u for u in session.scalars(select(Unit))}
        parsed = []
        for line, row in rows:
            try:
                if not row["code"] or not row["name"]:
                    raise ValueError("thiếu mã hoặc tên đơn vị")
                _fit(row["code"], Unit.__table__.c.code, "mã đơn vị")
                _fit(row["name"], Unit.__table__.c.name, "tên đơn vị")
                level = LEVEL_ALIASES.get(row["level"].lower())
                if level is None:
                    raise ValueError(f"cấp đơn vị không hợp lệ '{row['level']}'")
                parsed.append((line, row, level, parse_date(row["valid_from"]), parse_date(row["valid_to"])))
            except ValueError as exc:
                result.problems.append(f"dòng {line}: {exc}")
        codes = set(known) | {row["code"] for _, row, *_ in parsed}
        for line, row, *_ in parsed:
            for ref in ("parent", "successor"):
                if row[ref] and row[ref] not in codes:
                    result.problems.append(f"dòng {line}: không có đơn vị '{row[ref]}' ({ref})")
        if result.problems:
            raise RegisterError(result.problems)
        for _, row, level, valid_from, valid_to in parsed:
            unit = known.get(row["code"])
            if unit is None:
                unit = Unit(code=row["code"], name=row["name"])
                session.add(unit)
                known[row["code"]] = unit
                result.created += 1
            else:
                result.updated += 1
            unit.name, unit.level, unit.valid_from, unit.valid_to = row["name"], level, valid_from, valid_to
        session.flush()
        for _, row, *_ in parsed:
            unit = known[row["code"]]
            unit.parent_id = known[row["parent"]].id if row["parent"] else None
            unit.successor_id = known[row["successor"]].id if row["successor"] else None
    return result


def import_cases(archive, text: str) -> ImportResult:
    """Create or update cases from CSV `code,unit,kind,title,registered_on,trial_on,corruption,folios`."""
    rows = _rows(text, CASE_COLUMNS)
    result = ImportResult()
    with archive.transaction() as session:
        units = {u.code: u for u in session.scalars(select(Unit))}
        cases = {c.code: c for c in session.scalars(select(Case))}
        parsed = []
        for line, row in rows:
            try:
                parsed.append((row, _case_values(row, units)))
            except ValueError as exc:
                result.problems.append(f"dòng {line}: {exc}")
        if result.problems:
            raise RegisterError(result.problems)
        for row, values in parsed:
            case = cases.get(row["code"])
            if case is None:
                case = Case(code=row["code"])
                session.add(case)
                cases[row["code"]] = case
                result.created += 1
            else:
                result.updated += 1
            for key, value in values.items():
                setattr(case, key, value)
    return result


def _fit(value: str, column, label: str) -> None:
    """Refuse text longer than its column (PostgreSQL would reject it; SQLite would keep it silently)."""
    if len(value) > column.type.length:
        raise ValueError(f"{label} dài quá {column.type.length} ký tự")


def _case_values(row: dict[str, str], units: dict[str, Unit]) -> dict:
    if not row["code"]:
        raise ValueError("thiếu mã vụ án")
    _fit(row["code"], Case.__table__.c.code, "mã vụ án")
    _fit(row["title"], Case.__table__.c.title, "tên vụ án")
    unit = units.get(row["unit"])
    if unit is None:
        raise ValueError(f"không có đơn vị '{row['unit']}'")
    kind = KIND_ALIASES.get(row["kind"].upper())
    if kind is None:
        raise ValueError(f"loại vụ án không hợp lệ '{row['kind']}' (HS, DS, HC, KDTM, LĐ, HNGĐ)")
    folios = row.get("folios", "")
    if folios and not (re.fullmatch(r"[0-9]{1,12}", folios) and int(folios) <= MAX_FOLIOS):
        raise ValueError(f"số bút lục không hợp lệ '{folios[:40]}' (số nguyên từ 0 đến {MAX_FOLIOS})")
    registered_on, trial_on = parse_date(row["registered_on"]), parse_date(row["trial_on"])
    if registered_on and trial_on and trial_on < registered_on:
        raise ValueError("ngày đưa ra xét xử trước ngày thụ lý")
    return {
        "unit_id": unit.id, "kind": kind, "title": row["title"], "registered_on": registered_on,
        "trial_on": trial_on, "corruption": parse_bool(row["corruption"]),
        "folios": int(folios) if folios else None,
    }


class CaseNotFound(RegisterError):
    """Editing a case that is not in the register."""


def _case_as_row(case: Case) -> dict[str, str]:
    return {
        "code": case.code, "unit": case.unit.code if case.unit else "", "kind": case.kind, "title": case.title,
        "registered_on": case.registered_on.isoformat() if case.registered_on else "",
        "trial_on": case.trial_on.isoformat() if case.trial_on else "",
        "corruption": "yes" if case.corruption else "no", "folios": str(case.folios or ""),
    }


def save_case(archive, code: str, changes: dict[str, str | None], create: bool,
              restricted: bool | None = None) -> Case:
    """Create a case (`create`) or edit one, with the same checks as the CSV import.

    `changes` holds CSV-style text values by column name; columns left out keep their value.
    """
    code = _nfc(code)
    with archive.transaction() as session:
        units = {u.code: u for u in session.scalars(select(Unit))}
        case = session.scalar(select(Case).where(Case.code == code))
        if create and case is not None:
            raise RegisterError([f"vụ án {code} đã có trong sổ"])
        if not create and case is None:
            raise CaseNotFound([f"không có vụ án {code}"])
        row = _case_as_row(case) if case is not None else dict.fromkeys(CASE_COLUMNS, "") | {"code": code}
        row |= {key: _nfc(value) for key, value in changes.items() if value is not None and key in CASE_COLUMNS}
        row["code"] = code
        try:
            values = _case_values(row, units)
        except ValueError as exc:
            raise RegisterError([str(exc)]) from exc
        if case is None:
            case = Case(code=code)
            session.add(case)
        for key, value in values.items():
            setattr(case, key, value)
        if restricted is not None:
            case.restricted = restricted
        session.flush()
        session.refresh(case)
        return case
