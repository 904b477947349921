"""Corrections by a person: a document's type and case link, and the queue of documents that need one."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from archive.processing.documents import document_parts_json, review_reasons
from archive.processing.linking import visible_candidates
from archive.processing.review import (
    confirm_type,
    mark_reviewed,
    review_queue,
    set_boundaries,
    set_case,
)
from archive.records.models import Document
from archive.trust.access import CORRECT_ROLES, may_write_case
from web.api import document_json
from web.auth import Actor, current_user, require_role
from web.guards import get_archive, visible_document, whole_document
from web.limits import CODE_LENGTH, MAX_ITEMS, MAX_PAGE, RecordId
from web.problems import ERROR_RESPONSES

router = APIRouter(responses=ERROR_RESPONSES)


class Correction(BaseModel):
    type: str | None = Field(None, max_length=CODE_LENGTH, description="Document type code (taxonomy)")
    case: str | None = Field(None, max_length=CODE_LENGTH, description="Case code; empty string unlinks the document")
    reviewed: bool | None = Field(None, description="True clears the needs-review flag")


class Boundaries(BaseModel):
    starts: list[Annotated[int, Field(ge=1, le=MAX_PAGE)]] = Field(
        ..., min_length=1, max_length=MAX_ITEMS, description="1-based pages where each document of the upload starts"
    )


class PartType(BaseModel):
    type: str = Field(..., max_length=CODE_LENGTH, description="Document type code (taxonomy)")


def _apply(action) -> None:
    action()


@router.patch("/documents/{document_id}")
def correct_document(
    request: Request, document_id: RecordId, body: Correction, actor: Actor = Depends(require_role(*CORRECT_ROLES))
) -> dict:
    """Set the type (confirmed by a person, taught to the classifier) and/or the case link; re-indexed."""
    archive = get_archive(request)
    with archive.session() as session:
        document = whole_document(session, actor, document_id)
        vis = actor.visibility(session)
        # Moving a document changes two case files: the one it leaves and the one it joins; both must be the
        # person's to change (seeing a restricted case of another unit is not enough).
        if body.case is not None and document.case is not None and not may_write_case(vis, document.case):
            raise HTTPException(
                status_code=403, detail=f"Không có quyền chuyển tài liệu khỏi vụ án {document.case.code}"
            )
    if body.type is not None:
        _apply(lambda: confirm_type(archive, document_id, body.type, actor.username))
    if body.case is not None:
        code = unicodedata.normalize("NFC", body.case.strip()) or None
        _apply(
            lambda: set_case(archive, document_id, code, actor.username, may_use=lambda case: may_write_case(vis, case))
        )
    if body.reviewed:
        _apply(lambda: mark_reviewed(archive, document_id, actor.username))
    with archive.session() as session:
        return document_json(session, session.get(Document, document_id), vis)


@router.get("/documents/{document_id}/parts")
def get_parts(request: Request, document_id: RecordId, actor: Actor = Depends(current_user)) -> dict:
    """The documents found inside an upload (page ranges), each with its type and fields."""
    with get_archive(request).session() as session:
        document = visible_document(session, actor, document_id)
        return {"document_id": document_id, "parts": document_parts_json(document)}


@router.put("/documents/{document_id}/parts")
def split_or_merge(
    request: Request, document_id: RecordId, body: Boundaries, actor: Actor = Depends(require_role(*CORRECT_ROLES))
) -> dict:
    """Split or merge: say on which pages the documents inside the upload start."""
    archive = get_archive(request)
    with archive.session() as session:
        whole_document(session, actor, document_id)
    _apply(lambda: set_boundaries(archive, document_id, body.starts, actor.username))
    return get_parts(request, document_id, actor)


@router.patch("/documents/{document_id}/parts/{part_id}")
def correct_part(
    request: Request,
    document_id: RecordId,
    part_id: RecordId,
    body: PartType,
    actor: Actor = Depends(require_role(*CORRECT_ROLES)),
) -> dict:
    """Confirm or change the type of one document inside an upload."""
    archive = get_archive(request)
    with archive.session() as session:
        whole_document(session, actor, document_id)
    _apply(lambda: confirm_type(archive, document_id, body.type, actor.username, part_id=part_id))
    return get_parts(request, document_id, actor)


@router.get("/review")
def review(request: Request, limit: int = Query(100, ge=1, le=500), actor: Actor = Depends(current_user)) -> dict:
    """Documents the user may see that need a person, why, and the best case candidates."""
    with get_archive(request).session() as session:
        vis = actor.visibility(session)
        documents = review_queue(session, vis.document_condition(), limit)
        candidates = visible_candidates(session, documents, vis)
        return {
            "documents": [
                document_json(session, d, vis, candidates[d.id])
                | {"reasons": review_reasons(d), "candidates": candidates[d.id], "link_reason": d.link_reason}
                for d in documents
            ]
        }
