"""The aggregate path: set-based SQL counting every indicator per recorded unit in one pass over the cases,
then summed up the unit hierarchy (a loop over units, never over cases). Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import and_, case, func, literal, select, text

from archive.models import Case, Document, DocumentPart
from archive.statistics.definitions import INDICATORS
from archive.statistics.periods import Period

UNTYPED = "chua_phan_loai"


def _count(condition) -> object:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def without_jit(session) -> None:
    """PostgreSQL's JIT compiles these short aggregate queries for longer than they run (1.2 s of 3.7 s on
    1M cases, bench/report_bench.py): turn it off for this transaction only.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def indicator_counts(session, period: Period, unit_ids: Collection[int] | None = None) -> dict[int | None, dict]:
    """{recorded unit id: {"<code>:n": numerator, "<code>:d": denominator}} for cases in the period.

    One grouped query per indicator, each driven by an index on its denominator's own filter (0007).
    """
    without_jit(session)
    totals: dict[int | None, dict] = {}
    ids = None if unit_ids is None else sorted(unit_ids)
    per_case = session.get_bind().dialect.name == "sqlite"
    for indicator in INDICATORS:
        def among(entity, indicator=indicator):
            condition = indicator.denominator_sql(period, entity)
            return condition if ids is None else and_(condition, entity.unit_id.in_(ids))

        query = (select(Case.unit_id, func.count(), _count(indicator.numerator_sql(period, among, per_case)))
                 .where(among(Case)).group_by(Case.unit_id))
        for unit_id, denominator, numerator in session.execute(query):
            bucket = totals.setdefault(unit_id, {})
            bucket[f"{indicator.code}:d"] = int(denominator)
            bucket[f"{indicator.code}:n"] = int(numerator)
    return totals


def document_counts(session, period: Period, unit_ids: Collection[int] | None = None) -> dict[int | None, dict]:
    """Per recorded unit: documents done in the period by type with their pages (the pipeline's count of pages
    processed), OCR backlog (queued, processing) and failures as they stand now. A document belongs to its case's
    unit, else to its own.
    """
    totals: dict[int | None, dict] = {}

    def add(unit_id, key, value):
        bucket = totals.setdefault(unit_id, {})
        bucket[key] = bucket.get(key, 0) + int(value or 0)

    # An upload holding several documents counts each of them under its own type.
    doc_type = func.coalesce(DocumentPart.doc_type, Document.doc_type, literal(UNTYPED))
    backlog = (Document.status.in_(("queued", "processing", "failed")),)
    for unit, scoped, processed_at in _document_scopes(unit_ids):
        in_period = (Document.status == "done", processed_at >= period.start_datetime,
                     processed_at < period.after_datetime)
        pages = scoped(select(unit, func.sum(Document.pages_done)), in_period)
        for unit_id, count in session.execute(pages.group_by(unit)):
            add(unit_id, "pages", count)
        types = scoped(select(unit, doc_type, func.count()), in_period) \
            .outerjoin(DocumentPart, DocumentPart.document_id == Document.id)
        for unit_id, type_code, count in session.execute(types.group_by(unit, doc_type)):
            add(unit_id, f"type:{type_code}", count)
        states = scoped(select(unit, Document.status, func.count(Document.id)), backlog)
        for unit_id, status, count in session.execute(states.group_by(unit, Document.status)):
            add(unit_id, status, count)
    return totals


def _document_scopes(unit_ids: Collection[int] | None):
    """(unit column, query builder, processing-time expression) triples: one for everything, or, for some
    units, their cases' documents and their documents without a case — index-driven queries instead of one
    filter no index can serve. For a unit the timestamp is wrapped so that the planner starts from the unit's
    cases rather than from every document of the period (5× faster on 1M cases, bench/report_bench.py).
    """
    if unit_ids is None:
        unit = func.coalesce(Case.unit_id, Document.unit_id).label("unit_id")
        yield unit, lambda query, where: query.select_from(Document).outerjoin(Case, Document.case_id == Case.id) \
            .where(*where), Document.processed_at
        return
    ids = sorted(unit_ids)
    processed_at = func.coalesce(Document.processed_at, Document.processed_at)
    yield Case.unit_id, lambda query, where: query.select_from(Document).join(Case, Document.case_id == Case.id) \
        .where(Case.unit_id.in_(ids), *where), processed_at
    yield Document.unit_id, lambda query, where: query.select_from(Document) \
        .where(Document.case_id.is_(None), Document.unit_id.in_(ids), *where), processed_at


def figures_json(counts: dict) -> dict:
    """The non-indicator figures of one unit, from its (rolled-up) counts."""
    return {
        "pages_digitised": counts.get("pages", 0),
        "documents_by_type": {key[5:]: value for key, value in sorted(counts.items()) if key.startswith("type:")},
        "ocr_backlog": {"queued": counts.get("queued", 0), "processing": counts.get("processing", 0)},
        "ocr_failed": counts.get("failed", 0),
    }
