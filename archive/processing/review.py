"""A person's corrections: confirm or change a document's type, its case, or where documents split.

Every correction is audited, re-indexes the document, and a confirmed type becomes a training
example, so the next similar document is classified better.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import or_, select, true

from archive import errors
from archive.classification import is_valid_type
from archive.processing.documents import classify_parts, part_text, set_parts, summarise
from archive.processing.learning import add_example, current_model
from archive.records.models import AuditEvent, Case, Document, DocumentPart, DocumentStatus, LinkStatus


class CorrectionError(errors.Invalid):
    """A correction that cannot be applied; the message is for the user (Vietnamese)."""

    code = "correction_refused"


def _document(session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise CorrectionError("Không tìm thấy tài liệu")
    if document.status != DocumentStatus.DONE:
        raise CorrectionError("Tài liệu chưa xử lý xong")
    return document


def confirm_type(archive, document_id: int, doc_type: str, actor: str | None, part_id: int | None = None) -> None:
    """Set (and confirm) the type of a document's part (its first part when none is named)."""
    if not is_valid_type(doc_type):
        raise CorrectionError(f"Mã loại văn bản không hợp lệ: {doc_type}")
    with archive.transaction() as session:
        document = _document(session, document_id)
        part = _part(session, document, part_id)
        previous = part.doc_type
        part.doc_type, part.confirmed, part.confirmed_by, part.needs_review = doc_type, True, actor, False
        part.confidence = 1.0
        add_example(session, part_text(document, part), doc_type, part.id, actor)
        summarise(document)
        session.add(
            AuditEvent(
                actor=actor,
                action="confirm_type",
                target=f"document:{document_id}",
                detail={"part": part.id, "from": previous, "to": doc_type},
            )
        )
    archive.outbox.drain()


def _part(session, document: Document, part_id: int | None) -> DocumentPart:
    if not document.parts:  # recorded before uploads were split: the whole upload is one document
        set_parts(session, document, [1])
    if part_id is None:
        return document.parts[0]
    for part in document.parts:
        if part.id == part_id:
            return part
    raise CorrectionError("Không tìm thấy phần văn bản này trong tài liệu")


def set_case(
    archive, document_id: int, case_code: str | None, actor: str | None, may_use: Callable[[Case], bool] | None = None
) -> None:
    """Link the document to a case by hand (or unlink with None); the person's choice wins.

    `may_use` says which cases this person may link to (those they can see); others are "not found".
    """
    with archive.transaction() as session:
        document = _document(session, document_id)
        previous = document.case.code if document.case else None
        if case_code:
            case = session.scalar(select(Case).where(Case.code == case_code))
            if case is None or (may_use is not None and not may_use(case)):
                raise CorrectionError(f"Không tìm thấy vụ án {case_code}")
            document.case_id, document.link_status = case.id, LinkStatus.MANUAL
            document.unit_id = case.unit_id or document.unit_id
            document.link_reason = f"Do {actor or 'người dùng'} chọn"
        else:
            case = None
            document.case_id, document.link_status = None, LinkStatus.REVIEW
            document.link_reason = "Đã bỏ liên kết vụ án"
        for part in document.parts:  # a person's choice for the upload is the case of all its parts
            part.case_id = case.id if case is not None else None
        session.flush()
        session.refresh(document)
        summarise(document)
        session.add(
            AuditEvent(
                actor=actor,
                action="set_case",
                target=f"document:{document_id}",
                detail={"from": previous, "to": case_code},
            )
        )
    archive.outbox.drain()


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
        session.add(
            AuditEvent(
                actor=actor,
                action="set_boundaries",
                target=f"document:{document_id}",
                detail={"from": before, "to": [p.first_page for p in document.parts]},
            )
        )
    archive.outbox.drain()


def mark_reviewed(archive, document_id: int, actor: str | None) -> None:
    """A person looked and accepts the document as it is: unsure types become confirmed examples."""
    with archive.transaction() as session:
        document = _document(session, document_id)
        for part in document.parts:
            if part.needs_review and not part.confirmed and part.doc_type:
                part.confirmed, part.confirmed_by, part.needs_review = True, actor, False
                add_example(session, part_text(document, part), part.doc_type, part.id, actor)
        for page in document.pages:
            page.needs_review = False
        if document.link_status == LinkStatus.REVIEW:  # accepted as linked now, or as belonging to no case
            document.link_status = LinkStatus.MANUAL if document.case_id is not None else LinkStatus.NONE
        summarise(document)
        session.add(AuditEvent(actor=actor, action="mark_reviewed", target=f"document:{document_id}", detail={}))


def review_queue(session, condition=None, limit: int = 100) -> list[Document]:
    """Documents waiting for a person (unsure, unlinked, poorly read, or failed), oldest first.

    `condition` restricts them to what the asking person may see (a SQL condition on Document).
    """
    query = (
        select(Document)
        .where(condition if condition is not None else true())
        .where(or_(Document.needs_review.is_(True), Document.status == DocumentStatus.FAILED))
        .order_by(Document.id)
        .limit(limit)
    )
    return list(session.scalars(query).all())
