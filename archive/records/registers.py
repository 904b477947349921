"""The unit and case registers: CSV import (all rows or none) and single-record create/edit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select

from archive import errors
from archive.records.models import CASE_KINDS, Case, Unit
from archive.trust.access import Visibility, may_use_unit, may_write_case
from archive.trust.audit import record

UNIT_COLUMNS = ("code", "name", "level", "parent", "valid_from", "valid_to", "successor")
CASE_COLUMNS = ("code", "unit", "kind", "title", "registered_on", "trial_on", "corruption", "folios")

LEVEL_ALIASES = {
    "supreme": "supreme",
    "tối cao": "supreme",
    "toi cao": "supreme",
    "high": "high",
    "cấp cao": "high",
    "cap cao": "high",
    "provincial": "provincial",
    "tỉnh": "provincial",
    "tinh": "provincial",
    "regional": "regional",
    "khu vực": "regional",
    "khu vuc": "regional",
    "district": "district",
    "huyện": "district",
    "huyen": "district",
}
KIND_ALIASES = {k: k for k in CASE_KINDS} | {"LD": "LĐ", "HNGD": "HNGĐ"}
YES = {"yes", "y", "có", "co", "1", "true", "x"}
NO = {"no", "n", "không", "khong", "0", "false", ""}
UNREADABLE_CSV = "không đọc được dòng này (ô quá dài hoặc sai định dạng CSV)"
FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates of the registers; outside these years a date is a typing mistake
MAX_FOLIOS = 10_000_000  # bút lục of one case file; more is a typing mistake, and SQLite stops at 2**63


class RegisterError(errors.Problems):
    """A file that cannot be imported; `problems` lists each bad row in Vietnamese."""

    code = "register_refused"


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
        record(
            session,
            "units.import",
            "units",
            detail={
                "created": result.created,
                "updated": result.updated,
                "units": [row["code"] for _, row, *_ in parsed][:100],
            },
        )
        session.flush()
        for _, row, *_ in parsed:
            unit = known[row["code"]]
            unit.parent_id = known[row["parent"]].id if row["parent"] else None
            unit.successor_id = known[row["successor"]].id if row["successor"] else None
    return result


def import_cases(archive, text: str, vis: Visibility | None = None) -> ImportResult:
    """Create or update cases from CSV `code,unit,kind,title,registered_on,trial_on,corruption,folios`.

    With `vis` (a person's visibility; None is the system) every row checks the case already in the register
    (the person must see it and be allowed to change it) as well as the unit it is filed under; any refused row
    refuses the whole file. Each change is audited with its old and new values, and a refused file too.
    """
    try:
        rows = _rows(text, CASE_COLUMNS)
    except RegisterError as exc:
        _audit_refusal(archive, "cases.import", "cases", {"problems": exc.problems})
        raise
    result = ImportResult()
    refused: list[dict] = []
    try:
        with archive.transaction() as session:
            units = {u.code: u for u in session.scalars(select(Unit))}
            cases = {c.code: c for c in session.scalars(select(Case))}
            parsed = []
            for line, row in rows:
                try:
                    values = _case_values(row, units)
                    _check_write(vis, cases.get(row["code"]), values, row, line)
                    parsed.append((row, values))
                except _Refused as exc:
                    refused.append(exc.detail)
                    result.problems.append(str(exc))
                except ValueError as exc:
                    result.problems.append(f"dòng {line}: {exc}")
            if result.problems:
                raise RegisterError(result.problems)
            for row, values in parsed:
                case = cases.get(row["code"])
                before = _snapshot(case) if case is not None else None
                if case is None:
                    case = Case(code=row["code"], restricted=False)
                    session.add(case)
                    cases[row["code"]] = case
                    result.created += 1
                else:
                    result.updated += 1
                for key, value in values.items():
                    setattr(case, key, value)
                _audit_change(session, case, before, units, "import")
            record(
                session,
                "cases.import",
                "cases",
                detail={"rows": len(parsed), "created": result.created, "updated": result.updated},
            )
    except RegisterError as exc:
        _audit_refusal(
            archive,
            "cases.import",
            "cases",
            {"rows": len(rows), "problems": exc.problems[:50], "problem_count": len(exc.problems)},
            refused,
        )
        raise
    return result


class _Refused(ValueError):
    """A row or edit the person may not make; `detail` (for the audit trail) says why."""

    def __init__(self, message: str, detail: dict):
        super().__init__(message)
        self.detail = detail


def _check_write(
    vis: Visibility | None, case: Case | None, values: dict, row: dict[str, str], line: int | None
) -> None:
    """The person must see and be allowed to change an existing case, and may file only under their units.

    A case they cannot see is refused without a word on where it is or what it holds.
    """
    if vis is None:
        return
    code = row["code"]
    if case is not None and not may_write_case(vis, case):
        reason = "invisible" if not vis.case_visible(case) else "not_writable"
        message = (
            f"không có quyền với vụ án ở dòng {line} (mã '{code}')"
            if line is not None
            else f"không có quyền sửa vụ án {code}"
        )
        raise _Refused(message, {"case": code, "line": line, "reason": reason, "unit_id": case.unit_id})
    if not may_use_unit(vis, values["unit_id"]):
        message = f"dòng {line}: " if line is not None else ""
        raise _Refused(
            f"{message}không có quyền ghi vào đơn vị '{row['unit']}'",
            {"case": code, "line": line, "reason": "unit", "unit": row["unit"]},
        )


AUDITED_FIELDS = ("unit_id", "kind", "title", "registered_on", "trial_on", "corruption", "folios", "restricted")


def _snapshot(case: Case) -> dict:
    return {key: getattr(case, key) for key in AUDITED_FIELDS}


def _shown_value(key: str, value, unit_codes: dict[int, str]):
    if key == "unit_id":
        return unit_codes.get(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _audit_change(session, case: Case, before: dict | None, units: dict[str, Unit], source: str) -> None:
    """One audit row per created or changed case: each changed field with its old and new value."""
    unit_codes = {u.id: code for code, u in units.items()}
    after = _snapshot(case)
    changes = {}
    for key in AUDITED_FIELDS:
        old = None if before is None else before[key]
        if before is not None and old == after[key]:
            continue
        name = "unit" if key == "unit_id" else key
        changes[name] = {"old": _shown_value(key, old, unit_codes), "new": _shown_value(key, after[key], unit_codes)}
    if before is not None and not changes:
        return
    record(
        session,
        "case.created" if before is None else "case.updated",
        f"case:{case.code}",
        detail={"source": source, "changes": changes},
    )


def _audit_refusal(archive, action: str, target: str, detail: dict, refused: list[dict] = ()) -> None:
    """Refusals are kept in their own transaction: the refused write itself was rolled back."""
    with archive.transaction() as session:
        for item in refused:
            record(session, "case.write_refused", f"case:{item['case']}", outcome="refused", detail=item)
        record(session, action, target, outcome="refused", detail=detail)


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
        "unit_id": unit.id,
        "kind": kind,
        "title": row["title"],
        "registered_on": registered_on,
        "trial_on": trial_on,
        "corruption": parse_bool(row["corruption"]),
        "folios": int(folios) if folios else None,
    }


class CaseNotFound(RegisterError):
    """Editing a case that is not in the register."""

    http_status = 404


def _case_as_row(case: Case) -> dict[str, str]:
    return {
        "code": case.code,
        "unit": case.unit.code if case.unit else "",
        "kind": case.kind,
        "title": case.title,
        "registered_on": case.registered_on.isoformat() if case.registered_on else "",
        "trial_on": case.trial_on.isoformat() if case.trial_on else "",
        "corruption": "yes" if case.corruption else "no",
        "folios": str(case.folios or ""),
    }


class CaseForbidden(RegisterError):
    """Editing a case the person sees but may not change (a restricted case of another unit)."""

    http_status = 403


def save_case(
    archive,
    code: str,
    changes: dict[str, str | None],
    create: bool,
    restricted: bool | None = None,
    vis: Visibility | None = None,
) -> Case:
    """Create a case (`create`) or edit one, with the same checks as the CSV import.

    `changes` holds CSV-style text values by column name; columns left out keep their value. With `vis`, a case
    the person cannot see is "not found" on edit, and one they see but may not change is `CaseForbidden`.
    """
    code = _nfc(code)
    action = "case.create" if create else "case.edit"
    try:
        with archive.transaction() as session:
            units = {u.code: u for u in session.scalars(select(Unit))}
            case = session.scalar(select(Case).where(Case.code == code))
            visible = case is not None and (vis is None or vis.case_visible(case))
            if create and case is not None:
                if not visible:
                    raise _Refused(
                        f"không có quyền với vụ án {code}",
                        {"case": code, "reason": "invisible", "unit_id": case.unit_id},
                    )
                raise RegisterError([f"vụ án {code} đã có trong sổ"])
            if not create and case is None:
                raise CaseNotFound([f"không có vụ án {code}"])
            if not create and not visible:
                raise _Refused(
                    f"không có vụ án {code}", {"case": code, "reason": "invisible_edit", "unit_id": case.unit_id}
                )
            before = _snapshot(case) if case is not None else None
            row = _case_as_row(case) if case is not None else dict.fromkeys(CASE_COLUMNS, "") | {"code": code}
            row |= {key: _nfc(value) for key, value in changes.items() if value is not None and key in CASE_COLUMNS}
            row["code"] = code
            try:
                values = _case_values(row, units)
            except ValueError as exc:
                raise RegisterError([str(exc)]) from exc
            _check_write(vis, case, values, row, None)
            if case is None:
                case = Case(code=code)
                session.add(case)
            for key, value in values.items():
                setattr(case, key, value)
            if restricted is not None:
                case.restricted = restricted
            session.flush()
            _audit_change(session, case, before, units, "api" if vis is not None else "system")
            session.flush()
            session.refresh(case)
            return case
    except _Refused as exc:
        _audit_refusal(archive, action, f"case:{code}", exc.detail)
        if exc.detail.get("reason") == "invisible_edit":  # as if it did not exist: its existence stays private
            raise CaseNotFound([str(exc)]) from None
        if exc.detail.get("reason") == "not_writable":
            raise CaseForbidden([str(exc)]) from None
        raise RegisterError([str(exc)]) from None
    except CaseNotFound:
        raise
    except RegisterError as exc:
        _audit_refusal(archive, action, f"case:{code}", {"problems": exc.problems})
        raise
