"""Generated sample documents: determinism, taxonomy coverage, ground truth on the page, writers, real OCR."""

from __future__ import annotations

import io
import os
import shutil
import unicodedata

import numpy as np
import pdfplumber
import pytest
from PIL import Image

from ocr.metrics import cer
from ocr.metrics import normalise_for_cer as normalise
from sample_files import degrade
from sample_files.corpus import TAXONOMY, make_case_file, make_civil_case_file, make_documents, old_style_tones
from sample_files.render import render_document
from sample_files.writers import write_born_digital_pdf, write_scanned_pdf, write_tiff


@pytest.fixture(scope="module")
def documents():
    return make_documents(60, seed=0)


@pytest.fixture(scope="module")
def case_file():
    return make_case_file(seed=11)


@pytest.fixture(scope="module")
def rendered_decision(case_file):
    doc = next(d for d in case_file if d.doc_type == "qd_khoi_to_bi_can")
    return doc, render_document(doc, dpi=100)


def test_same_seed_gives_same_documents_and_pixels(case_file):
    assert make_documents(8, seed=3) == make_documents(8, seed=3)
    assert make_documents(8, seed=3) != make_documents(8, seed=4)
    assert make_case_file(seed=11) == case_file
    doc = case_file[1]
    first, second = render_document(doc, dpi=100), render_document(doc, dpi=100)
    assert [p.text for p in first] == [p.text for p in second]
    assert all(a.image.tobytes() == b.image.tobytes() for a, b in zip(first, second, strict=True))


def test_every_taxonomy_code_is_produced(documents):
    assert {d.doc_type for d in documents} == set(TAXONOMY)


def test_ground_truth_fields_are_consistent(documents):
    for doc in documents:
        text = "\n".join([doc.title, *doc.body])
        for article in doc.articles:
            assert article in text, (doc.doc_type, article)
        for number in doc.case_numbers:
            assert number in text or number == doc.number
        for name, _role in doc.people:
            assert name in text or name in (doc.signer_name, doc.cosigner_name)
        if doc.number:
            assert doc.number_line.endswith(doc.number)
            assert not doc.number.startswith("Số")


def test_all_text_is_nfc(documents):
    for doc in documents:
        for value in [doc.title, doc.issuer, doc.date_line or "", *doc.body, *doc.articles]:
            assert unicodedata.is_normalized("NFC", value)


def test_both_tone_mark_conventions_appear(documents):
    text = " ".join(" ".join(d.body) for d in documents)
    assert "hòa" in text or "thỏa" in text
    assert "hoà" in text or "thoả" in text or "uỷ" in text
    assert old_style_tones("Cộng hòa, thủy, khỏe, HÒA, quý, hoàn") == "Cộng hoà, thuỷ, khoẻ, HOÀ, quý, hoàn"


def test_case_file_shares_case_and_accused(case_file):
    assert [d.doc_type for d in case_file][:3] == ["to_giac", "qd_khoi_to_vu_an", "qd_khoi_to_bi_can"]
    assert case_file[-1].doc_type == "ban_an"
    assert len({d.case_code for d in case_file}) == 1
    accused = {n for d in case_file for n, role in d.people if role == "bị can"}
    defendants = {n for n, role in case_file[-1].people if role == "bị cáo"}
    assert defendants and defendants <= accused
    dates = [d.date for d in case_file]
    assert dates == sorted(dates)
    civil = make_civil_case_file(seed=5)
    assert len({d.case_code for d in civil}) == 1 and civil[0].case_kind in ("DS", "HNGĐ")


def test_ground_truth_appears_in_rendered_text(case_file):
    for doc in case_file:
        pages = render_document(doc, dpi=50)
        text = normalise("\n".join(p.text for p in pages))
        if doc.number:
            assert doc.number in text
        if doc.date_line:
            assert normalise(doc.date_line) in text
        else:
            assert f"tháng {doc.date.month}" in text or f"tháng {doc.date.month:02d}" in text
        for number in doc.case_numbers:
            assert number in text
        for line in doc.title.split("\n"):
            assert normalise(line) in text
        assert all(p.image.size == (413, 585) for p in pages)
    assert any(len(render_document(d, dpi=50)) >= 2 for d in case_file)


def test_born_digital_pdf_text_round_trips(tmp_path, case_file):
    doc = next(d for d in case_file if d.doc_type == "cao_trang")
    path = write_born_digital_pdf(doc, tmp_path / "cao_trang.pdf")
    truth = [p.text for p in render_document(doc, dpi=30)]
    with pdfplumber.open(path) as pdf:
        extracted = [unicodedata.normalize("NFC", page.extract_text()) for page in pdf.pages]
    assert len(extracted) == len(truth)
    for got, want in zip(extracted, truth, strict=True):
        assert normalise(got) == normalise(want)
    assert write_born_digital_pdf(doc, tmp_path / "again.pdf").read_bytes() == path.read_bytes()


def test_image_writers(tmp_path, rendered_decision):
    _, pages = rendered_decision
    tiff = write_tiff([pages[0], pages[0], pages[0]], tmp_path / "three.tif", dpi=100)
    with Image.open(tiff) as img:
        assert img.n_frames == 3
    pdf = write_scanned_pdf(pages, tmp_path / "scan.pdf", dpi=100)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == len(pages) and not (doc.pages[0].extract_text() or "").strip()
        assert abs(doc.pages[0].width - 595.3) < 1.5
    assert write_scanned_pdf(pages, tmp_path / "again.pdf", dpi=100).read_bytes() == pdf.read_bytes()


@pytest.mark.parametrize("name", sorted(degrade.CONDITIONS))
def test_degradations_change_image_and_keep_size_sane(name, rendered_decision):
    _, pages = rendered_decision
    clean = pages[0].image
    out = degrade.CONDITIONS[name](clean)
    assert out.mode == "RGB"
    assert out.tobytes() == degrade.CONDITIONS[name](clean).tobytes()  # seeded
    assert 0.5 * min(clean.size) <= min(out.size) and max(out.size) <= 1.1 * max(clean.size)
    if name != "clean":
        if out.size == clean.size:
            diff = np.abs(np.asarray(out, dtype=np.int16) - np.asarray(clean, dtype=np.int16))
            assert diff.mean() > 0.2
        assert out.tobytes() != clean.tobytes()
    buf = io.BytesIO()
    out.save(buf, "PNG")
    assert buf.tell() > 1000


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_tesseract_reads_clean_page_with_low_cer(case_file):
    pytesseract = pytest.importorskip("pytesseract")
    if "vie" not in pytesseract.get_languages():
        pytest.skip("tesseract 'vie' data not installed")
    doc = next(d for d in case_file if d.doc_type == "cao_trang")
    page = render_document(doc, dpi=200, seal=False)[0]
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    ocr = pytesseract.image_to_string(page.image, lang="vie")
    assert cer(ocr, page.text) < 0.02
