"""The aggregate path: set-based SQL counting every indicator per recorded unit in one pass over the cases,
then summed up the unit hierarchy (a loop over units, never over cases). Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Integer, and_, case, func, literal, or_, select, text, union_all

from archive.records.models import Case, Document, DocumentPart, DocumentStatus
from archive.statistics.definitions import INDICATORS
from archive.statistics.periods import Period

UNTYPED = "chua_phan_loai"
BACKLOG = ("queued", "processing", "failed")


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

        query = (
            select(Case.unit_id, func.count(), _count(indicator.numerator_sql(period, among, per_case)))
            .where(among(Case))
            .group_by(Case.unit_id)
        )
        for unit_id, denominator, numerator in session.execute(query):
            bucket = totals.setdefault(unit_id, {})
            bucket[f"{indicator.code}:d"] = int(denominator)
            bucket[f"{indicator.code}:n"] = int(numerator)
    return totals


def document_counts(session, period: Period, unit_ids: Collection[int] | None = None) -> dict[int | None, dict]:
    """Per recorded unit: documents done in the period by type with their pages (the pipeline's count of pages
    processed), OCR backlog (queued, processing) and failures as they stand now. A document belongs to its case's
    unit, else to its own.

    One statement: the documents that count are found once, each with its unit (the only join with the cases),
    as a common table expression that two groupings read — by unit and state (pages of the done ones, the
    backlog), and by unit and the type of each document inside an upload. PostgreSQL and SQLite both compute a
    CTE that is read more than once a single time.
    """
    docs = _counted_documents(session, period, unit_ids).cte("counted_documents")
    # An upload holding several documents counts each of them under its own type.
    doc_type = func.coalesce(DocumentPart.doc_type, docs.c.doc_type, literal(UNTYPED))
    figures = union_all(
        select(literal("state"), docs.c.unit_id, docs.c.status, func.sum(docs.c.pages_done), func.count()).group_by(
            docs.c.unit_id, docs.c.status
        ),
        select(literal("type"), docs.c.unit_id, doc_type, literal(None, Integer), func.count())
        .select_from(docs)
        .outerjoin(DocumentPart, DocumentPart.document_id == docs.c.id)
        .where(docs.c.status == DocumentStatus.DONE)
        .group_by(docs.c.unit_id, doc_type),
    )
    totals: dict[int | None, dict] = {}
    for figure, unit_id, key, pages, count in session.execute(figures):
        bucket = totals.setdefault(unit_id, {})
        if figure == "type":
            bucket[f"type:{key}"] = bucket.get(f"type:{key}", 0) + count
        elif key == "done":
            bucket["pages"] = bucket.get("pages", 0) + int(pages or 0)
        else:
            bucket[key] = bucket.get(key, 0) + count
    return totals


def _counted_documents(session, period: Period, unit_ids: Collection[int] | None):
    """(id, unit_id, status, doc_type, pages_done) of every document that counts: done in the period, or in the
    OCR backlog (queued, processing, failed). For some units, their cases' documents and their own documents
    without a case: each part starts from an index on the unit (the unit's cases, then their documents).
    """
    columns = (Document.status, Document.doc_type, Document.pages_done)
    processed_at = Document.processed_at
    if unit_ids is not None and session.get_bind().dialect.name == "sqlite":
        # SQLite would start from every document done in the period, then look up each one's case; wrapping the
        # timestamp keeps it on the unit's cases (5× faster for a province, bench/report_bench.py). PostgreSQL
        # needs no such help: it estimates both sides and picks the smaller.
        processed_at = func.coalesce(processed_at, processed_at)
    counted = or_(
        and_(
            Document.status == DocumentStatus.DONE,
            processed_at >= period.start_datetime,
            processed_at < period.after_datetime,
        ),
        Document.status.in_(BACKLOG),
    )
    if unit_ids is None:
        unit = func.coalesce(Case.unit_id, Document.unit_id).label("unit_id")
        return (
            select(Document.id, unit, *columns)
            .select_from(Document)
            .outerjoin(Case, Document.case_id == Case.id)
            .where(counted)
        )
    ids = sorted(unit_ids)
    of_cases = (
        select(Document.id, Case.unit_id.label("unit_id"), *columns)
        .select_from(Case)
        .join(Document, Document.case_id == Case.id)
        .where(Case.unit_id.in_(ids), counted)
    )
    own = select(Document.id, Document.unit_id, *columns).where(
        Document.case_id.is_(None), Document.unit_id.in_(ids), counted
    )
    return union_all(of_cases, own)


def figures_json(counts: dict) -> dict:
    """The non-indicator figures of one unit, from its (rolled-up) counts."""
    return {
        "pages_digitised": counts.get("pages", 0),
        "documents_by_type": {key[5:]: value for key, value in sorted(counts.items()) if key.startswith("type:")},
        "ocr_backlog": {"queued": counts.get("queued", 0), "processing": counts.get("processing", 0)},
        "ocr_failed": counts.get("failed", 0),
    }
