"""The searchable PDF: page images, an invisible text layer that extracts, and the digitisation mark."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pdfplumber
import pikepdf
import pytest

from ocr.metrics import normalise_for_cer
from ocr.searchable_pdf import DigitisationMark, build_searchable_pdf

SHA = "3f" * 32
MARK = DigitisationMark(
    original_sha256=SHA,
    original_filename="lenh_bat.pdf",
    converted_by="nguyen.thi.lan",
    converted_at=datetime(2024, 3, 5, 14, 20, tzinfo=timezone(timedelta(hours=7))),
    organisation="VKSND tỉnh Bắc Ninh",
)


@pytest.fixture(scope="module")
def pdf_bytes(read):
    return build_searchable_pdf([read("clean"), read("rotated_90")], MARK)


def test_one_pdf_page_per_page_at_its_resolution(pdf_bytes, read):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) == 2
        first = read("clean")
        width = float(pdf.pages[0].mediabox[2])
        assert abs(width - first.width * 72 / first.dpi) < 0.5
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        # Identical page images (a page fed sideways, turned back exactly) are stored once.
        assert images and all(i.Filter == pikepdf.Name.DCTDecode for i in images)


def test_text_layer_extracts_the_ocr_text_nfc_equal(pdf_bytes, read):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page, result in zip(pdf.pages, [read("clean"), read("rotated_90")], strict=True):
            assert normalise_for_cer(page.extract_text()) == normalise_for_cer(result.text)


def test_words_sit_on_their_boxes(pdf_bytes, read):
    result = read("clean")
    scale = 72 / result.dpi
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        words = pdf.pages[0].extract_words()
    target = next(w for w in result.words if len(w.text) > 4 and w.text.isalpha())
    found = [w for w in words if w["text"] == target.text]
    assert any(abs(w["x0"] - target.box[0] * scale) < 2 and abs(w["x1"] - target.box[2] * scale) < 3 for w in found)


def test_metadata_names_the_original_the_converter_and_the_time(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        assert SHA in info["/Keywords"] and SHA in info["/Subject"]
        assert info["/DigitisedFromSHA256"] == SHA
        assert info["/DigitisedBy"] == "nguyen.thi.lan"
        assert info["/CreationDate"].startswith("D:20240305142000+07")
        meta = pdf.open_metadata()
        assert SHA in str(meta)
        assert meta["xmp:CreateDate"].startswith("2024-03-05T14:20:00")
        assert "Bản số hóa" in meta["dc:description"]


def test_note_on_page_one_is_closed_and_in_vietnamese(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        notes = [a for a in pdf.pages[0].Annots if a.Subtype == pikepdf.Name.Text]
        assert len(notes) == 1
        text = str(notes[0].Contents)
        assert text.startswith("Bản số hóa từ bản gốc") and SHA in text
        assert "nguyen.thi.lan" in text and "14:20 ngày 05/03/2024" in text
        assert bool(notes[0].Open) is False


def test_same_input_gives_the_same_pdf(read):
    assert build_searchable_pdf([read("clean")], MARK) == build_searchable_pdf([read("clean")], MARK)
