"""Hearings and file completion as people record them: CSV import of hearings (all lines or none), a hearing
recorded by hand, a case file marked digitised — each with who and when.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import select

from archive.models import AuditEvent, Case, Hearing
from archive.registers import parse_bool, parse_date
from archive.statistics.csvinput import CsvError, read_rows

HEARING_COLUMNS = ("case", "held_on", "digital_evidence")


class RecordError(ValueError):
    """A record that cannot be made; the message is the Vietnamese reason."""


def import_hearings(archive, text: str, recorded_by: str | None = None) -> dict:
    """Create or update hearings from CSV `case,held_on,digital_evidence` (yes/no); a case and date pair
    already recorded is updated, so importing the same file twice changes nothing.
    """
    rows = read_rows(text, HEARING_COLUMNS)
    created = updated = 0
    with archive.transaction() as session:
        cases = dict(session.execute(select(Case.code, Case.id)).all())
        parsed, problems, seen = [], [], {}
        for line, row in rows:
            try:
                if not row["case"]:
                    raise ValueError("thiếu mã vụ án")
                if row["case"] not in cases:
                    raise ValueError(f"không có vụ án '{row['case']}'")
                held_on = parse_date(row["held_on"])
                if held_on is None:
                    raise ValueError("thiếu ngày xét xử (held_on)")
                if not row["digital_evidence"]:
                    raise ValueError("thiếu cột có/không sử dụng chứng cứ số hóa (digital_evidence)")
                digital = parse_bool(row["digital_evidence"])
                key = (row["case"], held_on)
                if key in seen:
                    raise ValueError(f"trùng với dòng {seen[key]} (cùng vụ án và ngày xét xử)")
                seen[key] = line
                parsed.append((cases[row["case"]], held_on, digital))
            except ValueError as exc:
                problems.append(f"dòng {line}: {exc}")
        if problems:
            raise CsvError(problems)
        existing = {(h.case_id, h.held_on): h for h in session.scalars(
            select(Hearing).where(Hearing.case_id.in_({case_id for case_id, _, _ in parsed})))}
        for case_id, held_on, digital in parsed:
            hearing = existing.get((case_id, held_on))
            if hearing is None:
                session.add(Hearing(case_id=case_id, held_on=held_on, digital_evidence=digital, source="import",
                                    recorded_by=recorded_by))
                created += 1
            elif hearing.digital_evidence != digital:
                hearing.digital_evidence, hearing.source, hearing.recorded_by = digital, "import", recorded_by
                hearing.recorded_at = dt.datetime.now(dt.UTC)
                updated += 1
        session.add(AuditEvent(actor=recorded_by, action="statistics.hearings_import", target="hearings",
                               detail={"rows": len(parsed), "created": created, "updated": updated}))
    return {"rows": len(parsed), "created": created, "updated": updated}


def _case(session, code: str) -> Case:
    case = session.scalar(select(Case).where(Case.code == unicodedata.normalize("NFC", code.strip())))
    if case is None:
        raise RecordError(f"không có vụ án '{code}'")
    return case


def record_hearing(archive, case_code: str, held_on: dt.date, digital_evidence: bool, recorded_by: str) -> dict:
    """A person records a hearing (and whether it used digitised evidence)."""
    if not (recorded_by or "").strip():
        raise RecordError("thiếu tên người ghi nhận")
    with archive.transaction() as session:
        case = _case(session, case_code)
        hearing = session.scalar(select(Hearing).where(Hearing.case_id == case.id, Hearing.held_on == held_on))
        if hearing is None:
            hearing = Hearing(case_id=case.id, held_on=held_on)
            session.add(hearing)
        hearing.digital_evidence, hearing.source, hearing.recorded_by = digital_evidence, "manual", recorded_by
        hearing.recorded_at = dt.datetime.now(dt.UTC)
        session.add(AuditEvent(actor=recorded_by, action="statistics.hearing_recorded", target=f"case:{case.code}",
                               detail={"held_on": held_on.isoformat(), "digital_evidence": digital_evidence}))
    return {"case": case.code, "held_on": held_on.isoformat(), "digital_evidence": digital_evidence}


def mark_digitised(archive, case_code: str, marked_by: str, complete: bool = True) -> dict:
    """A person marks a case file as completely digitised (or withdraws the mark), with who and when."""
    if not (marked_by or "").strip():
        raise RecordError("thiếu tên người xác nhận")
    with archive.transaction() as session:
        case = _case(session, case_code)
        case.digitised_marked_at = dt.datetime.now(dt.UTC) if complete else None
        case.digitised_marked_by = marked_by if complete else None
        session.add(AuditEvent(actor=marked_by, action="statistics.file_marked_digitised" if complete
                               else "statistics.file_mark_withdrawn", target=f"case:{case.code}"))
        return {"case": case.code, "marked_by": case.digitised_marked_by,
                "marked_at": case.digitised_marked_at.isoformat() if case.digitised_marked_at else None}
