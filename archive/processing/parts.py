"""The documents inside an upload as records of their own: how each is shown, where each is listed, and a
person's split, merge and move of one to another case.

A scan may hold several documents (`DocumentPart`: pages first_page..last_page of the upload), each with
its own type, number, date, issuer, people, case and review state. A split or a merge reads again the text
of the pages concerned (archive/classification), so that each document's type and fields are its own; a
merge keeps what a person confirmed of the first document. Every change is audited in its transaction and
every refusal in one of its own; the search index follows through the outbox (the part's tracked fields
change) and the upload's summary through archive/processing/summaries.py.

Who may: the person must see the document (otherwise it is "not found") and be allowed to change the case
it belongs to (archive/trust/access.py `may_write_case`; for a document in no case, the unit of its upload); a
move needs the same of the case it goes to. With no visibility (`vis=None`) the caller is the system.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from sqlalchemy import and_, exists, func, not_, select
from sqlalchemy.orm import selectinload

from archive import errors
from archive.classification.taxonomy import DOCUMENT_TYPES
from archive.processing.documents import (
    classify_part,
    link_state,
    missing_fields,
    ordered_parts,
    part_reasons,
    part_text,
)
from archive.processing.learning import add_example, current_model, model_in
from archive.records.models import Case, Document, DocumentPart, DocumentStatus, LinkStatus, Page
from archive.trust.access import Visibility, may_use_unit, may_write_case
from archive.trust.audit import record

UNTYPED_TITLE = "Văn bản chưa xác định loại"
TYPE_ORDER = {code: index for index, code in enumerate(DOCUMENT_TYPES)}


class PartError(errors.Invalid):
    """A change to a document inside an upload that cannot be made; the message is for the user (Vietnamese)."""

    code = "part_refused"


class PartNotFound(PartError):
    """No such document inside that upload, or not one the person may see."""

    http_status = 404


class PartForbidden(PartError):
    """The person sees the document but may not change the case it is in (or the case it would go to)."""

    http_status = 403


class CaseNotFound(PartError):
    """The case a document would go to is not in the register, or not one the person may see."""


def type_title(doc_type: str | None) -> str:
    return DOCUMENT_TYPES.get(doc_type or "", UNTYPED_TITLE)


def part_title(doc_type: str | None, fields: dict | None) -> str:
    """How a document is named to people: its type, and its number when it has one."""
    number = (fields or {}).get("number")
    return f"{type_title(doc_type)} số {number}" if number else type_title(doc_type)


def _date(part: DocumentPart):
    if part.doc_date is not None:
        return part.doc_date.isoformat()
    return (part.fields or {}).get("date")


def part_json(part: DocumentPart, position: int, total: int) -> dict:
    """One document of an upload: "Phần position/total", its pages, type, identifiers, case and review state."""
    fields = part.fields or {}
    return {
        "id": part.id,
        "position": position,
        "total": total,
        "first_page": part.first_page,
        "last_page": part.last_page,
        "type": part.doc_type,
        "label": type_title(part.doc_type),
        "title": part_title(part.doc_type, fields),
        "number": fields.get("number"),
        "date": _date(part),
        "issuer": fields.get("issuer"),
        "people": [p for p in fields.get("people") or [] if isinstance(p, dict) and p.get("name")],
        "articles": list(fields.get("articles") or []),
        "case": part.case.code if part.case else None,
        "case_title": part.case.title if part.case else None,
        "confidence": part.confidence,
        "confirmed": bool(part.confirmed),
        "needs_review": bool(part.needs_review),
        "link": link_state(part.document, part),
        "reasons": part_reasons(part.document, part),
        "missing": missing_fields(part.document, part),
        "corrected": list(fields.get("corrected") or []),
    }


def parts_json(document: Document, vis: Visibility | None = None) -> list[dict]:
    """The upload's documents in page order that the reader may see, each numbered among all of them."""
    parts = ordered_parts(document)
    return [
        part_json(part, index, len(parts))
        for index, part in enumerate(parts, start=1)
        if vis is None or vis.part_visible(document, part)
    ]


# --- Where documents are listed ------------------------------------------------------------------------


