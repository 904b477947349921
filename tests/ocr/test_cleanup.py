"""Each cleanup step fixes its scan condition, measured on real Tesseract output."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytesseract
import pytest
from PIL import Image

from ocr.cleanup import ALL_STEPS, clean_page
from ocr.engine import OcrOptions
from ocr.metrics import cer
from ocr.seal import find_seals
from ocr.signature import stroke_components
from sample_files.degrade import skew
from tests.ocr.conftest import DPI, OPTIONS, RAW


def test_clean_page_reads_almost_exactly(page, read):
    result = read("clean")
    assert cer(result.text, page.text) < 0.03
    assert result.rotation == 0 and result.skew == 0.0
    assert not result.needs_review


def test_orientation_fixes_an_upside_down_page(page, read):
    raw = read("upside_down", RAW)
    fixed = read("upside_down")
    assert cer(raw.text, page.text) > 0.5
    assert fixed.rotation == 180
    assert "orientation" in fixed.steps
    assert cer(fixed.text, page.text) <= cer(read("clean").text, page.text) + 0.01


def test_orientation_fixes_a_sideways_page(page, read):
    fixed = read("rotated_90")
    assert fixed.rotation == 90
    assert (fixed.width, fixed.height) == page.image.size
    assert cer(fixed.text, page.text) <= cer(read("clean").text, page.text) + 0.01


@pytest.mark.parametrize("angle", [2.5, -7.0, 0.8])
def test_deskew_finds_the_applied_angle(page, angle):
    tilted = skew(page.image, angle, noise=5.0, seed=3)
    cleaned = clean_page(tilted, DPI, "vie")
    assert cleaned.rotation == 0
    assert abs(cleaned.skew - angle) < 0.5
    assert "deskew" in cleaned.steps


def test_deskew_makes_a_steeply_skewed_page_readable(page, read):
    raw = read("skew_neg_7", RAW)
    fixed = read("skew_neg_7")
    assert abs(fixed.skew + 7.0) < 0.5
    assert cer(fixed.text, page.text) < 0.03 < cer(raw.text, page.text)


def _without(*steps: str) -> OcrOptions:
    return OcrOptions(languages="vie", cleanup_steps=ALL_STEPS - set(steps))


def test_ink_suppression_reads_text_under_a_red_seal(page, read):
    # Without colour, the grey seal step would find the seal by its circle instead.
    without = read("seal_over_text", _without("ink", "seal"))
    fixed = read("seal_over_text")
    assert "ink" in fixed.steps
    assert cer(fixed.text, page.text) < cer(without.text, page.text)
    assert cer(fixed.text, page.text) < 0.01


def test_blue_signature_ink_is_removed_also_where_it_crosses_the_seal(page):
    rgb = np.asarray(page.image.convert("RGB")).astype(int)
    signature = (rgb[..., 2] - np.maximum(rgb[..., 0], rgb[..., 1]) > 40) & (rgb[..., 2] < 200)
    assert signature.sum() > 200
    cleaned = np.asarray(clean_page(page.image, DPI, "vie").ocr_image)
    assert np.percentile(cleaned[signature], 5) > 200


def test_grey_seal_is_found_by_its_circle_after_a_photocopy(page, read):
    without = read("combined", _without("seal"))
    fixed = read("combined")
    assert "seal" in fixed.steps and "ink" not in fixed.steps
    assert cer(fixed.text, page.text) < 0.02 < cer(without.text, page.text)


def test_find_seals_gives_the_seal_geometry(page_file):
    gray = np.asarray(clean_page(Image.open(page_file("photocopy")), DPI, "vie", steps=ALL_STEPS - {"seal"}).ocr_image)
    seals = find_seals(gray, DPI)
    assert len(seals) == 1
    # A 36-40 mm seal at 200 dpi.
    assert 140 <= seals[0].radius <= 160
    assert 60 <= seals[0].level <= 160
    assert find_seals(np.full_like(gray, 255), DPI) == []


def test_signature_strokes_are_told_from_letters():
    binary = np.zeros((400, 600), np.uint8)
    for x in range(40, 400, 40):  # a row of letter-sized blobs
        cv2.rectangle(binary, (x, 40), (x + 20, 70), 255, -1)
    cv2.ellipse(binary, (300, 250), (120, 60), 0, 0, 360, 255, 2)  # a thin loop
    labels, flags = stroke_components(binary)
    assert flags[labels[250, 180]]  # on the loop
    assert not flags[labels[55, 50]]  # a letter


def test_photo_sheet_is_cut_out_and_flattened(page, page_file):
    cleaned = clean_page(Image.open(page_file("photo")), DPI, "vie")
    assert "perspective" in cleaned.steps
    # The sheet keeps the proportions of A4 and the desk is gone.
    width, height = cleaned.display.size
    assert abs(height / width - 297 / 210) < 0.04
    assert np.percentile(np.asarray(cleaned.ocr_image)[:, :20], 5) > 150


def test_ink_suppression_keeps_the_seal_in_the_display_image(page_file, read):
    shown = np.asarray(Image.open(io.BytesIO(read("seal_over_text").image_jpeg)).convert("RGB")).astype(int)
    red = (shown[..., 0] - shown[..., 1] > 80) & (shown[..., 0] > 150)
    assert red.mean() > 0.002  # the seal is still there, in colour


def test_photo_reads_almost_exactly(page, read):
    assert cer(read("photo").text, page.text) < 0.01 < cer(read("photo", RAW).text, page.text)


def test_photocopy_is_despeckled_and_flattened(page, page_file):
    image = Image.open(page_file("photocopy"))
    cleaned = clean_page(image, DPI, "vie")
    assert {"background", "despeckle"} <= set(cleaned.steps)
    # Paper becomes white again: the median grey level of the cleaned page is near 255.
    assert np.median(np.asarray(cleaned.ocr_image)) > 245


def test_cleanup_can_be_turned_off(read):
    raw = read("upside_down", RAW)
    # Only repairs of what Tesseract read, no change to the image.
    assert raw.rotation == 0 and set(raw.steps) <= {"reread-lines", "reread-words", "tone-marks", "look-alikes"}


def test_word_boxes_land_on_their_words_in_the_display_image(read):
    """On a page fed sideways, crop a few word boxes out of `image_jpeg` and read them again."""
    result = read("rotated_90")
    shown = Image.open(io.BytesIO(result.image_jpeg))
    assert shown.size == (result.width, result.height)
    candidates = [w for w in result.words if len(w.text) >= 6 and w.text.isalpha() and w.conf > 0.9][:3]
    assert candidates
    for word in candidates:
        x0, y0, x1, y1 = word.box
        crop = shown.crop((x0 - 4, y0 - 4, x1 + 4, y1 + 4))
        again = pytesseract.image_to_string(crop, lang="vie", config="--psm 7").strip()
        assert cer(again, word.text) <= 0.2, (word, again)


def test_json_reports_rotation_skew_and_steps(read):
    data = read("rotated_90").to_json()
    assert data["rotation"] == 90
    assert "skew" in data and "steps" in data and "needs_review" in data


def test_options_are_unchanged_by_cleanup():
    assert OPTIONS.cleanup and not RAW.cleanup
