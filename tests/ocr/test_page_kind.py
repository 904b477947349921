"""Page kinds on real Tesseract output: handwriting, photographs and blank pages are told from
print, and print in every scan condition (or in another language) is never flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocr.engine import OcrOptions, ocr_page
from ocr.loader import PDF
from sample_files.corpus import make_case_file
from sample_files.degrade import CONDITIONS
from sample_files.handwriting import handwritten_page
from sample_files.render import render_document

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
NO_LAYER = OcrOptions(use_text_layer=False)


def _corpus(*parts: str) -> Path:
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not in ../shared/corpora")
    return path


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_handwritten_page_is_flagged(tmp_path, seed):
    path = tmp_path / "viet-tay.png"
    handwritten_page(seed).save(path)
    result = ocr_page(path, "image/png", 1)
    assert result.kind == "handwritten" and result.needs_review


@pytest.mark.parametrize("name", ["pillow__hopper.webp", "pillow__flower.jpg", "pillow__photoshop-200dpi.jpg"])
def test_photograph_is_flagged(name):
    result = ocr_page(_corpus("images", name), "image/jpeg", 1)
    assert result.kind == "photo" and result.needs_review


def test_blank_page_is_flagged():
    assert ocr_page(_corpus("pdfs", "ocrmypdf__blank.pdf"), PDF, 1, NO_LAYER).kind == "blank"


@pytest.mark.parametrize("condition", ["clean", "photocopy", "low_dpi_150", "seal_over_text", "combined"])
def test_print_in_any_condition_is_text(tmp_path, condition):
    doc = make_case_file(seed=23)[0]
    path = tmp_path / f"{condition}.png"
    CONDITIONS[condition](render_document(doc, dpi=200)[0].image).save(path)
    assert ocr_page(path, "image/png", 1).kind == "text"


@pytest.mark.parametrize("name", ["ocrmypdf__cardinal.pdf", "ocrmypdf__francais.pdf"])
def test_print_in_another_language_is_text(name):
    # English and French print: few Vietnamese syllables, but read sure.
    assert ocr_page(_corpus("pdfs", name), PDF, 1, NO_LAYER).kind == "text"


def test_a_tiny_real_image_is_read_not_failed():
    # pillow's orientation_rectangle.jpg is a few pixels on a side: too small for the seal search.
    result = ocr_page(_corpus("images", "pillow__orientation_rectangle.jpg"), "image/jpeg", 1)
    assert result.kind in ("photo", "blank") and result.needs_review
