"""Document-level stages after OCR: split an upload into documents, classify each, link the case.

Parts a person confirmed or corrected keep their boundaries, types and corrected fields when a document is
processed again; the rest is recomputed, so re-running gives the same result.
"""

from __future__ import annotations

import datetime as dt

from archive.classification import classify, fields_to_json, label_for, needs_review, split_pages
from archive.processing.field_evidence import field_evidence, untrusted
from archive.processing.learning import current_model
from archive.processing.linking import cited_elsewhere, link_document, relink_waiting
from archive.records.models import Document, DocumentPart, DocumentStatus, LinkStatus


def part_text(document: Document, part: DocumentPart) -> str:
    """The text of the part's typed pages (a handwritten page's OCR text would only mislead)."""
    return "\n\n".join(
        p.text for p in document.pages if part.first_page <= p.number <= part.last_page and p.kind == "text"
    )


def classify_and_link(archive, document_id: int) -> list[int]:
    """Split, classify and link one processed document (its pages are stored).

    Returns other documents that this one's link let the archive link too (to re-index).
    """
    model = current_model(archive)
    with archive.transaction() as session:
        document = session.get(Document, document_id)
        if not any(
            part.confirmed or (part.fields or {}).get("corrected") or (part.fields or {}).get("linked_by")
            for part in document.parts
        ):
            set_parts(session, document, [r.start + 1 for r in split_pages([p.text for p in document.pages])])
        classify_parts(document, model)
        newly_linked = link_document(session, document)
        summarise(document)
        session.flush()
        others = relink_waiting(session, document.unit_id) if newly_linked else []
        for other in others:
            summarise(session.get(Document, other))
        return others


def set_parts(session, document: Document, starts: list[int]) -> None:
    """Replace the document's parts by ones starting at the given 1-based pages."""
    starts = sorted({s for s in starts if 1 <= s <= max(1, document.page_count)} | {1})
    ends = [s - 1 for s in starts[1:]] + [max(1, document.page_count)]
    for part in list(document.parts):
        document.parts.remove(part)
    session.flush()
    for first, last in zip(starts, ends, strict=True):
        document.parts.append(DocumentPart(first_page=first, last_page=last))
    session.flush()


def classify_parts(document: Document, model) -> None:
    """Classify every part that a person has not confirmed; extract fields for all."""
    for part in document.parts:
        classify_part(document, part, model)


def classify_part(document: Document, part: DocumentPart, model) -> None:
    """Fields extracted from the part's own pages; its type too unless a person confirmed it."""
    text = part_text(document, part)
    result = classify(text, model)
    fields = fields_to_json(result.fields)
    doubts = list(result.fields.doubts)
    first = next((p for p in document.pages if p.number == part.first_page), None)
    evidence = field_evidence([first], fields) if first is not None else {}
    if first is not None and first.source == "ocr":
        for name in untrusted(evidence):
            fields[name] = None  # shown empty, its words boxed on the review page
            doubts.append(f"{name}_unreadable")
    read = keep_corrected(
        part.fields,
        fields
        | {
            "cited_numbers": cited_elsewhere(text, fields),
            "doubts": doubts,
            "evidence": {name: e.to_json() for name, e in evidence.items()},
        },
    )
    corrected = read.get("corrected") or ()
    read["doubts"] = [d for d in doubts if d.rsplit("_", 1)[0] not in corrected]
    part.fields = read
    part.doc_date = _date(read.get("date"))
    if part.confirmed:
        return
    part.doc_type = result.doc_type
    part.confidence = result.confidence
    part.needs_review = needs_review(result)


def field_doubts(part: DocumentPart) -> list[str]:
    """The part's fields left empty because the page could not be trusted there, as doubt codes."""
    return list((part.fields or {}).get("doubts") or [])


