"""Reading the audit trail: filters (case, account, action, dates), who may read which rows, CSV export.

Admins read every row. A unit head reads the rows of people of the units they answer for (their own
and those below), and for a case they may open, every row about it, whoever wrote it. "Who viewed this
case's evidence" is the case filter: rows about the case itself, its documents (any part linked to it),
their pages and its exhibit sets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from archive.records.models import AuditEvent, Case, Document, DocumentPart, ExhibitSet
from archive.trust.audit_view import audit_row_view

READER_ROLES = frozenset({"admin", "unit_head"})
MAX_ROWS = 10_000
# CSV columns as a person reads them: (key of `audit_view.audit_row_view`, header).
CSV_COLUMNS = (
    ("seq", "STT chuỗi"),
    ("at", "Thời điểm (giờ Việt Nam)"),
    ("utc", "Thời điểm (UTC, ISO 8601)"),
    ("actor", "Tài khoản"),
    ("role", "Vai trò"),
    ("unit", "Đơn vị"),
    ("client", "Địa chỉ máy"),
    ("action", "Hành động"),
    ("code", "Mã hành động"),
    ("target", "Đối tượng"),
    ("outcome_label", "Kết quả"),
    ("detail", "Chi tiết"),
    ("full_hash", "Mã băm SHA-256"),
)


@dataclass
class AuditFilter:
    case: str | None = None
    account: str | None = None
    action: str | None = None  # exact, or a prefix ending with "." (e.g. "export.")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outcome: str | None = None


def case_targets(session, code: str) -> list[str]:
    """The audit targets that are about one case: itself, its documents and exhibit sets."""
    case_id = session.scalar(select(Case.id).where(Case.code == code))
    if case_id is None:
        return [f"case:{code}"]
    documents = set(session.scalars(select(Document.id).where(Document.case_id == case_id)))
    documents |= set(session.scalars(select(DocumentPart.document_id).where(DocumentPart.case_id == case_id)))
    sets = session.scalars(select(ExhibitSet.id).where(ExhibitSet.case_id == case_id)).all()
    return [f"case:{code}", *(f"document:{d}" for d in sorted(documents)), *(f"exhibit_set:{s}" for s in sets)]


def _conditions(session, wanted: AuditFilter, reader_units: frozenset[str] | None) -> list:
    conditions = []
    if reader_units is not None and not wanted.case:  # a case the reader may open: everyone who touched it
        conditions.append(AuditEvent.unit.in_(reader_units or {""}))
    if wanted.case:
        targets = case_targets(session, wanted.case)
        conditions.append(
            or_(
                AuditEvent.target.in_(targets),
                *(AuditEvent.target.like(f"{t}/%") for t in targets if t.startswith("document:")),
            )
        )
    if wanted.account:
        conditions.append(AuditEvent.actor == wanted.account)
    if wanted.action:
        if wanted.action.endswith("."):
            conditions.append(AuditEvent.action.like(f"{wanted.action}%"))
        else:
            conditions.append(AuditEvent.action == wanted.action)
    if wanted.outcome:
        conditions.append(AuditEvent.outcome == wanted.outcome)
    if wanted.date_from:
        conditions.append(AuditEvent.at >= dt.datetime.combine(wanted.date_from, dt.time(), dt.UTC))
    if wanted.date_to:
        conditions.append(AuditEvent.at < dt.datetime.combine(wanted.date_to + dt.timedelta(days=1), dt.time(), dt.UTC))
    return conditions


def rows(
    session, wanted: AuditFilter, reader_units: frozenset[str] | None = None, limit: int = 200, offset: int = 0
) -> tuple[int, list[AuditEvent]]:
    """The matching rows, newest first, and how many there are; `reader_units` None reads everything."""
    conditions = _conditions(session, wanted, reader_units)
    total = session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
    found = session.scalars(
        select(AuditEvent).where(*conditions).order_by(AuditEvent.seq.desc()).limit(min(limit, MAX_ROWS)).offset(offset)
    ).all()
    return total, list(found)


def row_json(row: AuditEvent) -> dict:
    return {
        "seq": row.seq,
        "at": row.at.isoformat() if row.at else None,
        "actor": row.actor,
        "role": row.role,
        "unit": row.unit,
        "client": row.client,
        "action": row.action,
        "target": row.target,
        "outcome": row.outcome,
        "detail": row.detail,
        "hash": row.hash,
    }


def to_csv(found: list[AuditEvent]) -> str:
    """CSV in Vietnamese words (UTF-8 with BOM so spreadsheet programs read the accents); the action code,
    the UTC time and the full hash stay beside them, for checking against the chain."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in CSV_COLUMNS])
    for row in found:
        data = audit_row_view(row) | {"utc": row_json(row)["at"], "code": row.action, "full_hash": row.hash}
        writer.writerow(["" if data[key] is None else data[key] for key, _ in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()
