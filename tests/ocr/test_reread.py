"""Second readings with real Tesseract: words the first reading was unsure of are read again
on their own and kept only where the second reading is surer."""

from __future__ import annotations

from dataclasses import replace

from PIL import Image, ImageDraw

from ocr.page_text import PageText, RecognisedWord
from ocr.reread import reread_unsure, unsure_boxes
from sample_files.fonts import font

DPI = 200


def _row(left, top, width, height, text, conf, line=1):
    return RecognisedWord(text, (left, top, left + width, top + height), float(conf), ("1", "1", "1", str(line)))


def _words(rows):
    return PageText(list(rows), [])


def _page():
    """A line of body text and, under it, a small bold italic heading, as on a decision's
    recipients block; with the rows of a first reading that misread the heading."""
    image = Image.new("L", (1200, 300), 255)
    draw = ImageDraw.Draw(image)
    body = font("regular", 36)
    x, rows = 60, []
    for word in ["Căn", "cứ", "Điều", "255", "Bộ", "luật"]:
        draw.text((x, 80), word, font=body, fill=0, anchor="ls")
        left, top, right, bottom = draw.textbbox((x, 80), word, font=body, anchor="ls")
        rows.append(_row(left, top, right - left, bottom - top, word, 96))
        x = right + 14
    left, top, right, bottom = draw.textbbox((60, 180), "Nơi nhận:", font=font("bolditalic", 33), anchor="ls")
    draw.text((60, 180), "Nơi nhận:", font=font("bolditalic", 33), fill=0, anchor="ls")
    heading = _row(left, top, right - left, bottom - top, "Ngdinhận.ỎÔÔ", 0, line=2)
    return image, rows, heading


def test_an_unsure_word_read_again_alone_replaces_the_misreading_in_its_place():
    image, body, heading = _page()
    rows = body[:3] + [heading] + body[3:]
    reread = reread_unsure(image, _words(rows), "vie", DPI, timeout=60).words
    texts = [r.text for r in reread]
    assert "Ngdinhận.ỎÔÔ" not in texts
    assert texts[3:5] == ["Nơi", "nhận:"]  # where the misreading was, on its line
    assert all(r.line[3] == "2" for r in reread[3:5])
    assert min(r.conf for r in reread[3:5]) > 80
    assert [r.text for r in reread[:3] + reread[5:]] == [r.text for r in body]


def test_sure_words_are_not_read_again():
    image, body, _ = _page()
    page = _words(body)
    assert unsure_boxes(page) == []
    assert reread_unsure(image, page, "vie", DPI, timeout=60) is page


def test_a_second_reading_that_finds_nothing_leaves_the_first():
    image, body, heading = _page()
    blank = Image.new("L", image.size, 255)  # the heading's place is empty on this sheet
    blank.paste(image.crop((0, 0, image.width, 120)), (0, 0))
    unsure = replace(heading, conf=40.0, text="Nơinhận")
    reread = reread_unsure(blank, _words([*body, unsure]), "vie", DPI, timeout=60).words
    assert [r.text for r in reread] == [r.text for r in body] + ["Nơinhận"]
