"""The searchable PDF of each document: its digitised copy, marked with which original, by whom, when."""

from __future__ import annotations

from archive.records.models import Document, utcnow
from ocr import PageResult, Word
from ocr.searchable_pdf import DigitisationMark, build_searchable_pdf


def page_results(archive, document: Document) -> list[PageResult]:
    """The stored pages as OCR results again (image, words, geometry), for building the PDF."""
    results = []
    for page in document.pages:
        image = archive.blobs.read_page_image(document.sha256, page.number)
        results.append(
            PageResult(
                number=page.number,
                text=page.text,
                confidence=page.confidence,
                rotation=page.rotation,
                skew=page.skew,
                source=page.source,
                words=[Word(text=w[0], box=tuple(w[1]), conf=w[2]) for w in page.words],
                width=page.width,
                height=page.height,
                dpi=page.dpi or 300,
                steps=list(page.steps),
                image_jpeg=image or b"",
            )
        )
    return results


def write_digital_copy(archive, document_id: int) -> bytes:
    """Build (or rebuild) the document's searchable PDF and store it beside the originals."""
    with archive.session() as session:
        document = session.get(Document, document_id)
        mark = DigitisationMark(
            original_sha256=document.sha256,
            original_filename=document.filename,
            converted_by=document.uploaded_by or archive.settings.system_account,
            converted_at=document.processed_at or utcnow(),
            organisation=document.unit.name if document.unit else "",
        )
        data = build_searchable_pdf(page_results(archive, document), mark)
        sha256 = document.sha256
    archive.blobs.write_copy(sha256, data)
    return data
