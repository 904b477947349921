"""Orientation on real scans not made by this project: upright pages stay, turned pages turn right."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from ocr.cleanup import clean_page, turn_reads_better
from ocr.ink import luminance
from ocr.loader import load_page_image
from sample_files.families import family_pages

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
if not CORPORA.exists():
    CORPORA = Path("/work/shared/corpora")
pytestmark = pytest.mark.skipif(not CORPORA.exists(), reason="shared corpora not present")

PDF, TIFF = "application/pdf", "image/tiff"
# Upright pages with text: a bilevel G4 document scan, and two skewed brochure scans (one
# stored with /Rotate, which the loader applies).
UPRIGHT = [
    ("images/pillow__pport_g4.tif", TIFF, 1),
    ("pdfs/ocrmypdf__skew.pdf", PDF, 1),
    ("pdfs/ocrmypdf__rotated_skew.pdf", PDF, 1),
    ("pdfs/ocrmypdf__cardinal.pdf", PDF, 1),
]


def _page(name: str, media_type: str, number: int, dpi: int = 200):
    return load_page_image(CORPORA / name, media_type, number, dpi=dpi)


@pytest.mark.parametrize(("name", "media_type", "number"), UPRIGHT)
def test_upright_real_pages_are_not_turned(name, media_type, number):
    image, dpi = _page(name, media_type, number)
    assert clean_page(image, dpi).rotation == 0


@pytest.mark.parametrize(("name", "media_type", "number"), UPRIGHT[:2])
def test_no_turn_of_an_upright_page_reads_better(name, media_type, number):
    """Whatever the line-shape tests propose, the reading check refuses every turn of an upright page."""
    image, dpi = _page(name, media_type, number)
    gray = luminance(np.asarray(image.convert("RGB")))
    for rotation in (90, 180, 270):
        assert not turn_reads_better(gray, rotation, 0.0, dpi, "vie"), rotation


def test_pages_turned_each_quarter_are_turned_back():
    # ocrmypdf's cardinal.pdf: the same page with its image turned 0, 90, 180 and 270 degrees.
    found = [clean_page(*_page("pdfs/ocrmypdf__cardinal.pdf", PDF, n)).rotation for n in (1, 2, 3, 4)]
    assert found == [0, 270, 180, 90]


def test_multipage_fax_tiff_pages_stay_upright():
    # Pillow's three-page G4 fax: every frame a page, none turned.
    for number in (1, 2, 3):
        image, dpi = _page("images/pillow__g4-multi.tiff", TIFF, number)
        assert clean_page(image, dpi).rotation == 0


def test_upright_generated_pages_in_other_faces_and_resolutions_are_not_turned():
    # Serif pages at 150, 200 or 300 dpi and typewritten monospace pages on yellowed paper.
    for page in family_pages(2, 17, ["clean", "typewriter", "jpeg_150"]):
        assert clean_page(page.image, page.dpi).rotation == 0, (page.family, page.params)


def test_a_turn_is_decided_without_reading_the_same_strip_twice(monkeypatch):
    """Deciding the turns of cardinal.pdf's pages reads no band of pixels more than once (each
    reading of a band of sideways text costs as much as a second of Tesseract), and the turns
    found are the same."""
    import ocr.orientation as orientation

    read = orientation.read_text
    seen: list[str] = []

    def counting(image, *args, **kwargs):
        seen.append(f"{image.size} {hashlib.blake2b(image.tobytes(), digest_size=8).hexdigest()}")
        return read(image, *args, **kwargs)

    monkeypatch.setattr(orientation, "read_text", counting)
    found = [clean_page(*_page("pdfs/ocrmypdf__cardinal.pdf", PDF, n)).rotation for n in (1, 2, 3, 4)]
    assert found == [0, 270, 180, 90]
    assert seen, "the sideways pages were decided by reading bands of them"
    assert len(seen) == len(set(seen))
