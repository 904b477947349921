"""Second readings of parts of a page: lines Tesseract ran together, words it was unsure of.

Works on a `PageText` (typed words and lines, page coordinates) and gives one back, so that the
text is built once from the first and second readings together.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image

from ocr.page_text import Box, PageText, RecognisedWord
from ocr.tesseract_run import read_text

# A text line this many times taller than the page's median line is two lines run together.
MERGED_LINE = 1.6
# Words read with less confidence than this (0-100) are read again on their own.
UNSURE = 70
# A second reading replaces the first where its confidence is this much higher.
BETTER_BY = 10


def merged_regions(page: PageText) -> list[Box]:
    """Boxes around lines much taller than the page's median line, grown to take in every
    line they touch, so that cutting them out slices no text."""
    lines = [line.box for line in page.lines]
    heights = sorted(b[3] - b[1] for b in lines)
    if len(heights) < 5:
        return []
    median = heights[len(heights) // 2]
    regions = [b for b in lines if b[3] - b[1] > MERGED_LINE * median]
    grown: list[Box] = []
    for region in regions:
        for _ in range(4):
            touching = [b for b in lines if overlap(b, region)]
            bigger = union([region, *touching])
            if bigger == region:
                break
            region = bigger
        # Regions that meet become one.
        while any(overlap(region, g) for g in grown):
            region = union([region, *[g for g in grown if overlap(region, g)]])
            grown = [g for g in grown if not overlap(region, g)]
        grown.append(region)
    return grown


def split_columns(image: Image.Image, box: Box) -> list[Box]:
    """The box cut at its widest empty vertical gutter (side-by-side columns), or left whole."""
    ink = np.asarray(image.crop(box).convert("L")) < 128
    if ink.size == 0:
        return [box]
    empty = ink.sum(axis=0) == 0
    width = len(empty)
    best, best_start, start = 0, 0, None
    for x, blank in enumerate(np.append(empty, False)):
        if blank and start is None:
            start = x
        elif not blank and start is not None:
            if start > width // 10 and x < width - width // 10 and x - start > best:
                best, best_start = x - start, start
            start = None
    if best < max(8, ink.shape[0] // 10):
        return [box]
    cut = box[0] + best_start + best // 2
    return [(box[0], box[1], cut, box[3]), (cut, box[1], box[2], box[3])]


def unmerge_lines(image: Image.Image, page: PageText, languages: str, dpi: int, psm: int, timeout: float) -> PageText:
    """The reading with the lines Tesseract ran together (a closely set recipients list beside
    the signer's titles) read again, column by column: cut out of the page, their layout is
    found anew and the lines come apart."""
    regions = merged_regions(page)
    if not regions:
        return page
    parts = [part for box in regions for part in split_columns(image, box)]
    # Every word inside a region comes from the new reading.
    kept = [w for w in page.words if not any(centre_in(w, box) for box in regions)]
    lines = [line for line in page.lines if not any(_centre_of(line.box, box) for box in regions)]
    return PageText(kept + reread(image, parts, languages, dpi, psm, timeout), lines)


def unsure_boxes(page: PageText) -> list[Box]:
    """Boxes of the words Tesseract was unsure of that are shaped like print (not specks,
    strokes or lone marks), neighbours on one line taken together."""
    words = [w for w in page.words if w.text]
    if not words:
        return []
    heights = sorted(w.height for w in words)
    height = heights[len(heights) // 2]
    boxes = []
    for word in words:
        if (
            word.conf < UNSURE
            and sum(ch.isalnum() for ch in word.text) >= 2
            and 0.6 * height <= word.height <= 2.2 * height
            and word.width >= 0.8 * height
        ):
            boxes.append(word.box)
    joined: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        if joined and overlap((joined[-1][0], joined[-1][1], joined[-1][2] + height, joined[-1][3]), box):
            joined[-1] = union([joined[-1], box])
        else:
            joined.append(box)
    return joined


def reread_unsure(image: Image.Image, page: PageText, languages: str, dpi: int, timeout: float) -> PageText:
    """The reading with the words Tesseract was unsure of read again on their own, kept where the
    second reading is clearly surer.

    On a whole page a small bold italic line ("Nơi nhận:") between lines of other sizes is
    often taken with pieces of its neighbours and misread; alone it reads right. Only a few
    words a page are unsure, and all of them are read in one run.
    """
    boxes = unsure_boxes(page)
    if not boxes:
        return page
    # One block of text per box: each box is a word or a few, not a page to lay out.
    second = reread(image, boxes, languages, dpi, 6, timeout)
    words = page.words
    for box in boxes:
        first = [w for w in words if centre_in(w, box)]
        better = [w for w in second if centre_in(w, box)]
        if not first or not better or _confidence(better) < _confidence(first) + BETTER_BY:
            continue
        # The new words take the place and the line of the old ones.
        position = next(i for i, w in enumerate(words) if w is first[0])
        rest = [w for w in words if not any(w is f for f in first)]
        words = rest[:position] + [replace(w, line=first[0].line) for w in better] + rest[position:]
    return page if words is page.words else PageText(words, page.lines)


def _confidence(words: list[RecognisedWord]) -> float:
    """Mean confidence of words weighted by their length."""
    read = [w for w in words if w.text and w.conf >= 0]
    total = sum(len(w.text) for w in read)
    return sum(w.conf * len(w.text) for w in read) / total if total else 0.0


def reread(
    image: Image.Image, boxes: list[Box], languages: str, dpi: int, psm: int, timeout: float
) -> list[RecognisedWord]:
    """Words of boxes of the page, each read on its own, in page coordinates.

    The boxes are stacked apart on one white sheet and read in a single Tesseract run: each is
    alone on white paper (a margin cut from the page would slice neighbouring lines) and the
    engine starts once.
    """
    gap = 32
    width = max(b[2] - b[0] for b in boxes) + 2 * gap
    height = sum(b[3] - b[1] + gap for b in boxes) + gap
    sheet = Image.new(image.mode, (width, height), 255 if image.mode == "L" else (255, 255, 255))
    placed = []
    top = gap
    for box in boxes:
        sheet.paste(image.crop(box), (gap, top))
        placed.append((gap, top, gap + box[2] - box[0], top + box[3] - box[1], box))
        top += box[3] - box[1] + gap
    words = []
    for w in read_text(sheet, languages, dpi, psm, timeout).words:
        for x0, y0, x1, y1, box in placed:
            if centre_in(w, (x0, y0, x1, y1)):
                # lines of their own: a second reading's block numbers are not the first's
                words.append(replace(w.moved(box[0] - x0, box[1] - y0), line=("re", *w.line)))
                break
    return words


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def union(boxes: list[Box]) -> Box:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def centre_in(word: RecognisedWord, box: Box) -> bool:
    return _centre_of(word.box, box)


def _centre_of(inner: Box, box: Box) -> bool:
    x, y = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
