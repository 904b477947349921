"""A person's corrections: confirm or change a document's type, its case, or where documents split.

Every correction is audited, re-indexes the document, and a confirmed type becomes a training
example, so the next similar document is classified better.
"""

from __future__ import annotations

from sqlalchemy import select

from archive.classification import is_valid_type
from archive.documents import classify_parts, part_text, set_parts, summarise
from archive.learning import add_example, current_model
from archive.models import AuditEvent, Case, Document, DocumentPart


class CorrectionError(Exception):
    """A correction that cannot be applied; the message is for the user (Vietnamese)."""


def _document(session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise CorrectionError("Không tìm thấy tài liệu")
    if document.status != "done":
        raise CorrectionError("Tài liệu chưa xử lý xong")
    return document


def confirm_type(archive, document_id: int, doc_type: str, actor: str | None, part_id: int | None = None) -> None:
    """Set (and confirm) the type of a document's part (its first part when none is named)."""
    if not is_valid_type(doc_type):
        raise CorrectionError(f"Mã loại văn bản không hợp lệ: {doc_type}")
    with archive.transaction() as session:
        document = _document(session, document_id)
        part = _part(document, part_id)
        previous = part.doc_type
        part.doc_type, part.confirmed, part.confirmed_by, part.needs_review = doc_type, True, actor, False
        part.confidence = 1.0
        add_example(session, part_text(document, part), doc_type, part.id, actor)
        summarise(document)
        session.add(AuditEvent(actor=actor, action="confirm_type", target=f"document:{document_id}",
                               detail={"part": part.id, "from": previous, "to": doc_type}))
    archive.search.index_document(document_id)


def _part(document: Document, part_id: int | None) -> DocumentPart:
    if not document.parts:
        raise CorrectionError("Tài liệu chưa được phân loại")
    if part_id is None:
        return document.parts[0]
    for part in document.parts:
        if part.id == part_id:
            return part
    raise CorrectionError("Không tìm thấy phần văn bản này trong tài liệu")


def set_case(archive, document_id: int, case_code: str | None, actor: str | None,
             allowed_unit_ids: set[int] | None = None) -> None:
    """Link the document to a case by hand (or unlink with None); the person's choice wins."""
    with archive.transaction() as session:
        document = _document(session, document_id)
        previous = document.case.code if document.case else None
        if case_code:
            case = session.scalar(select(Case).where(Case.code == case_code))
            if case is None or (allowed_unit_ids is not None and case.unit_id not in allowed_unit_ids):
                raise CorrectionError(f"Không tìm thấy vụ án {case_code}")
            document.case_id, document.link_status = case.id, "manual"
            document.link_reason = f"Do {actor or 'người dùng'} chọn"
        else:
            document.case_id, document.link_status, document.link_reason = None, "review", "Đã bỏ liên kết vụ án"
        session.flush()
        session.refresh(document)
        summarise(document)
        session.add(AuditEvent(actor=actor, action="set_case", target=f"document:{document_id}",
                               detail={"from": previous, "to": case_code}))
    archive.search.index_document(document_id)


def set_boundaries(archive, document_id: int, starts: list[int], actor: str | None) -> None:
    """Split or merge: the documents inside an upload start at these pages (1-based)."""
    with archive.transaction() as session:
        document = _document(session, document_id)
        if any(s < 1 or s > document.page_count for s in starts):
            raise CorrectionError(f"Số trang phải từ 1 đến {document.page_count}")
        before = [p.first_page for p in document.parts]
        set_parts(session, document, starts)
        classify_parts(document, current_model(archive))
        summarise(document)
        session.add(AuditEvent(actor=actor, action="set_boundaries", target=f"document:{document_id}",
                               detail={"from": before, "to": [p.first_page for p in document.parts]}))
    archive.search.index_document(document_id)


def review_queue(archive, unit_ids: set[int] | None = None, limit: int = 100) -> list[dict]:
    """Documents waiting for a person, with why and the best case candidates."""
    from archive.documents import review_reasons

    with archive.session() as session:
        query = select(Document).where(Document.needs_review.is_(True), Document.status == "done")
        if unit_ids is not None:
            query = query.outerjoin(Case, Document.case_id == Case.id).where(
                (Case.unit_id.in_(unit_ids)) | (Document.case_id.is_(None) & Document.unit_id.in_(unit_ids))
            )
        documents = session.scalars(query.order_by(Document.id).limit(limit)).all()
        return [
            {
                "document_id": d.id, "filename": d.filename, "type": d.doc_type,
                "confidence": d.doc_type_confidence, "case": d.case.code if d.case else None,
                "link_status": d.link_status, "candidates": d.link_candidates or [],
                "reasons": review_reasons(d),
            }
            for d in documents
        ]
