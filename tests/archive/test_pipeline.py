"""The whole processing path on real scans with real Tesseract: pages, images, parts, index."""

from __future__ import annotations

import io
import unicodedata

from archive.processing.ingest import Ingestor, expand_paths
from archive.processing.pipeline import Outcome, process_document
from archive.records.models import Document
from archive.retrieval.searching import run_search


def ascii_typing(text: str) -> str:
    """What a user types without a Vietnamese keyboard: no tone marks, đ as d."""
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in stripped if not unicodedata.combining(ch)).lower()


def ingest_and_process(archive, *paths):
    report = Ingestor(archive).ingest_all(expand_paths(list(paths)))
    assert not report.rejected, report.rejected
    outcomes = [process_document(archive, d.id) for d in report.documents]
    return report, outcomes


def load(archive, document_id):
    session = archive.session()
    return session, session.get(Document, document_id)


def test_scanned_page_is_read_stored_and_searchable_without_accents(archive, scans):
    report, outcomes = ingest_and_process(archive, scans["png"])
    assert outcomes == [Outcome.DONE]
    session, document = load(archive, report.documents[0].id)
    with session:
        assert document.status == "done" and document.pages_done == document.page_count == 1
        page = document.pages[0]
        assert page.source == "ocr"
        assert unicodedata.is_normalized("NFC", page.text)
        accused = scans["docs"]["png"].people[0][0]
        assert accused in page.text
        assert page.confidence > 0.8
        assert archive.blobs.page_image_path(document.sha256, 1).exists()
        word = next(w for w in page.words if w[0] == accused.split()[-1])
        x0, y0, x1, y1 = word[1]
        assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
        assert document.doc_type == "qd_khoi_to_bi_can"
    result = run_search(archive, "bi can " + ascii_typing(accused))
    assert result["total"] >= 1
    hit = result["hits"][0]
    assert hit["document_id"] == report.documents[0].id and hit["page"] == 1
    assert hit["boxes"], "the hit words are located on the page image"


def test_multi_page_tiff_is_split_into_its_documents(archive, scans):
    report, outcomes = ingest_and_process(archive, scans["tiff"])
    assert outcomes == [Outcome.DONE]
    session, document = load(archive, report.documents[0].id)
    with session:
        assert [p.number for p in document.pages] == [1, 2]
        assert [(p.first_page, p.last_page) for p in document.parts] == [(1, 1), (2, 2)]
        expected = [d.doc_type for d in scans["docs"]["tiff"]]
        assert [p.doc_type for p in document.parts] == expected


def test_born_digital_pdf_uses_its_text_layer(archive, scans):
    report, outcomes = ingest_and_process(archive, scans["digital_pdf"])
    assert outcomes == [Outcome.DONE]
    session, document = load(archive, report.documents[0].id)
    with session:
        assert {p.source for p in document.pages} == {"text-layer"}
        assert scans["docs"]["digital_pdf"].number in document.pages[0].text.replace(" ", "")
        assert document.pages[0].words


def test_scanned_pdf_is_ocred(archive, scans):
    report, outcomes = ingest_and_process(archive, scans["scanned_pdf"])
    session, document = load(archive, report.documents[0].id)
    with session:
        assert document.pages[0].source == "ocr"
        assert len(document.pages[0].text) > 200


def test_reprocessing_the_same_original_gives_the_same_result(archive, scans):
    report, _ = ingest_and_process(archive, scans["png"])
    document_id = report.documents[0].id
    session, document = load(archive, document_id)
    with session:
        before = [(p.number, p.text, p.words) for p in document.pages], document.doc_type
        document.status = "queued"
        session.commit()
    assert process_document(archive, document_id) == Outcome.DONE
    session, document = load(archive, document_id)
    with session:
        assert ([(p.number, p.text, p.words) for p in document.pages], document.doc_type) == before
    assert run_search(archive, "quyet dinh")["total"] == 1, "re-indexing replaces, never duplicates"


def test_missing_original_fails_with_reason_instead_of_vanishing(archive, scans):
    report = Ingestor(archive).ingest_all(expand_paths([scans["png"]]))
    document_id = report.documents[0].id
    path = archive.blobs.original_path(report.documents[0].sha256)
    path.chmod(0o644)
    path.unlink()
    assert process_document(archive, document_id) == Outcome.FAILED
    session, document = load(archive, document_id)
    with session:
        assert document.status == "failed"
        assert "bản gốc" in document.failure_reason.lower()


def test_searchable_copy_is_written_with_the_mark(archive, scans):
    import pdfplumber

    report, _ = ingest_and_process(archive, scans["png"])
    sha = report.documents[0].sha256
    with pdfplumber.open(io.BytesIO(archive.blobs.open_copy(sha).read())) as pdf:
        assert sha in str(pdf.metadata)
        assert scans["docs"]["png"].people[0][0] in (pdf.pages[0].extract_text() or "")
