"""JSON API under /api: upload, document status and pages, page images, originals, search."""

from __future__ import annotations

import datetime as dt
import unicodedata

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import select

from archive.ingest import Incoming, IngestError, Ingestor, IngestReport
from archive.models import Document, Page
from archive.searching import run_search

router = APIRouter()


def get_archive(request: Request):
    return request.app.state.archive


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
        "unit": document.unit.code if document.unit else None,
        "type": document.doc_type,
        "type_confidence": document.doc_type_confidence,
        "fields": document.fields,
        "needs_review": document.needs_review,
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
def health() -> dict:
    return {"status": "ok"}


@router.post("/documents")
def upload(request: Request, files: list[UploadFile] = File(..., description="Tệp quét: ảnh, PDF hoặc ZIP"),
           case: str | None = Form(None), unit: str | None = Form(None)):
    """Upload one or more files; each becomes a queued document (or is rejected with a reason)."""
    archive = get_archive(request)
    try:
        ingestor = Ingestor(archive, case_code=case or None, unit_code=unit or None, on_created=archive.queue.enqueue)
    except IngestError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    items = [
        Incoming(unicodedata.normalize("NFC", upload_file.filename or "tệp"), _opener(upload_file))
        for upload_file in files
    ]
    report: IngestReport = ingestor.ingest_all(iter(items))
    status = 422 if report.rejected and not report.documents else 200
    return JSONResponse(report.to_json(), status_code=status)


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


@router.get("/documents")
def list_documents(request: Request, status: str | None = None, case: str | None = None,
                   limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)) -> dict:
    archive = get_archive(request)
    with archive.session() as session:
        query = select(Document).order_by(Document.id.desc())
        if status:
            query = query.where(Document.status == status)
        if case:
            from archive.models import Case

            query = query.join(Case).where(Case.code == case)
        documents = session.scalars(query.limit(limit).offset(offset)).all()
        return {"documents": [document_json(d) for d in documents]}


def _document(session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise HTTPException(status_code=404, detail="Không tìm thấy tài liệu")
    return document


@router.get("/documents/{document_id}")
def get_document(request: Request, document_id: int) -> dict:
    with get_archive(request).session() as session:
        return document_json(_document(session, document_id))


@router.get("/documents/{document_id}/pages")
def get_pages(request: Request, document_id: int, words: bool = False) -> dict:
    with get_archive(request).session() as session:
        document = _document(session, document_id)
        return {"document_id": document_id, "pages": [page_json(p, words) for p in document.pages]}


def _page(session, document_id: int, number: int) -> Page:
    page = session.scalar(select(Page).where(Page.document_id == document_id, Page.number == number))
    if page is None:
        raise HTTPException(status_code=404, detail="Không tìm thấy trang")
    return page


@router.get("/documents/{document_id}/pages/{number}")
def get_page(request: Request, document_id: int, number: int) -> dict:
    with get_archive(request).session() as session:
        _document(session, document_id)
        return page_json(_page(session, document_id, number), with_words=True)


@router.get("/documents/{document_id}/pages/{number}/image")
def get_page_image(request: Request, document_id: int, number: int):
    archive = get_archive(request)
    with archive.session() as session:
        document = _document(session, document_id)
        _page(session, document_id, number)
        path = archive.blobs.page_image_path(document.sha256, number)
    if not path.exists():
        raise HTTPException(status_code=404, detail="Chưa có ảnh trang")
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/documents/{document_id}/original")
def get_original(request: Request, document_id: int):
    archive = get_archive(request)
    with archive.session() as session:
        document = _document(session, document_id)
        path = archive.blobs.original_path(document.sha256)
        filename, media_type, sha256 = document.filename, document.media_type, document.sha256
    if not path.exists():
        raise HTTPException(status_code=410, detail="Bản gốc bị mất khỏi kho lưu trữ")
    return FileResponse(path, media_type=media_type, filename=filename.rsplit("/", 1)[-1],
                        headers={"X-Content-SHA256": sha256})


@router.get("/search")
def search(request: Request, q: str = Query(..., min_length=1, max_length=500, description="Từ khóa"),
           case: str | None = None, type: str | None = None, unit: str | None = None,
           kind: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
           limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0)) -> dict:
    return run_search(get_archive(request), q, case=case, doc_type=type, unit=unit, case_kind=kind,
                      date_from=date_from, date_to=date_to, limit=limit, offset=offset)
