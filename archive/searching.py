"""Search as the archive's users see it: a query in, the DESIGN.md JSON hits out, with boxes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from archive.access import Visibility
from archive.highlighting import hit_boxes
from archive.models import Case, Document, DocumentPart, Unit
from search import Scope, SearchRequest


def run_search(archive, query: str, *, case: str | None = None, doc_type: str | None = None,
               unit: str | None = None, case_kind: str | None = None, date_from: dt.date | None = None,
               date_to: dt.date | None = None, visibility: Visibility | None = None, limit: int = 20,
               offset: int = 0) -> dict:
    """`{"total", "hits": [{"document_id", "case", "type", "page", "score", "snippet", "boxes"}], "facets"}`; each hit
    also carries the `number`, `date` and `issuer` of the document inside the upload that the page belongs to.

    The index query is scoped by `visibility` (None: everything); each hit is then checked against
    the records themselves, so a page whose case changed a moment ago is never shown to the wrong person.
    """
    scope = visibility.scope() if visibility is not None else Scope.everything()
    request = SearchRequest(query=query, scope=scope, case=case, unit=unit, case_kind=case_kind,
                            doc_type=doc_type, date_from=date_from, date_to=date_to, limit=limit, offset=offset)
    result = archive.search.search(request)
    if visibility is not None and not visibility.everything and result.hits:
        result.hits = _still_visible(archive, visibility, result.hits)
    marked = [hit.marked if hit.marked is not None else hit.terms for hit in result.hits]
    boxes = hit_boxes(archive, [(hit.document_id, hit.page, m) for hit, m in zip(result.hits, marked, strict=True)])
    hits = [
        {
            "document_id": hit.document_id,
            "case": hit.case,
            "type": hit.doc_type,
            "number": hit.number,
            "date": hit.doc_date.isoformat() if hit.doc_date else None,
            "issuer": hit.issuer,
            "page": hit.page,
            "score": round(float(hit.score), 4),
            "snippet": hit.snippet,
            "boxes": hit_boxes_of_page,
            "filename": hit.filename,
            "unit": hit.unit,
        }
        for hit, hit_boxes_of_page in zip(result.hits, boxes, strict=True)
    ]
    _add_names(archive, hits)
    return {"total": result.total, "hits": hits, "facets": result.facets, "suggestions": result.suggestions}


def _add_names(archive, hits: list[dict]) -> None:
    """Each hit's unit name and case title, so cards can be told apart (one query each)."""
    units = {h["unit"] for h in hits if h["unit"]}
    cases = {h["case"] for h in hits if h["case"]}
    with archive.session() as session:
        unit_names = (dict(session.execute(select(Unit.code, Unit.name).where(Unit.code.in_(units))).all())
                      if units else {})
        titles = dict(session.execute(select(Case.code, Case.title).where(Case.code.in_(cases))).all()) if cases else {}
    for h in hits:
        h["unit_name"] = unit_names.get(h["unit"])
        h["case_title"] = titles.get(h["case"]) or None


def _still_visible(archive, visibility: Visibility, hits: list) -> list:
    with archive.session() as session:
        documents = {d.id: d for d in session.scalars(
            select(Document).where(Document.id.in_({hit.document_id for hit in hits}))
            .options(selectinload(Document.parts).selectinload(DocumentPart.case), selectinload(Document.case)))}
        return [hit for hit in hits if hit.document_id in documents
                and visibility.page_visible(documents[hit.document_id], hit.page)]
