"""JSON API under /api: upload, document status and pages, page images, originals, search.

Every route needs a signed-in person (session cookie or bearer token) and answers only about
records that person may see; others get 404 as if they did not exist."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from PIL import Image
from pydantic import BaseModel
from sqlalchemy import select

from archive.cli.demo import read_progress
from archive.messages import message, size_detail
from archive.processing.digital_copy import write_digital_copy
from archive.processing.documents import review_reasons
from archive.processing.ingest import Incoming, IngestedDocument, Ingestor, IngestReport, Rejection
from archive.processing.linking import visible_candidates
from archive.processing.parts import parts_json
from archive.records.models import Case, Document, DocumentStatus, Page, Unit
from archive.retrieval.highlighting import page_boxes
from archive.retrieval.searching import run_search
from archive.runtime.blobs import Blob
from archive.runtime.outbox import state
from archive.trust.access import UPLOAD_ROLES, Visibility
from web import access_audit
from web.auth import Actor, current_user, require_role
from web.guards import get_archive, not_found, visible_document, visible_page, whole_document
from web.limits import CODE_LENGTH, MAX_ID, MAX_ITEMS, NAME_LENGTH, CodeQuery, DateQuery, Offset, PageNumber, RecordId
from web.messages import t, type_label
from web.problems import ERROR_RESPONSES, Problem, problem_responses

router = APIRouter(responses=ERROR_RESPONSES)
IMAGE = {200: {"content": {"image/jpeg": {}}, "description": "JPEG"}}
THUMBNAIL_WIDTH = 220
UPLOAD_MARGIN_BYTES = 1024 * 1024  # multipart headers and the form's text fields


def document_json(
    session, document: Document, vis: Visibility, candidates: list | None = None, parts: bool = False
) -> dict:
    """A document as the reader may see it: case candidates only for cases that reader may open
    (`candidates`: already filtered by `visible_candidates`, for many documents at once); with `parts`, the
    documents inside the upload that the reader may see, each with its own type, identifiers and case."""
    if candidates is None:
        candidates = visible_candidates(session, [document], vis)[document.id]
    extra = {"parts": parts_json(document, vis)} if parts else {}
    return extra | {
        "id": document.id,
        "filename": document.filename,
        "sha256": document.sha256,
        "media_type": document.media_type,
        "size": document.size,
        "status": document.status,
        "failure_reason": document.failure_reason,
        "page_count": document.page_count,
        "pages_done": document.pages_done,
        "case": document.case.code if document.case else None,
        "case_title": document.case.title if document.case else None,
        "unit": document.unit.code if document.unit else None,
        "type": document.doc_type,
        "type_label": type_label(document.doc_type),
        "type_confidence": document.doc_type_confidence,
        "type_confirmed": document.doc_type_confirmed,
        "fields": document.fields,
        "doc_date": document.doc_date.isoformat() if document.doc_date else None,
        "link_status": document.link_status,
        "link_candidates": candidates,
        "needs_review": document.needs_review,
        "reasons": review_reasons(document),
        "uploaded_by": document.uploaded_by,
        "created_at": document.created_at.isoformat() if document.created_at else None,
        "processed_at": document.processed_at.isoformat() if document.processed_at else None,
    }


def page_json(page: Page, with_words: bool) -> dict:
    data = {
        "number": page.number,
        "text": page.text,
        "confidence": page.confidence,
        "rotation": page.rotation,
        "skew": page.skew,
        "source": page.source,
        "kind": page.kind,
        "steps": page.steps,
        "width": page.width,
        "height": page.height,
        "needs_review": page.needs_review,
    }
    if with_words:
        data["words"] = [{"text": w[0], "box": w[1], "conf": w[2]} for w in page.words]
    return data


@router.get("/health")
def health(request: Request) -> dict:  # open to all: load balancers and the setup script check it
    """`status` is "ok", or "degraded" while index writes keep failing; `outbox` says how far behind search is."""

    with get_archive(request).session() as session:
        backlog = state(session)
    answer = {"status": "degraded" if backlog.failing else "ok", "outbox": backlog.to_json()}
    if (demo := read_progress(get_archive(request))) is not None:
        answer["demo"] = demo
    return answer


class UploadReport(BaseModel):
    """What became of each uploaded file: a queued (or duplicate) document, or a rejection with its reason."""

    documents: list[IngestedDocument]
    rejected: list[Rejection]


UPLOAD_RESPONSES = {200: {"model": UploadReport}, 413: {"model": Problem}, 422: {"model": Problem | UploadReport}}


class _LimitedUploadRoute(APIRoute):
    """The upload route, which stops reading a request body as soon as it passes the size limit.

    The declared Content-Length is checked before anything is read, and the bytes are counted as
    they arrive (a chunked body declares nothing), so no more than the limit plus a small margin
    for the form's own fields is ever spooled to disk."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            limit = get_archive(request).settings.max_upload_bytes + UPLOAD_MARGIN_BYTES
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _too_big(limit)
            return await handler(Request(request.scope, _counting_receive(request.receive, limit)))

        return limited


