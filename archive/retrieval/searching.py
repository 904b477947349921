"""Search as the archive's users see it: a query in, the DESIGN.md JSON hits out, with boxes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from archive.errors import HosoError, InvalidQuery, SearchBusy
from archive.records.models import Case, Document, DocumentPart, Page, Unit
from archive.retrieval.highlighting import hit_boxes
from archive.trust.access import Visibility, page_owner
from search import IndexBusy, InvalidSearch, Scope, SearchError, SearchRequest
from search.base import MAX_LIMIT, MAX_OFFSET
from search.highlight import highlight_reading
from search.query import read

GROUP_BATCH = MAX_LIMIT  # the matching pages a grouped search asks the index for at a time
# The deepest page a grouped search reads: batches go on until the cards asked for are filled.
GROUP_POOL = MAX_OFFSET + MAX_LIMIT
GROUP_PAGES = 30  # the matching pages listed on one document's card
GROUP_SNIPPETS = 50  # the best pages the index reads snippets for; the others shown are read here


def from_search(exc: SearchError) -> HosoError:
    """The archive's error for a failure of the search layer (which imports nothing of ours)."""
    if isinstance(exc, InvalidSearch):
        return InvalidQuery(str(exc))
    if isinstance(exc, IndexBusy):
        return SearchBusy()
    return HosoError(code="search_failed")


def _archive_errors(function):
    """The search layer's failures told as the archive's (`InvalidQuery` is a 422 saying why)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except SearchError as exc:
            raise from_search(exc) from exc

    return wrapper


@_archive_errors
def run_search(
    archive,
    query: str,
    *,
    case: str | None = None,
    doc_type: str | None = None,
    unit: str | None = None,
    case_kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    visibility: Visibility | None = None,
    limit: int = 20,
    offset: int = 0,
    group: str = "page",
) -> dict:
    """`{"total", "hits": [{"document_id", "case", "type", "page", "score", "snippet", "boxes"}], "facets"}`; each hit
    also carries the `number`, `date` and `issuer` of the document inside the upload that the page belongs to.

    The index query is scoped by `visibility` (None: everything); each hit is then checked against
    the records themselves, so a page whose case changed a moment ago is never shown to the wrong person.
    """
    scope = visibility.scope() if visibility is not None else Scope.everything()
    if group == "document":
        request = SearchRequest(
            query=query,
            scope=scope,
            case=case,
            unit=unit,
            case_kind=case_kind,
            doc_type=doc_type,
            date_from=date_from,
            date_to=date_to,
            limit=GROUP_BATCH,
            offset=0,
            snippets=GROUP_SNIPPETS,
        )
        return _grouped(archive, request, visibility, limit, offset)
    request = SearchRequest(
        query=query,
        scope=scope,
        case=case,
        unit=unit,
        case_kind=case_kind,
        doc_type=doc_type,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )
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


def _grouped(archive, request: SearchRequest, visibility: Visibility | None, limit: int, offset: int) -> dict:
    """One card per document (a part of an upload, or an upload that has no parts), ranked by its best page,
    listing its matching pages in page order. The pages are checked against the records before they are
    grouped, so a card never holds, counts or is made from a page its reader may not see.

    Matching pages are read from the index a batch (`GROUP_BATCH`) at a time until the cards asked for
    are filled or every match is read. `total` counts documents among the pages read; `exact` is False
    when more pages matched than were read (at most `GROUP_POOL`)."""
    result = archive.search.search(request)
    groups: dict[tuple[int, int | None], dict] = {}
    gathered, seen = 0, 0
    batch = result.hits
    while True:
        seen += _group_batch(archive, batch, visibility, groups)
        gathered += len(batch)
        if (
            len(groups) > offset + limit
            or gathered >= result.total
            or gathered >= GROUP_POOL
            or len(batch) < request.limit
        ):
            break
        more = dataclasses.replace(request, offset=gathered, limit=min(GROUP_BATCH, GROUP_POOL - gathered), snippets=0)
        batch = archive.search.search(more).hits
    cards = list(groups.values())[offset : offset + limit]
    for card in cards:
        card["pages"] = sorted(card["pages"], key=lambda p: p["page"])[:GROUP_PAGES]
    _fill_snippets(archive, request.query, [(card["document_id"], p) for card in cards for p in card["pages"]])
    _add_names(archive, cards)
    return {
        "group": "document",
        "total": len(groups),
        "exact": result.total <= gathered,
        "total_pages": seen if result.total <= gathered else result.total,
        "hits": cards,
        "facets": result.facets,
        "suggestions": result.suggestions,
    }


def _group_batch(archive, hits, visibility: Visibility | None, groups: dict) -> int:
    """Add a batch of page hits to the document cards (`groups`); returns how many pages its reader may see."""
    with archive.session() as session:
        documents = _hit_documents(session, hits)
        seen = 0
        for hit in hits:
            document = documents.get(hit.document_id)
            if document is None:
                continue
            if visibility is not None and not visibility.everything and not visibility.page_visible(document, hit.page):
                continue
            seen += 1
            part, _owner = page_owner(document, hit.page)
            key = (document.id, part.id if part is not None else None)
            card = groups.get(key)
            if card is None:
                card = groups[key] = {
                    "document_id": document.id,
                    "part_id": key[1],
                    "case": hit.case,
                    "type": hit.doc_type,
                    "number": hit.number,
                    "date": hit.doc_date.isoformat() if hit.doc_date else None,
                    "issuer": hit.issuer,
                    "filename": hit.filename,
                    "unit": hit.unit,
                    "first_page": part.first_page if part is not None else 1,
                    "last_page": part.last_page if part is not None else document.page_count,
                    "score": round(float(hit.score), 4),
                    "pages": [],
                    "matched_pages": 0,
                }
            card["matched_pages"] += 1
            card["pages"].append({"page": hit.page, "score": round(float(hit.score), 4), "snippet": hit.snippet})
    return seen


def _fill_snippets(archive, query: str, pages: list[tuple[int, dict]]) -> None:
    """The snippets of shown pages the index was not asked to read, from the pages' text (one query)."""
    missing = [(document_id, p) for document_id, p in pages if not p["snippet"]]
    if not missing:
        return
    reading = read(query)
    with archive.session() as session:
        texts = {
            (d, n): text
            for d, n, text in session.execute(
                select(Page.document_id, Page.number, Page.text).where(Page.document_id.in_({d for d, _ in missing}))
            ).all()
        }
    for document_id, p in missing:
        p["snippet"] = highlight_reading(texts.get((document_id, p["page"])) or "", reading)[0]


