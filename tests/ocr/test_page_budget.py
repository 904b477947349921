"""One time budget per page: every Tesseract run on a page (orientation checks, the reading, second
readings, the reading without risky steps) shares it, and a page that spends it fails as a page over
the limit (permanent: reading it again would need as much time again), not as a run to retry."""

import time
from pathlib import Path

import pytest
from PIL import Image

from ocr import OcrError, OcrOptions, ocr_page
from ocr.tesseract_run import page_budget, read_text

PAGE = Path(__file__).resolve().parents[2] / "sample_files" / "files" / "qd_khoi_to_bi_can_clean.png"


def test_a_run_after_the_budget_is_spent_fails_the_page():
    image = Image.open(PAGE).convert("L")
    with page_budget(0.001):
        time.sleep(0.01)
        with pytest.raises(OcrError) as failure:
            read_text(image, "vie", 300)
    assert failure.value.code == "page_timeout"
    assert failure.value.permanent


def test_a_whole_page_shares_one_budget():
    # A real page takes Tesseract well over a twentieth of a second in any of its runs.
    with pytest.raises(OcrError) as failure:
        ocr_page(PAGE, "image/png", 1, OcrOptions(timeout=0.05))
    assert failure.value.code == "page_timeout" and failure.value.permanent


def test_outside_a_page_each_run_keeps_its_own_limit():
    image = Image.open(PAGE).convert("L").crop((0, 0, 1200, 400))
    assert read_text(image, "vie", 300, timeout=60).words  # no budget: nothing spent