def _counting_receive(receive, limit: int):
    received = 0

    async def counted():
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise _too_big(limit)
        return message

    return counted


def _too_big(limit: int) -> HTTPException:
    return HTTPException(status_code=413, detail=message("upload_too_big", size_detail(limit - UPLOAD_MARGIN_BYTES)))


def upload(
    request: Request,
    files: list[UploadFile] = File(..., description="Tệp quét: ảnh, PDF hoặc ZIP"),
    case: str | None = Form(None, max_length=CODE_LENGTH),
    unit: str | None = Form(None, max_length=CODE_LENGTH),
    actor: Actor = Depends(require_role(*UPLOAD_ROLES)),
):
    """Upload one or more files; each becomes a queued document (or is rejected with a reason).

    Staff file under their own unit unless they name a case or a subordinate unit they can see.
    A file already in the archive is named as a duplicate only to someone who may see it."""
    archive = get_archive(request)
    case, unit = (case or "").strip() or None, (unit or "").strip() or None
    with archive.session() as session:
        vis = actor.visibility(session)
        if case:
            record = session.scalar(select(Case).where(Case.code == case))
            if record is None or not vis.case_visible(record):
                raise HTTPException(status_code=422, detail=t("archive.unknown_case") + f" ({case})")
        if unit:
            record = session.scalar(select(Unit).where(Unit.code == unit))
            if record is None or not (vis.everything or record.id in vis.unit_ids):
                raise HTTPException(status_code=422, detail=t("archive.unknown_unit") + f" ({unit})")
        elif not case:
            unit = actor.unit_code
    ingestor = Ingestor(
        archive,
        case_code=case,
        unit_code=unit,
        uploaded_by=actor.username,
        on_created=archive.queue.enqueue,
        visibility=vis,
    )
    items = [
        Incoming(unicodedata.normalize("NFC", upload_file.filename or "tệp"), _opener(upload_file))
        for upload_file in files
    ]
    report: IngestReport = ingestor.ingest_all(iter(items))
    status = 422 if report.rejected and not report.documents else 200
    return JSONResponse(report.to_json(), status_code=status)


router.add_api_route(
    "/documents", upload, methods=["POST"], route_class_override=_LimitedUploadRoute, responses=UPLOAD_RESPONSES
)


def _opener(upload_file: UploadFile):
    def open_stream():
        upload_file.file.seek(0)
        return _NonClosing(upload_file.file)

    return open_stream


class _NonClosing:
    """Lets ingest use `with` on an upload's spooled file without closing it for FastAPI."""

    def __init__(self, fh):
        self.fh = fh

    def read(self, size=-1):
        return self.fh.read(size)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _id_list(text: str | None) -> list[int]:
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(parts) > MAX_ITEMS or not all(re.fullmatch(r"[0-9]{1,19}", part) and int(part) <= MAX_ID for part in parts):
        raise HTTPException(status_code=422, detail=t("invalid.ids", max=MAX_ITEMS))
    return [int(part) for part in parts]


@router.get("/documents")
def list_documents(
    request: Request,
    status: CodeQuery = None,
    case: CodeQuery = None,
    ids: str | None = Query(None, max_length=MAX_ITEMS * 20, description="Comma-separated document ids (live status)"),
    needs_review: bool | None = None,
    mine: bool = False,
    limit: int = Query(50, ge=1, le=500),
    offset: Offset = 0,
    actor: Actor = Depends(current_user),
) -> dict:
    """Documents the user may see, newest first; `ids=1,2,3` is what the upload page polls for live status."""
    archive = get_archive(request)
    with archive.session() as session:
        query = select(Document).where(actor.visibility(session).document_condition()).order_by(Document.id.desc())
        if status:
            query = query.where(Document.status == status)
        if case:
            query = query.join(Case, Document.case_id == Case.id).where(Case.code == case)
        wanted = _id_list(ids)
        if wanted:
            query = query.where(Document.id.in_(wanted))
        if needs_review is not None:
            query = query.where(Document.needs_review.is_(needs_review))
        if mine:
            query = query.where(Document.uploaded_by == actor.username)
        documents = session.scalars(query.limit(limit).offset(offset)).all()
        vis = actor.visibility(session)
        candidates = visible_candidates(session, documents, vis)
        return {"documents": [document_json(session, d, vis, candidates[d.id]) for d in documents]}


@router.get("/documents/{document_id}")
def get_document(request: Request, document_id: RecordId, actor: Actor = Depends(current_user)) -> dict:
    with get_archive(request).session() as session:
        document = visible_document(session, actor, document_id)
        return document_json(session, document, actor.visibility(session), parts=True)


@router.get("/documents/{document_id}/pages")
def get_pages(
    request: Request, document_id: RecordId, words: bool = False, actor: Actor = Depends(current_user)
) -> dict:
    with get_archive(request).session() as session:
        document = visible_document(session, actor, document_id)
        vis = actor.visibility(session)
        return {
            "document_id": document_id,
            "pages": [page_json(p, words) for p in document.pages if vis.page_visible(document, p.number)],
        }


