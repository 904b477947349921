"""JSON API for the documents inside an upload: split one at a page, merge one with the next, move one to
another case, correct what was read of one (number, date, issuer, people); and what the review page shows of
one. Each change answers with the upload's documents as the person may now see them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from archive.processing.part_fields import PERSON_ROLES, FieldsInvalid, correct_fields, field_evidence
from archive.processing.parts import (
    merge_with_next,
    move_part,
    parts_json,
    split_part,
)
from archive.processing.review import review_queue
from archive.records.models import DocumentPart
from archive.trust.access import CORRECT_ROLES
from web.api import document_json
from web.auth import Actor, require_role
from web.guards import get_archive, visible_document
from web.limits import CODE_LENGTH, MAX_ITEMS, MAX_PAGE, NAME_LENGTH, RecordId
from web.problems import ERROR_RESPONSES, FieldProblem, Problem

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
        return PartsAnswer(
            document_id=document_id, parts=parts_json(document, actor.visibility(session)), part_id=part_id
        )


def _run(request: Request, actor: Actor, change):
    archive = get_archive(request)
    with archive.session() as session:
        vis = actor.visibility(session)
    return change(archive, vis)  # a PartError is answered with its own status (web/problems.py)


@router.post("/documents/{document_id}/parts/{part_id}/split", responses={200: {"model": PartsAnswer}})
def split(
    request: Request,
    document_id: RecordId,
    part_id: RecordId,
    body: SplitAt,
    actor: Actor = Depends(require_role(*CORRECT_ROLES)),
) -> PartsAnswer:
    """Split a document of the upload: a new one starts at `page`; both are classified from their own pages."""
    _, second = _run(
        request, actor, lambda archive, vis: split_part(archive, document_id, part_id, body.page, vis, actor.username)
    )
    return _answer(request, actor, document_id, second)


@router.post("/documents/{document_id}/parts/{part_id}/merge", responses={200: {"model": PartsAnswer}})
def merge(
    request: Request, document_id: RecordId, part_id: RecordId, actor: Actor = Depends(require_role(*CORRECT_ROLES))
) -> PartsAnswer:
    """Join a document of the upload with the one after it (what a person confirmed of the first is kept)."""
    joined = _run(
        request, actor, lambda archive, vis: merge_with_next(archive, document_id, part_id, vis, actor.username)
    )
    return _answer(request, actor, document_id, joined)


@router.post("/documents/{document_id}/parts/{part_id}/move", responses={200: {"model": PartsAnswer}})
def move(
    request: Request,
    document_id: RecordId,
    part_id: RecordId,
    body: MoveTo,
    actor: Actor = Depends(require_role(*CORRECT_ROLES)),
) -> PartsAnswer:
    """Put a document of the upload in another case; the person must be allowed to change both cases."""
    _run(request, actor, lambda archive, vis: move_part(archive, document_id, part_id, body.case, vis, actor.username))
    return _answer(request, actor, document_id, part_id)


class PersonIn(BaseModel):
    name: str = Field("", max_length=NAME_LENGTH, description="Full name as written in the document")
    role: str = Field("", max_length=NAME_LENGTH, description="Procedural role (bị can, bị hại, …)")


class FieldsCorrection(BaseModel):
    """Only the fields sent are changed; an empty string (or empty list) clears one."""

    number: str | None = Field(None, max_length=NAME_LENGTH, description="Number and symbol, e.g. 318/QĐ-VKS")
    date: str | None = Field(None, max_length=CODE_LENGTH, description="Date issued: 30/11/2023 or 2023-11-30")
    issuer: str | None = Field(None, max_length=NAME_LENGTH, description="Issuing authority")
    people: list[PersonIn] | None = Field(None, max_length=MAX_ITEMS, description="People with their roles")
    type: str | None = Field(None, max_length=CODE_LENGTH, description="Document type code (taxonomy), confirmed")
    case: str | None = Field(None, max_length=CODE_LENGTH, description="Case code the document belongs to")
    reviewed: bool = Field(False, description="True: the person checked the document; it leaves the queue")


@router.patch(
    "/documents/{document_id}/parts/{part_id}/fields", responses={200: {"model": PartsAnswer}, 422: {"model": Problem}}
)
def correct_part_fields(
    request: Request,
    document_id: RecordId,
    part_id: RecordId,
    body: FieldsCorrection,
    actor: Actor = Depends(require_role(*CORRECT_ROLES)),
):
    """Correct the number, date, issuer and people of a document of the upload (its type and case too).

    All or nothing: a field that cannot be taken refuses the whole correction, 422 with a Vietnamese reason per
    field in `errors` (loc ["body", field]). Audited; the search index follows."""
    changes = body.model_dump(include={"number", "date", "issuer", "people"}, exclude_unset=True)
    try:
        _run(
            request,
            actor,
            lambda archive, vis: correct_fields(
                archive,
                document_id,
                part_id,
                changes,
                vis,
                actor.username,
                doc_type=body.type,
                case_code=body.case,
                reviewed=body.reviewed,
            ),
        )
    except FieldsInvalid as exc:
        problems = [
            FieldProblem(loc=["body", name], type="invalid", reason=reason) for name, reason in exc.errors.items()
        ]
        return JSONResponse(Problem(detail=str(exc), errors=problems).model_dump(), status_code=422)
    return _answer(request, actor, document_id, part_id)


@router.get("/review/{document_id}")
def review_document(
    request: Request,
    document_id: RecordId,
    part: int = Query(1, ge=1, le=MAX_PAGE, description="1-based place of the document in the upload"),
    actor: Actor = Depends(require_role(*CORRECT_ROLES)),
) -> dict:
    """What the review page shows of one document of an upload: its fields, why it waits, the case candidates
    with their evidence, the words on the page each field was read from, and the next upload to review.
    `part` is null for an upload not split into documents (one that failed, or is still being read)."""
    with get_archive(request).session() as session:
        document = visible_document(session, actor, document_id)
        vis = actor.visibility(session)
        parts = parts_json(document, vis)
        current = next((p for p in parts if p["position"] == part), parts[0] if parts else None)
        record = session.get(DocumentPart, current["id"]) if current else None
        queue = [d.id for d in review_queue(session, vis.document_condition(), 500)]
        later = [i for i in queue if i > document_id] or [i for i in queue if i != document_id]
        return {
            "document": document_json(session, document, vis),
            "part": current,
            "parts": parts,
            "evidence": field_evidence(document, record) if record else {},
            "roles": list(PERSON_ROLES),
            "next_document": later[0] if later else None,
            "queue_size": len(queue),
            "in_queue": document_id in queue,
        }