def keep_corrected(previous: dict | None, fields: dict) -> dict:
    """Fields read again, with what a person corrected (listed in `corrected`) and the case they chose kept."""
    previous = previous or {}
    corrected = list(previous.get("corrected") or [])
    kept = {"linked_by": previous["linked_by"]} if previous.get("linked_by") else {}
    if corrected:
        kept |= {name: previous.get(name) for name in corrected} | {"corrected": corrected}
    return fields | kept


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def ordered_parts(document: Document) -> list[DocumentPart]:
    """The upload's parts in page order (the loaded list keeps insertion order until it is read again)."""
    return sorted(document.parts, key=lambda part: part.first_page)


def summarise(document: Document) -> None:
    """The document's own type/fields are those of its first part; review if any part needs it."""
    parts = ordered_parts(document)
    first = parts[0] if parts else None
    document.doc_type = first.doc_type if first else None
    document.doc_type_confidence = first.confidence if first else None
    document.doc_type_confirmed = bool(first and first.confirmed)
    document.fields = first.fields if first else None
    document.doc_date = first.doc_date if first else None
    document.needs_review = bool(review_reasons(document))


REVIEW_REASONS = (
    "failed",
    "type",
    "number_unreadable",
    "date_unreadable",
    "date_implausible",
    "issuer_unreadable",
    "link",
    "page_blank",
    "page_photo",
    "page_handwritten",
    "quality",
)


def review_reasons(document: Document) -> list[str]:
    """Why a person must look at this document, as codes of REVIEW_REASONS (empty: nothing)."""
    reasons = []
    if document.status == DocumentStatus.FAILED:
        reasons.append("failed")
    if any(part.needs_review and not part.confirmed for part in document.parts):
        reasons.append("type")
    for part in document.parts:
        reasons += [doubt for doubt in field_doubts(part) if doubt not in reasons]
    if document.link_status == LinkStatus.REVIEW:
        reasons.append("link")
    reasons += page_reasons(document.pages)
    return reasons


def page_reasons(pages) -> list[str]:
    """The pages' own reasons not yet seen by a person: a flagged kind (page_handwritten ...) or a poor reading."""
    waiting = [page for page in pages if page.needs_review]
    reasons = sorted({f"page_{page.kind}" for page in waiting if page.kind != "text"})
    return reasons + (["quality"] if any(page.kind == "text" for page in waiting) else [])


def part_reasons(document: Document, part: DocumentPart) -> list[str]:
    """Codes of why this document of the upload waits for a person (of REVIEW_REASONS)."""
    reasons = []
    if document.status == DocumentStatus.FAILED:
        reasons.append("failed")
    if part.needs_review and not part.confirmed:
        reasons.append("type")
    reasons += field_doubts(part)
    if part.case_id is None and document.link_status == LinkStatus.REVIEW:
        reasons.append("link")
    reasons += page_reasons([page for page in document.pages if part.first_page <= page.number <= part.last_page])
    return reasons


def missing_fields(document: Document, part: DocumentPart) -> list[str]:
    """Identifying fields not found on the part's pages (number, date): worth a look, not a reason to wait."""
    fields = part.fields or {}
    return [name for name in ("number", "date") if document.status == DocumentStatus.DONE and not fields.get(name)]


def link_state(document: Document, part: DocumentPart) -> str:
    """How the part came to its case: manual (a person chose it: `linked_by` in its fields), auto, review
    (waiting for a person) or none."""
    if part.case_id is not None and (part.fields or {}).get("linked_by"):
        return "manual"
    if part.case_id is not None:
        return document.link_status if document.link_status in (LinkStatus.MANUAL, LinkStatus.AUTO) else LinkStatus.AUTO
    return LinkStatus.REVIEW if document.link_status == LinkStatus.REVIEW else LinkStatus.NONE


def document_parts_json(document: Document) -> list[dict]:

    return [
        {
            "id": part.id,
            "first_page": part.first_page,
            "last_page": part.last_page,
            "type": part.doc_type,
            "label": label_for(part.doc_type) if part.doc_type else None,
            "confidence": part.confidence,
            "confirmed": part.confirmed,
            "needs_review": part.needs_review,
            "fields": part.fields,
        }
        for part in ordered_parts(document)
    ]
