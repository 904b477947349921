"""Per-page limits enforced by the OCR workers: a page past its time or memory limit fails its own
document with a readable reason, the other documents and the pool carry on."""

from __future__ import annotations

import pickle

import numpy as np
import pikepdf
import pytest
from PIL import Image

from archive.core import Archive
from archive.processing.ingest import Ingestor, expand_paths
from archive.records.models import Document
from archive.runtime.jobs import process_now
from archive.runtime.settings import Settings
from ocr import OcrError
from tests.archive.test_hostile_files import assert_readable


def limited_archive(tmp_path, **limits) -> Archive:
    return Archive(Settings(home=tmp_path / "hoso-data", workers=1, job_threads=2, **limits))


def ingest(archive, *paths) -> list[int]:
    report = Ingestor(archive).ingest_all(expand_paths(list(paths)))
    assert report.rejected == []
    return [d.id for d in report.documents]


def state(archive, document_id):
    with archive.session() as session:
        document = session.get(Document, document_id)
        return document.status, document.failure_code, document.failure_reason


@pytest.fixture
def noise_scan(tmp_path):
    """A large page of pure noise: cleanup and Tesseract grind on it for a long time."""
    rng = np.random.default_rng(7)
    path = tmp_path / "nhieu.png"
    Image.fromarray(rng.integers(0, 256, (5000, 3600), dtype=np.uint8)).save(path, dpi=(300, 300))
    return path


@pytest.fixture
def huge_page_pdf(tmp_path):
    """A blank page so large that reading it, even at the reduced resolution of large formats (40 Mpx),
    needs more memory than the limit below leaves a worker."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(2400, 3400))
    path = tmp_path / "kho-lon.pdf"
    pdf.save(path)
    return path


def test_a_page_past_its_time_limit_fails_its_document_only(tmp_path, scans, noise_scan):
    archive = limited_archive(tmp_path, page_seconds=4)
    try:
        slow, fast = ingest(archive, noise_scan, scans["digital_pdf"])
        outcomes = process_now(archive, [slow, fast])
        assert outcomes[fast] == "done"
        status, code, reason = state(archive, slow)
        assert (status, code) == ("failed", "page_timeout")
        assert_readable(reason)
        assert "trang 1" in reason
        # the pool was rebuilt: the next document is read as usual (with room for an ordinary page)
        archive.executor.page_seconds = 120
        (later,) = ingest(archive, scans["png"])
        assert process_now(archive, [later])[later] == "done"
    finally:
        archive.close()


def test_a_page_over_the_memory_limit_fails_with_a_reason_and_the_pool_survives(tmp_path, scans, huge_page_pdf):
    archive = limited_archive(tmp_path, page_memory_mb=1000, max_pixels=10**9)
    try:
        (big,) = ingest(archive, huge_page_pdf)
        process_now(archive, [big])
        status, code, reason = state(archive, big)
        assert (status, code) == ("failed", "out_of_memory")
        assert_readable(reason)
        (later,) = ingest(archive, scans["png"])
        assert process_now(archive, [later])[later] == "done"
    finally:
        archive.close()


def test_page_errors_keep_their_code_and_page_across_the_process_pool():
    error = pickle.loads(pickle.dumps(OcrError("corrupt", "page 3: pdfium said no", page=3)))
    assert (error.code, error.detail, error.page) == ("corrupt", "page 3: pdfium said no", 3)
