"""The committed demo samples (sample_files/files) as processed uploads, read by Tesseract once per test run.

`read_pages` OCRs a sample file page by page (what the pipeline's workers do); `processed_upload` then puts
that file through the rest of the real pipeline in a test's own archive: ingest, store each page, classify,
split into documents, link, index. Tests that need the same scan in several archives read it once
(session fixtures in tests/conftest.py) instead of running OCR again.
"""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "sample_files" / "files"
# Three documents in one TIFF: a denunciation, the decision to open the case, the decision to charge the accused.
MULTI_DOCUMENT_TIFF = SAMPLES / "case_file_3_pages.tif"


def read_pages(path: Path) -> list:
    """Every page of the file as the OCR stage returns it (text, words, image)."""
    from archive.runtime.settings import Settings
    from ocr import OcrOptions, inspect_file, ocr_page

    info = inspect_file(path)
    options = OcrOptions(languages=Settings().ocr_languages)
    return [ocr_page(path, info.media_type, number, options) for number in range(1, info.page_count + 1)]


def processed_upload(
    archive, path: Path, pages: list, *, case: str | None = None, unit: str | None = None, uploaded_by: str = "staff_p"
) -> int:
    """Upload `path` and process it with the already-read `pages`; returns the document id (status done)."""
    from archive.processing.ingest import Ingestor, expand_paths
    from archive.processing.pipeline import after_ocr, claim, store_page

    report = Ingestor(archive, case_code=case, unit_code=unit, uploaded_by=uploaded_by).ingest_all(expand_paths([path]))
    assert not report.rejected, report.rejected
    document = report.documents[0]
    assert claim(archive, document.id)
    for result in pages:
        store_page(archive, document.id, document.sha256, result)
    after_ocr(archive, document.id)
    return document.id
