"""The never-worse guard on real Tesseract output: a step that took print is undone, a step that
did not is kept without reading the whole page a second time."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image

import ocr.never_worse as never_worse
from ocr.cleanup import ALL_STEPS, clean_page
from ocr.metrics import cer
from ocr.reading_quality import reads_surely
from ocr.tesseract import recognise
from sample_files.families import family_pages

LANG = "vie"


@pytest.fixture(scope="module")
def clean_sample():
    page = family_pages(1, 5, ["clean"])[0]
    return page, clean_page(page.image, page.dpi, LANG)


def _reads(monkeypatch) -> list[tuple[int, int]]:
    """Records the size of every image the guard gives Tesseract (the reading itself runs)."""
    sizes: list[tuple[int, int]] = []

    def reading(image, *args, **kwargs):
        sizes.append(image.size)
        return recognise(image, *args, **kwargs)

    monkeypatch.setattr(never_worse, "recognise", reading)
    return sizes


def _with_print_taken(cleaned, top: float, bottom: float):
    """The cleaned page as a step that whitened the print between two heights would leave it."""
    pixels = np.array(cleaned.ocr_image)
    height = pixels.shape[0]
    pixels[int(top * height) : int(bottom * height), :] = 255
    return dataclasses.replace(
        cleaned, ocr_image=Image.fromarray(pixels), risky=["seal"], steps=[*cleaned.steps, "seal"]
    )


def test_a_step_that_took_a_paragraph_is_undone(clean_sample):
    sample, cleaned = clean_sample
    taken = _with_print_taken(cleaned, 0.35, 0.55)
    reading = recognise(taken.ocr_image, LANG, taken.ocr_dpi)
    page, kept = never_worse.keep_better(sample.image, sample.dpi, LANG, ALL_STEPS, taken, reading, 300)
    assert "never-worse" in page.steps
    assert cer(kept.text, sample.text) < cer(reading.text, sample.text) - 0.05


def test_a_step_that_took_nothing_is_kept_after_reading_only_where_it_worked(clean_sample, monkeypatch):
    sample, cleaned = clean_sample
    # A whitening step that removed a mark in the margin, where there is no print.
    pixels = np.array(cleaned.ocr_image)
    pixels[20:80, 20:80] = 255
    marked = np.array(sample.image.convert("RGB"))
    scale = sample.image.width / cleaned.ocr_image.width
    marked[int(20 * scale) : int(80 * scale), int(20 * scale) : int(80 * scale)] = (90, 90, 90)
    original = Image.fromarray(marked)
    page = dataclasses.replace(cleaned, ocr_image=Image.fromarray(pixels), risky=["seal"])
    reading = recognise(page.ocr_image, LANG, page.ocr_dpi)
    sizes = _reads(monkeypatch)
    kept_page, kept = never_worse.keep_better(original, sample.dpi, LANG, ALL_STEPS - {"seal"}, page, reading, 300)
    assert kept_page is page and kept is reading
    assert page.ocr_image.size not in sizes  # the page was not read a second time
    assert sizes, "the changed place was read both ways"


def test_a_sure_reading_of_a_steeply_deskewed_page_is_not_read_again(monkeypatch):
    sample = next(p for p in family_pages(4, 8, ["skew"]) if abs(p.params["angle"]) > 4)
    cleaned = clean_page(sample.image, sample.dpi, LANG)
    assert "deskew" in cleaned.risky
    reading = recognise(cleaned.ocr_image, LANG, cleaned.ocr_dpi)
    sizes = _reads(monkeypatch)
    page, kept = never_worse.keep_better(sample.image, sample.dpi, LANG, ALL_STEPS, cleaned, reading, 300)
    assert page is cleaned and kept is reading and sizes == []
    assert cer(kept.text, sample.text) < 0.02


def test_a_page_turned_by_a_wrong_angle_is_read_straight_again(clean_sample):
    sample, cleaned = clean_sample
    tilted = cleaned.ocr_image.rotate(7, fillcolor=255)
    page = dataclasses.replace(cleaned, ocr_image=tilted, skew=7.0, risky=["deskew"], steps=[*cleaned.steps, "deskew"])
    reading = recognise(tilted, LANG, page.ocr_dpi)
    assert not reads_surely(never_worse.quality_of(reading))
    kept_page, kept = never_worse.keep_better(sample.image, sample.dpi, LANG, ALL_STEPS, page, reading, 300)
    assert "never-worse" in kept_page.steps
    assert cer(kept.text, sample.text) < 0.02 < cer(reading.text, sample.text)


def test_a_phone_photo_whose_sheet_kept_all_its_print_is_not_read_again(monkeypatch):
    sample = family_pages(1, 8, ["phone"])[0]
    cleaned = clean_page(sample.image, sample.dpi, LANG)
    assert "perspective" in cleaned.risky and not cleaned.print_cut
    reading = recognise(cleaned.ocr_image, LANG, cleaned.ocr_dpi)
    sizes = _reads(monkeypatch)
    page, kept = never_worse.keep_better(sample.image, sample.dpi, LANG, ALL_STEPS, cleaned, reading, 300)
    assert page is cleaned and kept is reading and sizes == []
    assert cer(kept.text, sample.text) < 0.02


def test_a_sheet_found_smaller_than_the_page_is_seen_to_cut_print():
    from ocr.ink import luminance
    from ocr.page_region import find_sheet, print_left_outside

    sample = family_pages(1, 8, ["phone"])[0]
    gray = luminance(np.asarray(sample.image.convert("RGB")))
    sheet = find_sheet(gray)
    assert not print_left_outside(gray, sheet, sample.dpi)
    # The sheet's lower third taken for desk, as a shadow across the page would make it.
    short = sheet.copy()
    rows = np.flatnonzero(short.any(axis=1))
    short[rows[0] + 2 * (rows[-1] - rows[0]) // 3 :] = 0
    assert print_left_outside(gray, short, sample.dpi)
