"""Pages for OCR tests: one sample document page rendered once, degraded on demand, OCR'd once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ocr import OcrOptions, ocr_page
from sample_files.corpus import make_documents
from sample_files.degrade import CONDITIONS
from sample_files.render import render_document

DPI = 200
OPTIONS = OcrOptions(languages="vie")
RAW = OcrOptions(languages="vie", cleanup=False)

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(scope="session")
def page():
    """A rendered first page (RGB image and its exact text) of a sample decision."""
    doc = make_documents(1, seed=7)[0]
    return render_document(doc, dpi=DPI)[0]


@pytest.fixture(scope="session")
def page_file(page, tmp_path_factory):
    """Write the page under a scan condition as PNG (with its dpi) once per session."""
    folder = tmp_path_factory.mktemp("pages")
    made: dict[str, Path] = {}

    def make(condition: str) -> Path:
        if condition not in made:
            image = CONDITIONS[condition](page.image)
            dpi = round(DPI * min(image.size) / min(page.image.size))
            path = folder / f"{condition}.png"
            image.save(path, dpi=(dpi, dpi))
            made[condition] = path
        return made[condition]

    return make


@pytest.fixture(scope="session")
def read(page_file):
    """OCR a page under a condition with given options, cached per (condition, options)."""
    cache: dict = {}

    def run(condition: str, options: OcrOptions = OPTIONS):
        key = (condition, options)
        if key not in cache:
            cache[key] = ocr_page(page_file(condition), "image/png", 1, options)
        return cache[key]

    return run
