"""Corrections by a person: a document's type and case link, and the queue of documents that need one."""

from __future__ import annotations

import unicodedata

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import or_, select

from archive.access import CORRECT_ROLES
from archive.classification.taxonomy import DOCUMENT_TYPES
from archive.models import AuditEvent, Case, Document, TrainingExample
from web.api import document_json
from web.auth import Actor, current_user, require_role
from web.guards import get_archive, visible_document
from web.messages import t

router = APIRouter()


class Correction(BaseModel):
    type: str | None = Field(None, description="Document type code (taxonomy)")
    case: str | None = Field(None, description="Case code; empty string unlinks the document")
    reviewed: bool | None = Field(None, description="True clears the needs-review flag")


def review_reasons(document: Document) -> list[str]:
    reasons = []
    if document.status == "failed":
        reasons.append("failed")
    if document.link_status == "review" or (document.status == "done" and document.case_id is None):
        reasons.append("link")
    if document.status == "done" and not document.doc_type_confirmed and (document.doc_type_confidence or 0) < 0.6:
        reasons.append("type")
    if any(p.needs_review for p in document.pages):
        reasons.append("quality")
    return reasons


@router.patch("/documents/{document_id}")
def correct_document(request: Request, document_id: int, body: Correction,
                     actor: Actor = Depends(require_role(*CORRECT_ROLES))) -> dict:
    """Set the type (confirmed by a person) and/or the case link; the page index is updated."""
    archive = get_archive(request)
    changes: dict = {}
    with archive.transaction() as session:
        document = visible_document(session, actor, document_id)
        vis = actor.visibility(session)
        if body.type is not None:
            if body.type not in DOCUMENT_TYPES:
                raise HTTPException(status_code=422, detail=t("error.unknown_type"))
            changes["type"] = [document.doc_type, body.type]
            document.doc_type, document.doc_type_confirmed = body.type, True
            text = "\n".join(p.text for p in document.pages)
            if text.strip():
                session.add(TrainingExample(text=text, doc_type=body.type, created_by=actor.username))
        if body.case is not None:
            code = unicodedata.normalize("NFC", body.case.strip())
            case = None
            if code:
                case = session.scalar(select(Case).where(Case.code == code))
                if case is None or not vis.case_visible(case):
                    raise HTTPException(status_code=422, detail=t("archive.unknown_case") + f" ({code})")
            changes["case"] = [document.case.code if document.case else None, code or None]
            document.case_id = case.id if case else None
            if case is not None and case.unit_id:
                document.unit_id = case.unit_id
            document.link_status = "manual" if case else "none"
            document.link_reason = f"set by {actor.username}"
        if body.reviewed:
            document.needs_review = False
            for page in document.pages:
                page.needs_review = False
            changes["reviewed"] = True
        session.add(AuditEvent(actor=actor.username, action="document.correct", target=f"document:{document_id}",
                               detail=changes))
        status = document.status
    if status == "done" and ("type" in changes or "case" in changes):
        archive.search.index_document(document_id)
    with archive.session() as session:
        return document_json(session.get(Document, document_id))


@router.get("/review")
def review_queue(request: Request, limit: int = Query(100, ge=1, le=500),
                 actor: Actor = Depends(current_user)) -> dict:
    """Documents the user may see that need a person: failed, unsure link or type, poor scans."""
    with get_archive(request).session() as session:
        vis = actor.visibility(session)
        query = (select(Document).where(vis.document_condition())
                 .where(or_(Document.needs_review.is_(True), Document.link_status == "review",
                            Document.status == "failed",
                            (Document.status == "done") & Document.case_id.is_(None)))
                 .order_by(Document.id.desc()).limit(limit))
        documents = session.scalars(query).all()
        return {"documents": [document_json(d) | {"reasons": review_reasons(d)} for d in documents]}
