"""The aggregate path: set-based SQL counting every indicator per recorded unit in one pass over the cases,
then summed up the unit hierarchy (a loop over units, never over cases). Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import and_, case, func, literal, or_, select

from archive.models import Case, Document, Page
from archive.statistics.definitions import INDICATORS, broad_sql
from archive.statistics.periods import Period

UNTYPED = "chua_phan_loai"


def _count(condition) -> object:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def indicator_counts(session, period: Period, unit_ids: Collection[int] | None = None) -> dict[int | None, dict]:
    """{recorded unit id: {"<code>:n": numerator, "<code>:d": denominator}} for cases in the period."""
    columns = []
    for indicator in INDICATORS:
        denominator = indicator.denominator_sql(period)
        columns.append(_count(denominator).label(f"{indicator.code}:d"))
        columns.append(_count(and_(denominator, indicator.numerator_sql(period))).label(f"{indicator.code}:n"))
    query = select(Case.unit_id, *columns).where(broad_sql(period)).group_by(Case.unit_id)
    if unit_ids is not None:
        query = query.where(Case.unit_id.in_(sorted(unit_ids)))
    result = session.execute(query)
    keys = list(result.keys())[1:]
    return {row[0]: {key: int(value) for key, value in zip(keys, row[1:], strict=True)} for row in result}


def document_counts(session, period: Period, unit_ids: Collection[int] | None = None) -> dict[int | None, dict]:
    """Per recorded unit: pages digitised and documents by type (documents done in the period), OCR backlog
    (queued, processing) and failures (as they stand now). A document belongs to its case's unit, else its own.
    """
    unit = func.coalesce(Case.unit_id, Document.unit_id).label("unit_id")
    in_period = and_(Document.status == "done", Document.processed_at >= period.start_datetime,
                     Document.processed_at < period.after_datetime)
    scope = [] if unit_ids is None else [unit.in_(sorted(unit_ids))]
    totals: dict[int | None, dict] = {}

    def add(unit_id, key, value):
        bucket = totals.setdefault(unit_id, {})
        bucket[key] = bucket.get(key, 0) + int(value)

    pages = (select(unit, func.count(Page.id)).select_from(Document).join(Page, Page.document_id == Document.id)
             .outerjoin(Case, Document.case_id == Case.id).where(in_period, *scope).group_by(unit))
    for unit_id, count in session.execute(pages):
        add(unit_id, "pages", count)
    doc_type = func.coalesce(Document.doc_type, literal(UNTYPED))
    types = (select(unit, doc_type, func.count(Document.id)).select_from(Document)
             .outerjoin(Case, Document.case_id == Case.id).where(in_period, *scope).group_by(unit, doc_type))
    for unit_id, type_code, count in session.execute(types):
        add(unit_id, f"type:{type_code}", count)
    states = (select(unit, Document.status, func.count(Document.id)).select_from(Document)
              .outerjoin(Case, Document.case_id == Case.id)
              .where(or_(Document.status == "queued", Document.status == "processing", Document.status == "failed"),
                     *scope).group_by(unit, Document.status))
    for unit_id, status, count in session.execute(states):
        add(unit_id, status, count)
    return totals


def figures_json(counts: dict) -> dict:
    """The non-indicator figures of one unit, from its (rolled-up) counts."""
    return {
        "pages_digitised": counts.get("pages", 0),
        "documents_by_type": {key[5:]: value for key, value in sorted(counts.items()) if key.startswith("type:")},
        "ocr_backlog": {"queued": counts.get("queued", 0), "processing": counts.get("processing", 0)},
        "ocr_failed": counts.get("failed", 0),
    }
