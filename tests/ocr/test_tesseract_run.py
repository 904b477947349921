"""Running Tesseract: in-process and as a command give the same words; margins, limits."""

from __future__ import annotations

import pytest
from PIL import Image, ImageOps

import ocr.tesseract_run as tesseract_run
from ocr import OcrError, ocr_page
from ocr.page_text import PageText, from_tsv
from ocr.tesseract import ink_box, recognise

from .conftest import DPI, OPTIONS


def _words(page: PageText) -> list[str]:
    return [w.text for w in page.words if w.text]


@pytest.fixture
def command_only(monkeypatch):
    """Tesseract as where tesserocr is not installed: the `tesseract` command for every read."""
    monkeypatch.setattr(tesseract_run, "_engines", tesseract_run._Engines())
    monkeypatch.setattr(tesseract_run, "_load", lambda languages: None)


def test_tesseract_runs_in_process_when_tesserocr_is_installed():
    pytest.importorskip("tesserocr", reason="tesserocr is not installed: every read runs the command")
    assert tesseract_run.in_process("vie")


def test_in_process_and_command_read_the_same_words(page):
    pytest.importorskip("tesserocr", reason="tesserocr is not installed: there is only the command")
    gray = page.image.convert("L")
    in_process = tesseract_run.read_text(gray, "vie", DPI)
    command = from_tsv(tesseract_run._read_tsv_command(gray, "vie", DPI, psm=3, timeout=300))
    assert len(_words(in_process)) > 100
    assert _words(in_process) == _words(command)


def test_a_page_reads_the_same_without_tesserocr(page_file, read, command_only):
    result = ocr_page(page_file("seal_over_text"), "image/png", 1, OPTIONS)
    assert not tesseract_run.in_process("vie")
    assert result.text == read("seal_over_text").text
    assert [w.box for w in result.words] == [w.box for w in read("seal_over_text").words]


@pytest.fixture(params=[True, False], ids=["in-process", "command"])
def in_process(request) -> bool:
    """Each test twice: Tesseract in-process (tesserocr), then as a command."""
    if request.param:
        pytest.importorskip("tesserocr", reason="tesserocr is not installed")
    else:
        request.getfixturevalue("command_only")
    return request.param


def test_the_orientation_detector_tells_upright_from_upside_down_both_ways(page, in_process):
    gray = page.image.convert("L")
    upright = tesseract_run.detect_orientation(gray, DPI)
    turned = tesseract_run.detect_orientation(gray.rotate(180), DPI)
    assert upright[0] == 0 and turned[0] == 180
    assert upright[1] > 2 and turned[1] > 2
    assert tesseract_run.detect_orientation(Image.new("L", (800, 800), 255), DPI) is None
    assert tesseract_run.in_process("osd") is in_process


def test_a_read_over_its_time_limit_fails_with_a_timeout(page, in_process):
    with pytest.raises(OcrError) as failure:
        tesseract_run.read_text(page.image.convert("L"), "vie", DPI, timeout=0.01)
    assert failure.value.code == "timeout"


def test_word_boxes_stay_on_the_page_when_only_the_inked_part_is_read(page):
    gray = page.image.convert("L")
    padded = ImageOps.expand(gray, border=(150, 90, 0, 0), fill=255)
    plain, shifted = recognise(gray, "vie", DPI), recognise(padded, "vie", DPI)
    assert shifted.text == plain.text
    assert [w.box for w in shifted.words] == [
        (x0 + 150, y0 + 90, x1 + 150, y1 + 90) for x0, y0, x1, y1 in (w.box for w in plain.words)
    ]


def test_ink_box_keeps_a_margin_and_a_blank_page_whole():
    blank = Image.new("L", (400, 300), 255)
    assert ink_box(blank, margin=20) == (0, 0, 400, 300)
    blank.paste(0, (100, 50, 180, 70))
    assert ink_box(blank, margin=20) == (80, 30, 200, 90)
    assert ink_box(blank, margin=500) == (0, 0, 400, 300)