def _add_names(archive, hits: list[dict]) -> None:
    """Each hit's unit name and case title, so cards can be told apart (one query each)."""
    units = {h["unit"] for h in hits if h["unit"]}
    cases = {h["case"] for h in hits if h["case"]}
    with archive.session() as session:
        unit_names = (
            dict(session.execute(select(Unit.code, Unit.name).where(Unit.code.in_(units))).all()) if units else {}
        )
        titles = dict(session.execute(select(Case.code, Case.title).where(Case.code.in_(cases))).all()) if cases else {}
    for h in hits:
        h["unit_name"] = unit_names.get(h["unit"])
        h["case_title"] = titles.get(h["case"]) or None


def _hit_documents(session, hits) -> dict[int, Document]:
    """The hits' documents with what says who may see each page (parts and cases), by id, in one query."""
    return {
        d.id: d
        for d in session.scalars(
            select(Document)
            .where(Document.id.in_({hit.document_id for hit in hits}))
            .options(selectinload(Document.parts).selectinload(DocumentPart.case), selectinload(Document.case))
        )
    }


def _still_visible(archive, visibility: Visibility, hits: list) -> list:
    with archive.session() as session:
        documents = _hit_documents(session, hits)
        return [
            hit
            for hit in hits
            if hit.document_id in documents and visibility.page_visible(documents[hit.document_id], hit.page)
        ]
