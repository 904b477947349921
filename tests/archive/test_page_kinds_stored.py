"""A handwritten page inside an upload: stored and counted as a digitised page, flagged for a person
with its reason, its OCR text kept out of search and out of classification."""

from __future__ import annotations

from archive.processing.documents import review_reasons
from archive.processing.ingest import Ingestor, expand_paths
from archive.processing.pipeline import process_document
from archive.records.models import Document
from archive.retrieval.searching import run_search
from sample_files.handwriting import handwritten_page


def test_handwritten_page_is_counted_flagged_and_not_indexed(archive, scans, tmp_path):
    from PIL import Image

    typed = Image.open(scans["png"]).convert("RGB")
    path = tmp_path / "ho-so-co-trang-viet-tay.tiff"
    typed.save(path, save_all=True, append_images=[handwritten_page(5)], dpi=(200, 200), compression="tiff_lzw")
    report = Ingestor(archive).ingest_all(expand_paths([path]))
    process_document(archive, report.documents[0].id)
    with archive.session() as session:
        document = session.get(Document, report.documents[0].id)
        assert document.status == "done" and document.page_count == document.pages_done == 2
        kinds = {page.number: page.kind for page in document.pages}
        assert kinds == {1: "text", 2: "handwritten"}
        assert "page_handwritten" in review_reasons(document) and document.needs_review
        assert document.doc_type == "qd_khoi_to_bi_can"  # the handwriting's noise did not change the type
        noise = (
            next(w[0] for w in document.pages[1].words if len(w[0]) >= 3 and w[0].isalpha())
            if document.pages[1].words
            else None
        )
    hits = run_search(archive, f"doc:{document.id}")["hits"]
    assert {h["page"] for h in hits} <= {1, 2}
    if noise:
        assert all(h["page"] != 2 for h in run_search(archive, f'"{noise}" doc:{document.id}')["hits"])
