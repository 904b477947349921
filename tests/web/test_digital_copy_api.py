"""The searchable digitised copy over the API: marked with its original, only for those who may see it."""

from __future__ import annotations

import io

import pdfplumber

from archive.records.models import Document


def test_digital_copy_is_served_with_its_mark(client_for, world):
    document_id = world.docs["P"]
    response = client_for("ksv_p").get(f"/api/documents/{document_id}/pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    with world.archive.session() as session:
        sha256 = session.get(Document, document_id).sha256
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        assert "Nguyễn Văn An" in (pdf.pages[0].extract_text() or "")
        assert sha256 in str(pdf.metadata)
    assert client_for("ksv_q").get(f"/api/documents/{document_id}/pdf").status_code == 404
