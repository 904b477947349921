"""Cleanup on pages unlike the ones it was tuned on: seals of other hues and inks, bound pages,
phone photos, typewritten pages, and the never-worse guard, all on real Tesseract output."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from ocr import OcrOptions, ocr_page
from ocr.cleanup import clean_page
from ocr.ink import remove_seal_ink, suppress_colour_ink
from ocr.metrics import cer
from sample_files.corpus import make_documents
from sample_files.families import binding, family_pages, typewritten
from sample_files.render import layout_document, rasterize
from sample_files.seal import draw_seal, stamp

DPI = 200
RAW = OcrOptions(languages="vie", cleanup=False)


def _read(image: Image.Image, folder, name: str, options: OcrOptions = OcrOptions(), dpi: int = DPI):
    path = folder / f"{name}.png"
    image.save(path, dpi=(dpi, dpi))
    return ocr_page(path, "image/png", 1, options)


@pytest.fixture(scope="module")
def signed_page():
    """The page of a sample document that carries its signature block, without its seal."""
    layout = layout_document(make_documents(1, seed=7)[0], seal=True)[-1]
    return layout, rasterize(layout, DPI, seals=False)


@pytest.mark.parametrize(("colour", "opacity"), [((214, 96, 150), 0.7), ((150, 40, 120), 0.6), ((228, 120, 104), 0.8)])
def test_print_under_partly_opaque_seal_ink_stays_dark(colour, opacity):
    """Pink, purple-red and orange-red ink laid over black print: the print stays, the ink goes."""
    page = Image.new("RGB", (400, 400), (250, 248, 244))
    page.paste((20, 20, 24), (60, 180, 340, 200))  # a bar of print across the seal
    mask = draw_seal(300, "VIỆN KIỂM SÁT NHÂN DÂN", seed=1)
    inked = np.asarray(stamp(page, mask, (200, 200), opacity=opacity, color=colour, mode="opaque"))
    gray, fired = suppress_colour_ink(inked)
    assert fired
    ring = np.zeros((400, 400), bool)
    ring[50:350, 50:350] = np.asarray(mask) > 200
    bar = np.zeros((400, 400), bool)
    bar[180:200, 60:340] = True
    assert (bar & ring).sum() > 200
    # Print under the ink stays dark; ink on paper turns to paper, but for a few stray pixels.
    assert np.percentile(gray[bar & ring], 90) < 110
    assert np.percentile(gray[ring & ~bar], 10) > 200


def test_seal_ink_mix_is_solved_for_paper_print_and_ink():
    paper, ink = np.array([250, 248, 244], np.float32), np.array([200, 60, 150], np.float32)
    alpha = 0.7
    pixels = np.array([[paper, alpha * ink + (1 - alpha) * paper, alpha * ink, [20, 20, 24]]], np.uint8)
    out = remove_seal_ink(pixels, ink, paper)[0]
    assert out[0] > 240 and out[1] > 240  # paper, ink on paper
    assert out[2] < 40 and out[3] < 40  # print under the ink, print


def test_text_under_partly_opaque_purple_seals_is_read(signed_page, tmp_path):
    layout, image = signed_page
    scale = DPI / 72
    for mark in layout.seals:
        mask = draw_seal(round(mark.diameter * scale), mark.text, seed=mark.seed)
        image = stamp(
            image,
            mask,
            (round(mark.cx * scale), round(mark.cy * scale)),
            opacity=0.7,
            color=(160, 50, 130),
            angle=mark.angle,
            mode="opaque",
        )
    fixed, plain = _read(image, tmp_path, "purple"), _read(image, tmp_path, "purple-raw", RAW)
    assert "ink" in fixed.steps
    assert cer(fixed.text, layout.text) <= min(0.01, cer(plain.text, layout.text))


def test_binding_shadow_is_not_taken_for_the_sheet_edge(signed_page):
    _, image = signed_page
    for seed in range(3):
        bound, params = binding(image, np.random.default_rng(seed), DPI)
        cleaned = clean_page(bound, DPI, "vie")
        assert not {"perspective", "page-region"} & set(cleaned.steps), params
        assert cleaned.display.size == bound.size


def test_phone_photos_leaning_a_little_are_not_turned_far():
    for page in family_pages(1, 3, ["phone"] * 3):
        cleaned = clean_page(page.image, page.dpi, "vie")
        assert abs(cleaned.skew) <= 3.5, (page.params, cleaned.skew)
        assert cleaned.rotation == 0


def test_typewritten_page_keeps_its_text(tmp_path):
    text = layout_document(make_documents(1, seed=3)[0])[0].text
    image, typed = typewritten(text, np.random.default_rng(2), DPI)
    fixed, plain = _read(image, tmp_path, "typed"), _read(image, tmp_path, "typed-raw", RAW)
    assert "ink" not in fixed.steps
    assert cer(fixed.text, typed) <= cer(plain.text, typed) + 0.002


def test_purple_ribbon_page_is_never_read_worse_than_without_cleanup(tmp_path):
    """Purple typewriter ribbon looks like seal ink; the guard reads the page both ways."""
    text = layout_document(make_documents(1, seed=3)[0])[0].text
    image, typed = typewritten(text, np.random.default_rng(1), DPI)
    arr = np.asarray(image).astype(np.float32)
    paper, ink = np.array([240, 230, 200], np.float32), np.array([95, 40, 125], np.float32)
    dark = 1 - arr.mean(axis=2, keepdims=True) / paper.mean()
    purple = Image.fromarray((paper * (1 - dark) + ink * dark).clip(0, 255).astype(np.uint8))
    fixed, plain = _read(purple, tmp_path, "purple-typed"), _read(purple, tmp_path, "purple-typed-raw", RAW)
    assert cer(fixed.text, typed) <= cer(plain.text, typed)
