"""Bilevel pages (faxes, black-and-white scans) smoothed before reading, on real Tesseract output."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from ocr import OcrOptions, ocr_page
from ocr.cleanup import ALL_STEPS, clean_page
from ocr.metrics import cer
from sample_files.families import family_pages

RAW = OcrOptions(languages="vie", cleanup=False)
WITHOUT = OcrOptions(languages="vie", cleanup_steps=ALL_STEPS - {"bilevel"})


def _read(image: Image.Image, dpi: int, folder, name: str, options: OcrOptions = OcrOptions()):
    path = folder / f"{name}.png"
    image.save(path, dpi=(dpi, dpi))
    return ocr_page(path, "image/png", 1, options)


@pytest.fixture(scope="module")
def fax_pages():
    return family_pages(2, 31, ["fax"])


def test_dithered_fax_reads_like_a_scan(fax_pages, tmp_path):
    for index, page in enumerate(fax_pages):
        fixed = _read(page.image, page.dpi, tmp_path, f"fax{index}")
        plain = _read(page.image, page.dpi, tmp_path, f"fax{index}-raw", RAW)
        assert "bilevel" in fixed.steps
        assert cer(fixed.text, page.text) <= min(0.03, cer(plain.text, page.text)), page.params


def test_clean_black_and_white_scan_reads_no_worse_smoothed(tmp_path):
    page = family_pages(1, 32, ["clean"])[0]
    gray = np.asarray(page.image.convert("L"))
    bilevel = Image.fromarray(np.where(gray < 140, 0, 255).astype(np.uint8))
    smoothed = _read(bilevel, page.dpi, tmp_path, "bw", OcrOptions())
    as_is = _read(bilevel, page.dpi, tmp_path, "bw-as-is", WITHOUT)
    assert "bilevel" in smoothed.steps and "bilevel" not in as_is.steps
    assert cer(smoothed.text, page.text) <= cer(as_is.text, page.text) + 0.003


def test_grey_pages_are_not_smoothed():
    for page in family_pages(1, 33, ["clean", "photocopy_2nd", "typewriter", "jpeg_150"]):
        assert "bilevel" not in clean_page(page.image, page.dpi, "vie").steps, page.family
