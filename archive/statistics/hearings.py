"""Hearings and file completion as people record them: CSV import of hearings (all lines or none), a hearing
recorded by hand, a case file marked digitised — each with who and when.

With `vis` (a person's visibility; None is the system) only cases that person may open can be written: any
other case is "not found", exactly as one that does not exist, and the refusal is audited.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import select

from archive import errors
from archive.records.models import Case, Hearing
from archive.records.registers import parse_bool, parse_date
from archive.statistics.access import audit_actor, visible_codes
from archive.statistics.csvinput import CsvError, read_rows
from archive.statistics.periods import VIETNAM
from archive.trust.access import Visibility
from archive.trust.audit import record

HEARING_COLUMNS = ("case", "held_on", "digital_evidence")
HEARING_HEADINGS = {"case": "Mã vụ án", "held_on": "Ngày xét xử", "digital_evidence": "Có sử dụng chứng cứ số hóa"}


class RecordError(errors.Invalid):
    """A record that cannot be made; the message is the Vietnamese reason."""

    code = "record_refused"


def future_hearing(held_on: dt.date) -> str | None:
    """Why a hearing date cannot be recorded: a day after today in Vietnam has not happened yet."""
    today = dt.datetime.now(VIETNAM).date()
    return f"ngày xét xử {held_on:%d/%m/%Y} chưa tới (hôm nay là {today:%d/%m/%Y})" if held_on > today else None


def _refused(
    archive, action: str, target: str, actor: str | None, detail: dict, cases: list[tuple[int, str]] = ()
) -> None:
    """Audit a refused write in its own transaction (the write itself was rolled back)."""
    with archive.transaction() as session:
        for line, code in cases:
            record(
                session,
                action,
                f"case:{code}",
                outcome="refused",
                actor=audit_actor(actor),
                detail={"line": line, "reason": "invisible"},
            )
        record(session, action, target, outcome="refused", actor=audit_actor(actor), detail=detail)


def import_hearings(archive, text: str, recorded_by: str | None = None, vis: Visibility | None = None) -> dict:
    """Create or update hearings from CSV `case,held_on,digital_evidence` (yes/no); a case and date pair
    already recorded is updated, so importing the same file twice changes nothing.
    """
    action = "statistics.hearings_import"
    try:
        rows = read_rows(text, HEARING_COLUMNS, HEARING_HEADINGS)
    except CsvError as exc:
        _refused(archive, action, "hearings", recorded_by, {"problems": exc.problems})
        raise
    created = updated = 0
    hidden: list[tuple[int, str]] = []
    try:
        with archive.transaction() as session:
            cases = dict(
                session.execute(
                    select(Case.code, Case.id).where(Case.code.in_({row["case"] for _, row in rows if row["case"]}))
                ).all()
            )
            usable = visible_codes(session, vis, cases)
            parsed, problems, seen = [], [], {}
            for line, row in rows:
                try:
                    parsed.append(_hearing_row(row, line, cases, usable, seen, hidden))
                except ValueError as exc:
                    problems.append(f"dòng {line}: {exc}")
            if problems:
                raise CsvError(problems)
            existing = {
                (h.case_id, h.held_on): h
                for h in session.scalars(
                    select(Hearing).where(Hearing.case_id.in_({case_id for case_id, _, _ in parsed}))
                )
            }
            for case_id, held_on, digital in parsed:
                hearing = existing.get((case_id, held_on))
                if hearing is None:
                    session.add(
                        Hearing(
                            case_id=case_id,
                            held_on=held_on,
                            digital_evidence=digital,
                            source="import",
                            recorded_by=recorded_by,
                        )
                    )
                    created += 1
                elif hearing.digital_evidence != digital:
                    hearing.digital_evidence, hearing.source, hearing.recorded_by = digital, "import", recorded_by
                    hearing.recorded_at = dt.datetime.now(dt.UTC)
                    updated += 1
            record(
                session,
                action,
                "hearings",
                actor=audit_actor(recorded_by),
                detail={"rows": len(parsed), "created": created, "updated": updated, "by": recorded_by},
            )
    except CsvError as exc:
        _refused(
            archive,
            action,
            "hearings",
            recorded_by,
            {"rows": len(rows), "problems": exc.problems[:50], "problem_count": len(exc.problems)},
            hidden,
        )
        raise
    return {"rows": len(parsed), "created": created, "updated": updated}


def _hearing_row(row: dict, line: int, cases: dict[str, int], usable: set[str], seen: dict, hidden: list) -> tuple:
    """(case id, held on, digital evidence) of one CSV row; ValueError saying what is wrong with it."""
    if not row["case"]:
        raise ValueError("thiếu mã vụ án")
    if row["case"] not in usable:
        if row["case"] in cases:
            hidden.append((line, row["case"]))
        raise ValueError(f"không có vụ án '{row['case']}'")
    held_on = parse_date(row["held_on"])
    if held_on is None:
        raise ValueError("thiếu ngày xét xử")
    if reason := future_hearing(held_on):
        raise ValueError(reason)
    if not row["digital_evidence"]:
        raise ValueError("thiếu giá trị có/không ở cột «Có sử dụng chứng cứ số hóa»")
    digital = parse_bool(row["digital_evidence"])
    key = (row["case"], held_on)
    if key in seen:
        raise ValueError(f"trùng với dòng {seen[key]} (cùng vụ án và ngày xét xử)")
    seen[key] = line
    return cases[row["case"]], held_on, digital


def _case(session, code: str, vis: Visibility | None) -> Case:
    case = session.scalar(select(Case).where(Case.code == unicodedata.normalize("NFC", code.strip())))
    if case is None or (vis is not None and not vis.case_visible(case)):
        raise RecordError(f"không có vụ án '{code}'")
    return case


def _guarded(archive, action: str, case_code: str, actor: str, vis: Visibility | None, write) -> dict:
    """Run `write(session, case)` on a case the person may open, auditing a refusal."""
    try:
        with archive.transaction() as session:
            return write(session, _case(session, case_code, vis))
    except RecordError as exc:
        _refused(
            archive, action, f"case:{unicodedata.normalize('NFC', case_code.strip())}", actor, {"reason": str(exc)}
        )
        raise


def record_hearing(
    archive, case_code: str, held_on: dt.date, digital_evidence: bool, recorded_by: str, vis: Visibility | None = None
) -> dict:
    """A person records a hearing (and whether it used digitised evidence)."""
    if not (recorded_by or "").strip():
        raise RecordError("thiếu tên người ghi nhận")
    if reason := future_hearing(held_on):
        raise RecordError(reason)

    def write(session, case: Case) -> dict:
        hearing = session.scalar(select(Hearing).where(Hearing.case_id == case.id, Hearing.held_on == held_on))
        before = None if hearing is None else hearing.digital_evidence
        if hearing is None:
            hearing = Hearing(case_id=case.id, held_on=held_on)
            session.add(hearing)
        hearing.digital_evidence, hearing.source, hearing.recorded_by = digital_evidence, "manual", recorded_by
        hearing.recorded_at = dt.datetime.now(dt.UTC)
        record(
            session,
            "statistics.hearing_recorded",
            f"case:{case.code}",
            actor=audit_actor(recorded_by),
            detail={
                "held_on": held_on.isoformat(),
                "digital_evidence": digital_evidence,
                "before": before,
                "by": recorded_by,
            },
        )
        return {"case": case.code, "held_on": held_on.isoformat(), "digital_evidence": digital_evidence}

    return _guarded(archive, "statistics.hearing_recorded", case_code, recorded_by, vis, write)


def mark_digitised(
    archive, case_code: str, marked_by: str, complete: bool = True, vis: Visibility | None = None
) -> dict:
    """A person marks a case file as completely digitised (or withdraws the mark), with who and when."""
    if not (marked_by or "").strip():
        raise RecordError("thiếu tên người xác nhận")
    action = "statistics.file_marked_digitised" if complete else "statistics.file_mark_withdrawn"

    def write(session, case: Case) -> dict:
        before = case.digitised_marked_at.isoformat() if case.digitised_marked_at else None
        case.digitised_marked_at = dt.datetime.now(dt.UTC) if complete else None
        case.digitised_marked_by = marked_by if complete else None
        record(
            session,
            action,
            f"case:{case.code}",
            actor=audit_actor(marked_by),
            detail={"before": before, "by": marked_by},
        )
        return {
            "case": case.code,
            "marked_by": case.digitised_marked_by,
            "marked_at": case.digitised_marked_at.isoformat() if case.digitised_marked_at else None,
        }

    return _guarded(archive, action, case_code, marked_by, vis, write)
