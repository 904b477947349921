"""Processing one document: claim it, OCR its pages, store them, classify, index, finish.

Each step is a plain function of the archive's records; concurrency lives only in the page
executor. Re-running on the same original replaces the pages and gives the same result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy import delete, update

from archive.errors import HosoError, OriginalMissing
from archive.messages import message, page_detail
from archive.processing.digital_copy import write_digital_copy
from archive.processing.documents import classify_and_link
from archive.records.models import Document, DocumentStatus, Page, utcnow
from archive.runtime.blobs import StoreUnavailable
from archive.runtime.owner import this_process
from ocr import OcrError, PageResult

log = logging.getLogger("hoso.pipeline")


class Outcome:
    DONE = "done"
    FAILED = "failed"
    RETRY = "retry"
    SKIPPED = "skipped"


def claim(archive, document_id: int) -> bool:
    """Atomically move a queued document to processing; False when someone else has it."""
    with archive.transaction() as session:
        result = session.execute(
            update(Document)
            .where(Document.id == document_id, Document.status == DocumentStatus.QUEUED)
            .values(
                status=DocumentStatus.PROCESSING,
                attempts=Document.attempts + 1,
                started_at=utcnow(),
                heartbeat_at=utcnow(),
                pages_done=0,
                failure_code=None,
                failure_reason=None,
                claimed_by=this_process(),
            )
        )
        return result.rowcount == 1


def process_document(archive, document_id: int, on_page: Callable[[int, int], None] | None = None) -> str:
    """Run the whole pipeline for one queued document; returns an `Outcome`."""
    if not claim(archive, document_id):
        return Outcome.SKIPPED
    with archive.session() as session:
        document = session.get(Document, document_id)
        sha256, media_type, page_count = document.sha256, document.media_type, document.page_count
    try:
        with archive.blobs.local_original(sha256) as path:  # a copy in this machine's tmp/ when in S3
            if path is None:
                raise OriginalMissing(logged=sha256)
            with archive.transaction() as session:
                session.execute(delete(Page).where(Page.document_id == document_id))

            def store(result: PageResult) -> None:
                done = store_page(archive, document_id, sha256, result)
                if on_page is not None:
                    on_page(done, page_count)

            archive.executor.run_pages(path, media_type, range(1, page_count + 1), archive.ocr_options, on_page=store)
        after_ocr(archive, document_id)
    except OcrError as exc:  # the OCR package says whether reading again could help
        return _fail_or_retry(archive, document_id, exc.code, page_detail(exc.page), exc.detail, exc.permanent)
    except BrokenProcessPool as exc:
        return _fail_or_retry(archive, document_id, "worker_lost", "", str(exc))
    except StoreUnavailable as exc:  # queued again: the store coming back is all it takes
        return _fail_or_retry(archive, document_id, "store_unreachable", "", str(exc))
    except HosoError as exc:
        return _fail_or_retry(archive, document_id, exc.code, "", str(exc), permanent=not exc.retryable)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the document, never lost
        log.exception("document %s failed", document_id)
        return _fail_or_retry(archive, document_id, "processing_failed", "", f"{type(exc).__name__}: {exc}")
    return Outcome.DONE


def store_page(archive, document_id: int, sha256: str, result: PageResult) -> int:
    """Save one page's image and record; returns how many pages of the document are done."""
    archive.blobs.write_page_image(sha256, result.number, result.image_jpeg)
    with archive.transaction() as session:
        session.add(
            Page(
                document_id=document_id,
                number=result.number,
                text=result.text,
                words=[[w.text, list(w.box), round(w.conf, 3)] for w in result.words],
                confidence=result.confidence,
                rotation=result.rotation,
                skew=result.skew,
                source=result.source,
                kind=result.kind,
                steps=list(result.steps),
                width=result.width,
                height=result.height,
                dpi=result.dpi,
                needs_review=result.needs_review,
            )
        )
        session.execute(
            update(Document)
            .where(Document.id == document_id)
            .values(pages_done=Document.pages_done + 1, heartbeat_at=utcnow())
        )
        return session.get(Document, document_id).pages_done


def after_ocr(archive, document_id: int) -> None:
    """The document-level stages once every page is read: classify, link, digital copy, then index.

    A failed index write leaves the document `indexing` with its outbox row, retried until it is searchable."""
    classify_and_link(archive, document_id)  # the outbox re-indexes whatever its links changed
    write_digital_copy(archive, document_id)
    with archive.transaction() as session:
        document = session.get(Document, document_id)
        document.processed_at = utcnow()
        document.status = DocumentStatus.INDEXING  # "done" once its pages are searchable (archive/runtime/outbox.py)
    archive.outbox.drain()


def _fail_or_retry(archive, document_id: int, code: str, shown: str, logged: str, permanent: bool = False) -> str:
    """Queue the document again or fail it (at once when `permanent`: it would fail the same way); the reason
    people see is a catalogue message (with `shown`, a readable detail such as the page), the technical `logged`
    text goes to the log."""
    with archive.transaction() as session:
        document = session.get(Document, document_id)
        if not permanent and document.attempts < archive.settings.job_attempts:
            document.status = DocumentStatus.QUEUED
            log.warning(
                "document %s attempt %s failed (%s: %s), will retry", document_id, document.attempts, code, logged
            )
            return Outcome.RETRY
        document.status = DocumentStatus.FAILED
        document.failure_code = code
        document.failure_reason = message(code, shown)
        log.error("document %s failed: %s %s", document_id, code, logged)
        return Outcome.FAILED
