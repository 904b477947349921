"""One Tesseract pass over a page image giving text, word boxes and confidences together."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ocr.reading_order import order_rows, split_segments
from ocr.tesseract_run import read_tsv
from ocr.text import clean_text
from ocr.types import Word


@dataclass
class Recognition:
    """Raw result of one Tesseract run, in the pixel coordinates of the image it was given."""

    text: str
    words: list[Word]
    confidence: float


# Tesseract reads only the inked part of a page, with this much paper around it: layout
# analysis costs by the pixel, and empty margins are a third of an A4 page (8% less CPU on
# the benchmark pages, the same character error rate).
_MARGIN_INCHES = 0.15

# A text line this many times taller than the page's median line is two lines run together.
MERGED_LINE = 1.6


def recognise(image: Image.Image, languages: str, dpi: int, psm: int = 3, timeout: int = 300) -> Recognition:
    """Run Tesseract (TSV output) and rebuild the text line by line from the word table.

    Where Tesseract ran two text lines into one (a closely set recipients list beside the
    signer's titles), the lines around are read again on their own, column by column: cut
    out of the page, their layout is found anew and the lines come apart.
    """
    inked = ink_box(image, margin=round(_MARGIN_INCHES * dpi))
    rows = read_rows(read_tsv(image.crop(inked), languages, dpi, psm, timeout))
    if inked[:2] != (0, 0):
        for r in rows:
            r["left"], r["top"] = str(int(r["left"]) + inked[0]), str(int(r["top"]) + inked[1])
    regions = merged_regions(rows)
    if not regions:
        return parse_rows(rows)
    parts = [part for box in regions for part in split_columns(image, box)]
    # Every word inside a region comes from the new reading.
    kept = [r for r in rows if not (r.get("level") == "5" and any(_centre_in(r, box) for box in regions))]
    return parse_rows(kept + reread(image, parts, languages, dpi, psm, timeout))


def ink_box(image: Image.Image, margin: int) -> tuple[int, int, int, int]:
    """The part of the page that holds ink (anything darker than mid-grey), with a margin of
    paper around it; the whole page when it is blank."""
    gray = np.asarray(image if image.mode == "L" else image.convert("L"))
    rows = np.flatnonzero(gray.min(axis=1) < 128)
    columns = np.flatnonzero(gray.min(axis=0) < 128)
    if not len(rows):
        return 0, 0, image.width, image.height
    return (
        max(0, int(columns[0]) - margin),
        max(0, int(rows[0]) - margin),
        min(image.width, int(columns[-1]) + 1 + margin),
        min(image.height, int(rows[-1]) + 1 + margin),
    )


def merged_regions(rows: list[dict[str, str]]) -> list[tuple[int, int, int, int]]:
    """Boxes around lines much taller than the page's median line, grown to take in every
    line they touch, so that cutting them out slices no text."""
    lines = [_box(r) for r in rows if r.get("level") == "4"]
    heights = sorted(b[3] - b[1] for b in lines)
    if len(heights) < 5:
        return []
    median = heights[len(heights) // 2]
    regions = [b for b in lines if b[3] - b[1] > MERGED_LINE * median]
    grown: list[tuple[int, int, int, int]] = []
    for region in regions:
        for _ in range(4):
            touching = [b for b in lines if _overlap(b, region)]
            bigger = _union([region, *touching])
            if bigger == region:
                break
            region = bigger
        # Regions that meet become one.
        while any(_overlap(region, g) for g in grown):
            region = _union([region, *[g for g in grown if _overlap(region, g)]])
            grown = [g for g in grown if not _overlap(region, g)]
        grown.append(region)
    return grown


def _box(row: dict[str, str]) -> tuple[int, int, int, int]:
    left, top = int(row["left"]), int(row["top"])
    return left, top, left + int(row["width"]), top + int(row["height"])


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def split_columns(image: Image.Image, box: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
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


def reread(
    image: Image.Image, boxes: list[tuple[int, int, int, int]], languages: str, dpi: int, psm: int, timeout: int
) -> list[dict[str, str]]:
    """Word rows of boxes of the page, each read on its own, in page coordinates.

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
    rows = []
    for r in read_rows(read_tsv(sheet, languages, dpi, psm, timeout)):
        if r.get("level") != "5":
            continue
        for x0, y0, x1, y1, box in placed:
            if _centre_in(r, (x0, y0, x1, y1)):
                dx, dy = box[0] - x0, box[1] - y0
                rows.append({**r, "block_num": f"re{r['block_num']}",
                             "left": str(int(r["left"]) + dx), "top": str(int(r["top"]) + dy)})
                break
    return rows


def _centre_in(row: dict[str, str], box: tuple[int, int, int, int]) -> bool:
    x = int(row["left"]) + int(row["width"]) / 2
    y = int(row["top"]) + int(row["height"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def read_rows(tsv: str) -> list[dict[str, str]]:
    """The rows of Tesseract's TSV output as dictionaries."""
    return list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))


# Punctuation that stands alone in real documents (list dashes, brackets, ellipses).
_LONE_PUNCTUATION = frozenset({"-", "+", "/", "(", ")", ":", ";", ",", ".", "...", "*", "“", "”", '"', "%", "&", "="})
# Below this confidence a "word" is nearly always speckle, a seal or a signature read as text.
MIN_WORD_CONFIDENCE = 0.20


def is_noise(word: str, conf: float) -> bool:
    """True for recognised marks that are not text: very unsure words, stray symbol clusters."""
    if conf < MIN_WORD_CONFIDENCE:
        return True
    if any(ch.isalnum() for ch in word):
        return False
    return word not in _LONE_PUNCTUATION or conf < 0.5


# Letters and digits with at most a leading bracket or quote and trailing punctuation.
_WORDLIKE = re.compile(r"[(\"“]?[^\W_]{2,}[.,;:)\"”]?")


def _keep_wordlike(line: list[Word]) -> list[Word]:
    """A line without its unsure words, except those whose box is shaped like the line's print.

    Tesseract gives some real words (an abbreviation, a line's first word) a confidence near
    zero; junk read off a stroke or a seal has the wrong height or letter width.
    """
    sure = [w for w in line if not is_noise(w.text, w.conf)]
    if len(sure) == len(line):
        return line
    if not sure:
        return []
    heights = sorted(w.box[3] - w.box[1] for w in sure)
    height = heights[len(heights) // 2]
    kept = []
    for w in line:
        if is_noise(w.text, w.conf):
            h, per_char = w.box[3] - w.box[1], (w.box[2] - w.box[0]) / len(w.text)
            if not (0.75 * height <= h <= 1.35 * height and 0.3 * height <= per_char <= 1.2 * height):
                continue
        kept.append(w)
    return kept


def parse_tsv(tsv: str) -> Recognition:
    """Words, line-structured text and a length-weighted mean confidence from Tesseract TSV.

    Lines are put in reading order as visual rows (`reading_order`).
    """
    return parse_rows(read_rows(tsv))


def parse_rows(reader: list[dict[str, str]]) -> Recognition:
    """`parse_tsv` on rows already read."""
    lines: list[list[Word]] = []
    current_line = None
    for row in reader:
        text = (row.get("text") or "").strip()
        try:
            conf = float(row["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        if conf < 0 or not text:
            continue
        word = clean_text(text)
        if not word or (is_noise(word, conf / 100) and not _WORDLIKE.fullmatch(word)):
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        if key != current_line:
            current_line = key
            lines.append([])
        left, top = int(row["left"]), int(row["top"])
        width, height = int(row["width"]), int(row["height"])
        lines[-1].append(Word(text=word, box=(left, top, left + width, top + height), conf=conf / 100))
    lines = [_keep_wordlike(line) for line in lines]
    ordered = order_rows(split_segments(lines))
    words = [w for row in ordered for w in row]
    text = clean_text("\n".join(" ".join(w.text for w in segment) for segment in ordered))
    total = sum(len(w.text) for w in words)
    confidence = sum(w.conf * len(w.text) for w in words) / total if total else 0.0
    return Recognition(text=text, words=words, confidence=confidence)
