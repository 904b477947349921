"""Jobs survive crashes: interrupted documents are queued again, killed OCR workers replaced."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time

from archive.processing.ingest import Ingestor, expand_paths
from archive.processing.pipeline import Outcome, process_document
from archive.records.models import Document
from archive.runtime.executor import PageExecutor
from ocr import OcrOptions


def ingest(archive, path, enqueue=None):
    report = Ingestor(archive, on_created=enqueue).ingest_all(expand_paths([path]))
    return report.documents[0].id


def set_status(archive, document_id, status, heartbeat_age_seconds):
    with archive.transaction() as session:
        document = session.get(Document, document_id)
        document.status = status
        document.heartbeat_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=heartbeat_age_seconds)


def status_of(archive, document_id):
    with archive.session() as session:
        return session.get(Document, document_id).status


def test_document_left_processing_by_a_dead_worker_is_queued_again(archive, scans):
    document_id = ingest(archive, scans["png"])
    set_status(archive, document_id, "processing", heartbeat_age_seconds=3600)
    assert archive.queue.recover() == 1
    assert status_of(archive, document_id) == "queued"
    assert document_id in archive.queue.pending_document_ids()


def test_a_live_document_is_left_alone_and_nothing_is_queued_twice(archive, scans):
    document_id = ingest(archive, scans["png"], enqueue=archive.queue.enqueue)
    other = ingest(archive, scans["tiff"])
    set_status(archive, other, "processing", heartbeat_age_seconds=5)
    assert archive.queue.recover() == 0  # the queued one already has its job; the other is alive
    assert status_of(archive, other) == "processing"
    assert list(archive.queue.pending_document_ids()).count(document_id) == 1


def test_embedded_consumer_processes_queued_documents_after_a_restart(archive, scans):
    document_id = ingest(archive, scans["png"])  # stored, but the process "crashed" before enqueueing
    archive.queue.start_consumer(threads=1)
    try:
        deadline = time.monotonic() + 240
        while status_of(archive, document_id) != "done" and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        archive.queue.stop_consumer()
    assert status_of(archive, document_id) == "done"


def test_a_claimed_document_is_not_processed_twice(archive, scans):
    document_id = ingest(archive, scans["png"])
    set_status(archive, document_id, "processing", heartbeat_age_seconds=0)
    assert process_document(archive, document_id) == Outcome.SKIPPED


def test_killed_ocr_worker_is_replaced_and_its_page_read_again(scans):
    executor = PageExecutor(workers=1)
    finished = []
    killed = threading.Event()

    def kill_worker_once(result):
        finished.append(result.number)
        if not killed.is_set():
            killed.set()
            for pid in list(executor._get_pool()._processes):
                os.kill(pid, signal.SIGKILL)

    try:
        results = executor.run_pages(scans["tiff"], "image/tiff", [1, 2], OcrOptions(), on_page=kill_worker_once)
    finally:
        executor.shutdown()
    assert [r.number for r in results] == [1, 2]
    assert all(len(r.text) > 100 for r in results)
