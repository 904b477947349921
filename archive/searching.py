"""Search as the archive's users see it: a query in, the DESIGN.md JSON hits out, with boxes."""

from __future__ import annotations

import datetime as dt

from archive.highlighting import hit_boxes
from search import Scope, SearchRequest


def run_search(archive, query: str, *, case: str | None = None, doc_type: str | None = None,
               unit: str | None = None, case_kind: str | None = None, date_from: dt.date | None = None,
               date_to: dt.date | None = None, scope: Scope | None = None, limit: int = 20,
               offset: int = 0) -> dict:
    """`{"total", "hits": [{"document_id", "case", "type", "page", "score", "snippet", "boxes"}], "facets"}`."""
    request = SearchRequest(query=query, scope=scope or Scope.everything(), case=case, unit=unit, case_kind=case_kind,
                            doc_type=doc_type, date_from=date_from, date_to=date_to, limit=limit, offset=offset)
    result = archive.search.search(request)
    boxes = hit_boxes(archive, [(hit.document_id, hit.page, hit.terms) for hit in result.hits])
    hits = [
        {
            "document_id": hit.document_id,
            "case": hit.case,
            "type": hit.doc_type,
            "page": hit.page,
            "score": round(float(hit.score), 4),
            "snippet": hit.snippet,
            "boxes": hit_boxes_of_page,
        }
        for hit, hit_boxes_of_page in zip(result.hits, boxes, strict=True)
    ]
    return {"total": result.total, "hits": hits, "facets": result.facets}