def _stored_pages(session, where) -> dict:
    """Pages read so far inside each part matching `where`, by part id."""
    query = (
        select(DocumentPart.id, func.count(Page.id))
        .join(
            Page,
            and_(
                Page.document_id == DocumentPart.document_id,
                Page.number >= DocumentPart.first_page,
                Page.number <= DocumentPart.last_page,
            ),
        )
        .where(where)
        .group_by(DocumentPart.id)
    )
    return dict(session.execute(query).all())


def _unsplit(case_ids):
    """Uploads of these cases not (yet) split into documents: queued, being read, failed, or older records."""
    return and_(Document.case_id.in_(case_ids), not_(exists().where(DocumentPart.document_id == Document.id)))


def case_entries(session, case: Case) -> list[dict]:
    """Every document of a case in case-file order (by type, then date): each document inside an upload on
    its own, with its page range and a link opening the viewer at its first page; an upload not split into
    documents yet, whole."""
    parts = session.scalars(
        select(DocumentPart).where(DocumentPart.case_id == case.id).options(selectinload(DocumentPart.document))
    ).all()
    stored = _stored_pages(session, DocumentPart.case_id == case.id) if parts else {}
    starts: dict[int, list[int]] = defaultdict(list)
    if parts:
        for document_id, first in session.execute(
            select(DocumentPart.document_id, DocumentPart.first_page).where(
                DocumentPart.document_id.in_({p.document_id for p in parts})
            )
        ):
            starts[document_id].append(first)
    entries = []
    for part in parts:
        document, fields = part.document, part.fields or {}
        siblings = sorted(starts[part.document_id])
        entries.append(
            {
                "document_id": document.id,
                "part_id": part.id,
                "filename": document.filename,
                "type": part.doc_type,
                "label": type_title(part.doc_type),
                "title": part_title(part.doc_type, fields),
                "number": fields.get("number"),
                "date": _date(part),
                "issuer": fields.get("issuer"),
                "first_page": part.first_page,
                "last_page": part.last_page,
                "position": siblings.index(part.first_page) + 1,
                "total": len(siblings),
                "pages": stored.get(part.id, 0),
                "span": part.last_page - part.first_page + 1,
                "status": document.status,
                "failure_reason": document.failure_reason,
                "needs_review": bool(part.needs_review and not part.confirmed),
                "confirmed": bool(part.confirmed),
                "href": f"/documents/{document.id}?page={part.first_page}",
            }
        )
    whole = session.scalars(select(Document).where(_unsplit([case.id]))).all()
    counted = (
        dict(
            session.execute(
                select(Page.document_id, func.count(Page.id))
                .where(Page.document_id.in_([d.id for d in whole]))
                .group_by(Page.document_id)
            ).all()
        )
        if whole
        else {}
    )
    for document in whole:
        fields = document.fields or {}
        entries.append(
            {
                "document_id": document.id,
                "part_id": None,
                "filename": document.filename,
                "type": document.doc_type,
                "label": type_title(document.doc_type),
                "title": part_title(document.doc_type, fields),
                "number": fields.get("number"),
                "date": document.doc_date.isoformat() if document.doc_date else None,
                "issuer": fields.get("issuer"),
                "first_page": 1,
                "last_page": max(1, document.page_count),
                "position": None,
                "total": None,
                "pages": counted.get(document.id, 0),
                "span": document.page_count,
                "status": document.status,
                "failure_reason": document.failure_reason,
                "needs_review": bool(document.needs_review),
                "confirmed": bool(document.doc_type_confirmed),
                "href": f"/documents/{document.id}?page=1",
            }
        )
    entries.sort(
        key=lambda e: (
            TYPE_ORDER.get(e["type"] or "khac", len(TYPE_ORDER)),
            e["date"] is None,
            e["date"] or "",
            e["document_id"],
            e["first_page"],
        )
    )
    return entries


