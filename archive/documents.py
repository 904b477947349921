"""Document-level stages after OCR: what the document is and which case it belongs to."""

from __future__ import annotations


def classify_and_link(archive, document_id: int) -> None:
    """Classify the document and link it to a case (filled in by the classification stage)."""
    return None
