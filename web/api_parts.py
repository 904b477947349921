"""JSON API for the documents inside an upload: split one at a page, merge one with the next, move one to
another case. Each answers with the upload's documents as the person may now see them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from archive.access import CORRECT_ROLES
from archive.parts import PartError, PartForbidden, PartNotFound, merge_with_next, move_part, parts_json, split_part
from web.auth import Actor, require_role
from web.guards import get_archive, visible_document
from web.limits import CODE_LENGTH, MAX_PAGE, RecordId
from web.problems import ERROR_RESPONSES

router = APIRouter(responses=ERROR_RESPONSES)


class SplitAt(BaseModel):
    page: int = Field(..., ge=1, le=MAX_PAGE, description="1-based page of the upload where the new document starts")


class MoveTo(BaseModel):
    case: str = Field(..., min_length=1, max_length=CODE_LENGTH, description="Code of the case the document goes to")


class PartsAnswer(BaseModel):
    document_id: int
    parts: list[dict]
    part_id: int | None = Field(None, description="The document the change made or kept")


def _answer(request: Request, actor: Actor, document_id: int, part_id: int | None) -> PartsAnswer:
    with get_archive(request).session() as session:
        document = visible_document(session, actor, document_id)
        return PartsAnswer(document_id=document_id, parts=parts_json(document, actor.visibility(session)),
                           part_id=part_id)


def _run(request: Request, actor: Actor, change):
    archive = get_archive(request)
    with archive.session() as session:
        vis = actor.visibility(session)
    try:
        return change(archive, vis)
    except PartNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except PartForbidden as exc:
        raise HTTPException(status_code=403, detail=str(exc)) from exc
    except PartError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.post("/documents/{document_id}/parts/{part_id}/split", responses={200: {"model": PartsAnswer}})
def split(request: Request, document_id: RecordId, part_id: RecordId, body: SplitAt,
          actor: Actor = Depends(require_role(*CORRECT_ROLES))) -> PartsAnswer:
    """Split a document of the upload: a new one starts at `page`; both are classified from their own pages."""
    _, second = _run(request, actor, lambda archive, vis: split_part(archive, document_id, part_id, body.page, vis,
                                                                      actor.username))
    return _answer(request, actor, document_id, second)


@router.post("/documents/{document_id}/parts/{part_id}/merge", responses={200: {"model": PartsAnswer}})
def merge(request: Request, document_id: RecordId, part_id: RecordId,
          actor: Actor = Depends(require_role(*CORRECT_ROLES))) -> PartsAnswer:
    """Join a document of the upload with the one after it (what a person confirmed of the first is kept)."""
    joined = _run(request, actor, lambda archive, vis: merge_with_next(archive, document_id, part_id, vis,
                                                                        actor.username))
    return _answer(request, actor, document_id, joined)


@router.post("/documents/{document_id}/parts/{part_id}/move", responses={200: {"model": PartsAnswer}})
def move(request: Request, document_id: RecordId, part_id: RecordId, body: MoveTo,
         actor: Actor = Depends(require_role(*CORRECT_ROLES))) -> PartsAnswer:
    """Put a document of the upload in another case; the person must be allowed to change both cases."""
    _run(request, actor, lambda archive, vis: move_part(archive, document_id, part_id, body.case, vis,
                                                        actor.username))
    return _answer(request, actor, document_id, part_id)
