"""JSON API under /api: upload, document status and pages, page images, originals, search.

Every route needs a signed-in person (session cookie or bearer token) and answers only about
records that person may see; others get 404 as if they did not exist."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from PIL import Image
from sqlalchemy import select

from archive.access import UPLOAD_ROLES
from archive.highlighting import page_boxes
from archive.ingest import Incoming, IngestError, Ingestor, IngestReport
from archive.messages import message, size_detail
from archive.models import Case, Document, Page, Unit
from archive.searching import run_search
from web.auth import Actor, current_user, require_role
from web.guards import get_archive, not_found, visible_document, visible_page
from web.messages import t, type_label

router = APIRouter()
THUMBNAIL_WIDTH = 220
UPLOAD_MARGIN_BYTES = 1024 * 1024  # multipart headers and the form's text fields


def document_json(document: Document) -> dict:
    return {
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
        "link_candidates": document.link_candidates,
        "needs_review": document.needs_review,
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
        "steps": page.steps,
        "width": page.width,
        "height": page.height,
        "needs_review": page.needs_review,
    }
    if with_words:
        data["words"] = [{"text": w[0], "box": w[1], "conf": w[2]} for w in page.words]
    return data


@router.get("/health")
def health() -> dict:  # open to all: load balancers and the setup script check it
    return {"status": "ok"}


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


def upload(request: Request, files: list[UploadFile] = File(..., description="Tệp quét: ảnh, PDF hoặc ZIP"),
           case: str | None = Form(None), unit: str | None = Form(None),
           actor: Actor = Depends(require_role(*UPLOAD_ROLES))):
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
    try:
        ingestor = Ingestor(archive, case_code=case, unit_code=unit, uploaded_by=actor.username,
                            on_created=archive.queue.enqueue, visibility=vis)
    except IngestError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    items = [
        Incoming(unicodedata.normalize("NFC", upload_file.filename or "tệp"), _opener(upload_file))
        for upload_file in files
    ]
    report: IngestReport = ingestor.ingest_all(iter(items))
    status = 422 if report.rejected and not report.documents else 200
    return JSONResponse(report.to_json(), status_code=status)


router.add_api_route("/documents", upload, methods=["POST"], route_class_override=_LimitedUploadRoute)


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
    if not text:
        return []
    try:
        return [int(part) for part in text.split(",") if part.strip()][:500]
    except ValueError as exc:
        raise HTTPException(status_code=422, detail="ids") from exc


@router.get("/documents")
def list_documents(request: Request, status: str | None = None, case: str | None = None,
                   ids: str | None = Query(None, description="Comma-separated document ids (live status)"),
                   needs_review: bool | None = None, mine: bool = False,
                   limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
                   actor: Actor = Depends(current_user)) -> dict:
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
        return {"documents": [document_json(d) for d in documents]}


@router.get("/documents/{document_id}")
def get_document(request: Request, document_id: int, actor: Actor = Depends(current_user)) -> dict:
    with get_archive(request).session() as session:
        return document_json(visible_document(session, actor, document_id))


@router.get("/documents/{document_id}/pages")
def get_pages(request: Request, document_id: int, words: bool = False, actor: Actor = Depends(current_user)) -> dict:
    with get_archive(request).session() as session:
        document = visible_document(session, actor, document_id)
        return {"document_id": document_id, "pages": [page_json(p, words) for p in document.pages]}


@router.get("/documents/{document_id}/pages/{number}")
def get_page(request: Request, document_id: int, number: int, q: str | None = Query(None, max_length=500),
             actor: Actor = Depends(current_user)) -> dict:
    """One page with its words; with `q`, also the boxes of the words the query matches."""
    archive = get_archive(request)
    with archive.session() as session:
        _, page = visible_page(session, actor, document_id, number)
        data = page_json(page, with_words=True)
    if q:
        data["boxes"] = page_boxes(archive, document_id, number, q)
    return data


def _page_image_path(request: Request, actor: Actor, document_id: int, number: int):
    archive = get_archive(request)
    with archive.session() as session:
        document, _ = visible_page(session, actor, document_id, number)
        path = archive.blobs.page_image_path(document.sha256, number)
    if not path.exists():
        raise not_found("error.no_image")
    return path


@router.get("/documents/{document_id}/pages/{number}/image")
def get_page_image(request: Request, document_id: int, number: int, actor: Actor = Depends(current_user)):
    path = _page_image_path(request, actor, document_id, number)
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/documents/{document_id}/pages/{number}/thumbnail")
def get_page_thumbnail(request: Request, document_id: int, number: int, actor: Actor = Depends(current_user)):
    """A small JPEG of the page for thumbnail strips and result lists."""
    path = _page_image_path(request, actor, document_id, number)
    with Image.open(path) as image:
        image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 2))
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=70)
    return Response(buffer.getvalue(), media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/documents/{document_id}/original")
def get_original(request: Request, document_id: int, actor: Actor = Depends(current_user)):
    archive = get_archive(request)
    with archive.session() as session:
        document = visible_document(session, actor, document_id)
        path = archive.blobs.original_path(document.sha256)
        filename, media_type, sha256 = document.filename, document.media_type, document.sha256
    if not path.exists():
        raise HTTPException(status_code=410, detail=t("error.original_lost"))
    return FileResponse(path, media_type=media_type, filename=filename.rsplit("/", 1)[-1],
                        headers={"X-Content-SHA256": sha256})


@router.get("/documents/{document_id}/pdf")
def get_digital_copy(request: Request, document_id: int, actor: Actor = Depends(current_user)):
    """The searchable PDF of a processed document, marked as a digitised copy of its original."""
    from archive.digital_copy import copy_path, write_digital_copy

    archive = get_archive(request)
    with archive.session() as session:
        document = visible_document(session, actor, document_id)
        if document.status != "done":
            raise HTTPException(status_code=409, detail=t("error.not_processed"))
        path, filename = copy_path(archive, document.sha256), document.filename
    if not path.exists():  # derived, so rebuilt when missing
        path = write_digital_copy(archive, document_id)
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return FileResponse(path, media_type="application/pdf", filename=f"{stem}-ban-so-hoa.pdf")


@router.get("/search")
def search(request: Request, q: str = Query(..., min_length=1, max_length=500, description="Từ khóa"),
           case: str | None = None, type: str | None = None, unit: str | None = None,
           kind: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
           limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0),
           actor: Actor = Depends(current_user)) -> dict:
    """Full-text search limited, inside the index query, to what the user may see."""
    archive = get_archive(request)
    with archive.session() as session:
        scope = actor.visibility(session).scope()
    return run_search(archive, q, case=case, doc_type=type, unit=unit, case_kind=kind,
                      date_from=date_from, date_to=date_to, scope=scope, limit=limit, offset=offset)