@router.get("/documents/{document_id}/pages/{number}")
def get_page(
    request: Request,
    document_id: RecordId,
    number: PageNumber,
    q: str | None = Query(None, max_length=NAME_LENGTH),
    actor: Actor = Depends(current_user),
) -> dict:
    """One page with its words; with `q`, also the boxes of the words the query matches."""
    archive = get_archive(request)
    with archive.session() as session:
        _, page = visible_page(session, actor, document_id, number)
        data = page_json(page, with_words=True)
    if q:
        data["boxes"] = page_boxes(archive, document_id, number, q)
    return data


def _page_image(request: Request, actor: Actor, document_id: int, number: int) -> Blob:
    archive = get_archive(request)
    with archive.session() as session:
        document, _ = visible_page(session, actor, document_id, number)
        sha256 = document.sha256
    blob = archive.blobs.open_page_image(sha256, number)
    if blob is None:
        raise not_found("error.no_image")
    return blob


def blob_response(
    blob: Blob, media_type: str, filename: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    """A stored object sent to the browser: a local file as is, an object-store one streamed through."""
    if blob.path is not None:
        return FileResponse(blob.path, media_type=media_type, filename=filename, headers=headers)
    headers = {**(headers or {}), "Content-Length": str(blob.size)}
    if filename is not None:
        quoted = quote(filename)
        headers["Content-Disposition"] = (
            f'attachment; filename="{filename}"' if quoted == filename else f"attachment; filename*=utf-8''{quoted}"
        )
    return StreamingResponse(blob.chunks(), media_type=media_type, headers=headers)


@router.get("/documents/{document_id}/pages/{number}/image", response_class=Response, responses=IMAGE)
def get_page_image(request: Request, document_id: RecordId, number: PageNumber, actor: Actor = Depends(current_user)):
    blob = _page_image(request, actor, document_id, number)
    return blob_response(blob, "image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/documents/{document_id}/pages/{number}/thumbnail", response_class=Response, responses=IMAGE)
def get_page_thumbnail(
    request: Request, document_id: RecordId, number: PageNumber, actor: Actor = Depends(current_user)
):
    """A small JPEG of the page for thumbnail strips and result lists."""
    blob = _page_image(request, actor, document_id, number)
    with Image.open(io.BytesIO(blob.read())) as image:
        image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 2))
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=70)
    return Response(buffer.getvalue(), media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@router.get(
    "/documents/{document_id}/original",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "Bản gốc"}, **problem_responses(410)},
)
def get_original(request: Request, document_id: RecordId, actor: Actor = Depends(current_user)):
    archive = get_archive(request)
    with archive.session() as session:
        document = whole_document(session, actor, document_id)
        filename, media_type, sha256 = document.filename, document.media_type, document.sha256
    blob = archive.blobs.open_original(sha256)
    if blob is None:
        raise HTTPException(status_code=410, detail=t("error.original_lost"))
    return blob_response(blob, media_type, filename=filename.rsplit("/", 1)[-1], headers={"X-Content-SHA256": sha256})


@router.get(
    "/documents/{document_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "PDF"}, **problem_responses(409)},
)
def get_digital_copy(request: Request, document_id: RecordId, actor: Actor = Depends(current_user)):
    """The searchable PDF of a processed document, marked as a digitised copy of its original."""

    archive = get_archive(request)
    with archive.session() as session:
        document = whole_document(session, actor, document_id)
        if document.status != DocumentStatus.DONE:
            raise HTTPException(status_code=409, detail=t("error.not_processed"))
        sha256, filename = document.sha256, document.filename
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    blob = archive.blobs.open_copy(sha256)
    if blob is None:  # derived, so rebuilt when missing
        write_digital_copy(archive, document_id)
        blob = archive.blobs.open_copy(sha256)
    return blob_response(blob, "application/pdf", filename=f"{stem}-ban-so-hoa.pdf")


@router.get("/search")
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=NAME_LENGTH, description="Từ khóa"),
    case: CodeQuery = None,
    type: CodeQuery = None,
    unit: CodeQuery = None,
    kind: CodeQuery = None,
    date_from: DateQuery = None,
    date_to: DateQuery = None,
    limit: int = Query(20, ge=1, le=200),
    offset: Offset = 0,
    group: Literal["page", "document"] = Query(
        "page", description="page: một kết quả mỗi trang; document: một kết quả mỗi văn bản, kèm các trang khớp"
    ),
    actor: Actor = Depends(current_user),
) -> dict:
    """Full-text search limited, inside the index query, to what the user may see.

    With `group=document` each hit is one document (a part of an upload) with its matching pages, ranked by its
    best page; `total` then counts documents, and `offset`/`limit` page through documents.

    A query that cannot be understood (`date:abc`) is a 422 saying why."""
    archive = get_archive(request)
    with archive.session() as session:
        vis = actor.visibility(session)
    result = run_search(
        archive,
        q,
        case=case,
        doc_type=type,
        unit=unit,
        case_kind=kind,
        date_from=date_from,
        date_to=date_to,
        visibility=vis,
        limit=limit,
        offset=offset,
        group=group,
    )
    access_audit.note(request, total=result["total"], shown=len(result["hits"]))
    return result