def case_counts(session, case_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(documents, pages read) of each case: the documents inside uploads that belong to it, and its uploads
    not split into documents yet."""
    if not case_ids:
        return {}
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for case_id, number in session.execute(
        select(DocumentPart.case_id, func.count(DocumentPart.id))
        .where(DocumentPart.case_id.in_(case_ids))
        .group_by(DocumentPart.case_id)
    ):
        counts[case_id][0] += number
    pages = (
        select(DocumentPart.case_id, func.count(Page.id))
        .join(
            Page,
            and_(
                Page.document_id == DocumentPart.document_id,
                Page.number >= DocumentPart.first_page,
                Page.number <= DocumentPart.last_page,
            ),
        )
        .where(DocumentPart.case_id.in_(case_ids))
        .group_by(DocumentPart.case_id)
    )
    for case_id, number in session.execute(pages):
        counts[case_id][1] += number
    for case_id, number in session.execute(
        select(Document.case_id, func.count(Document.id)).where(_unsplit(case_ids)).group_by(Document.case_id)
    ):
        counts[case_id][0] += number
    for case_id, number in session.execute(
        select(Document.case_id, func.count(Page.id))
        .join(Page, Page.document_id == Document.id)
        .where(_unsplit(case_ids))
        .group_by(Document.case_id)
    ):
        counts[case_id][1] += number
    return {case_id: (values[0], values[1]) for case_id, values in counts.items()}


# --- A person's changes --------------------------------------------------------------------------------


def _target(document_id: int, part_id: int) -> str:
    return f"document:{document_id}/part:{part_id}"


def _load(session, document_id: int, part_id: int, vis: Visibility | None) -> tuple[Document, DocumentPart]:
    document = session.get(Document, document_id)
    part = session.get(DocumentPart, part_id)
    if (
        document is None
        or part is None
        or part.document_id != document.id
        or (vis is not None and not vis.part_visible(document, part))
    ):
        raise PartNotFound("Không tìm thấy văn bản này trong tài liệu")
    if document.status != DocumentStatus.DONE:
        raise PartError("Tài liệu chưa xử lý xong, chưa sửa được các văn bản trong tệp")
    return document, part


def _may_change(vis: Visibility | None, document: Document, part: DocumentPart) -> bool:
    if vis is None:
        return True
    if part.case is not None:
        return may_write_case(vis, part.case)
    return may_use_unit(vis, document.unit_id)


def _require_change(vis: Visibility | None, document: Document, part: DocumentPart, doing: str) -> None:
    if not _may_change(vis, document, part):
        where = f"vụ án {part.case.code}" if part.case is not None else "đơn vị của tệp"
        raise PartForbidden(f"Không có quyền {doing} văn bản thuộc {where}")


def _pages(part: DocumentPart) -> str:
    """The part's pages as the audit trail shows them: "3", "2–5"."""
    if part.first_page == part.last_page:
        return str(part.first_page)
    return f"{part.first_page}–{part.last_page}"


def _relearn(session, document: Document, part: DocumentPart) -> None:
    """A confirmed type taught the classifier with the document's text: the text is now other pages."""
    if part.confirmed and part.doc_type:
        add_example(session, part_text(document, part), part.doc_type, part.id, part.confirmed_by)


def _exists(session, case_code: str | None) -> bool:
    return bool(case_code) and session.scalar(select(Case.id).where(Case.code == case_code)) is not None


def _audited(archive, action: str, document_id: int, part_id: int, detail: dict, actor: str | None, change):
    """Run `change(session)` in a transaction with its audit row; a refusal is audited in its own."""
    try:
        with archive.transaction() as session:
            result, more = change(session)
            record(session, action, _target(document_id, part_id), detail=detail | more, actor=actor)
    except PartError as exc:
        with archive.transaction() as session:
            refused = isinstance(exc, PartForbidden | PartNotFound) or (
                isinstance(exc, CaseNotFound) and _exists(session, detail.get("to"))
            )
            outcome = "refused" if refused else "failed"
            record(
                session,
                action,
                _target(document_id, part_id),
                outcome=outcome,
                detail=detail | {"reason": str(exc)},
                actor=actor,
            )
        raise
    archive.outbox.drain()
    return result


def split_part(
    archive, document_id: int, part_id: int, page: int, vis: Visibility | None = None, actor: str | None = None
) -> tuple[int, int]:
    """Split a document of an upload so that a new one starts at `page`; returns both parts' ids.

    Each half is classified and its fields extracted from its own pages; the first keeps a type a person
    confirmed (its title page is still its own), the second is new and unconfirmed. Both stay in the case.
    """
    model = current_model(archive)

    def change(session):
        document, part = _load(session, document_id, part_id, vis)
        _require_change(vis, document, part, "tách")
        if part.first_page == part.last_page:
            raise PartError("Văn bản này chỉ có một trang, không tách được")
        if not part.first_page < page <= part.last_page:
            raise PartError(
                f"Chỉ tách được tại một trang từ {part.first_page + 1} đến {part.last_page} "
                f"của văn bản này (đã chọn trang {page})"
            )
        before = _pages(part)
        second = DocumentPart(first_page=page, last_page=part.last_page, case_id=part.case_id)
        part.last_page = page - 1
        document.parts.append(second)
        session.flush()
        current = model
        if part.confirmed:  # its example held the pages now split off: taught again before they are read
            _relearn(session, document, part)
            session.flush()
            current = model_in(session)
        for piece in (part, second):
            classify_part(document, piece, current)
        session.flush()
        return (part.id, second.id), {
            "before": before,
            "after": [_pages(part), _pages(second)],
            "types": [part.doc_type, second.doc_type],
        }

    return _audited(archive, "part.split", document_id, part_id, {"page": page}, actor, change)


def merge_with_next(
    archive, document_id: int, part_id: int, vis: Visibility | None = None, actor: str | None = None
) -> int:
    """Join a document of an upload with the one after it; returns the joined part's id.

    The joined document is the first one grown by the next one's pages: in the first one's case, with
    what a person confirmed of it (type and fields) kept; unconfirmed, it is classified again from all
    its pages. Both documents must be the person's to change.
    """
    model = current_model(archive)

    def change(session):
        document, part = _load(session, document_id, part_id, vis)
        _require_change(vis, document, part, "gộp")
        parts = ordered_parts(document)
        index = parts.index(part)
        if index == len(parts) - 1:
            raise PartError("Đây là văn bản cuối của tệp, không có văn bản sau để gộp")
        following = parts[index + 1]
        if vis is not None and not vis.part_visible(document, following):
            raise PartForbidden("Không có quyền gộp với văn bản sau: văn bản đó thuộc vụ án khác")
        _require_change(vis, document, following, "gộp")
        before = [_pages(part), _pages(following)]
        absorbed = {
            "id": following.id,
            "type": following.doc_type,
            "case": following.case.code if following.case else None,
        }
        part.last_page = following.last_page
        document.parts.remove(following)
        session.flush()
        if part.confirmed:
            _relearn(session, document, part)
        else:
            classify_part(document, part, model)
        session.flush()
        return part.id, {"before": before, "after": _pages(part), "absorbed": absorbed, "type": part.doc_type}

    return _audited(archive, "part.merge", document_id, part_id, {}, actor, change)


def move_part(
    archive, document_id: int, part_id: int, case_code: str, vis: Visibility | None = None, actor: str | None = None
) -> None:
    """Put one document of an upload in another case (its pages are then seen by who may see that case).

    When every document of the upload is then in that case, the upload is filed there too, as a person's
    choice; a case the person may not see is "not found", one they see but may not change is refused.
    """
    code = unicodedata.normalize("NFC", (case_code or "").strip())

    def change(session):
        document, part = _load(session, document_id, part_id, vis)
        return None, _move(session, document, part, code, vis, actor)

    return _audited(archive, "part.move", document_id, part_id, {"to": code}, actor, change)


def _move(
    session, document: Document, part: DocumentPart, code: str, vis: Visibility | None, actor: str | None
) -> dict:
    """Put the part in the case `code` (checked for the person); what the audit row says of the move."""
    if not code:
        raise PartError("Hãy chọn vụ án cần chuyển văn bản tới")
    target = session.scalar(select(Case).where(Case.code == code))
    if target is None or (vis is not None and not vis.case_visible(target)):
        raise CaseNotFound(f"Không tìm thấy vụ án {code}")
    _require_change(vis, document, part, "chuyển")
    if vis is not None and not may_write_case(vis, target):
        raise PartForbidden(f"Không có quyền đưa văn bản vào vụ án {code}")
    if part.case_id == target.id:
        raise PartError(f"Văn bản này đã thuộc vụ án {code}")
    previous = part.case.code if part.case else None
    part.case_id = target.id
    part.fields = dict(part.fields or {}) | {"linked_by": actor or "?"}
    session.flush()
    if all(p.case_id == target.id for p in document.parts):
        document.case_id, document.unit_id = target.id, target.unit_id or document.unit_id
    if all(p.case_id is not None for p in document.parts):
        document.link_status, document.link_reason = LinkStatus.MANUAL, f"Do {actor or 'người dùng'} chọn"
    return {"from": previous, "page_range": _pages(part)}
