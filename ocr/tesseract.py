"""Reading a page with Tesseract: text, word boxes and confidences together.

A first reading, second readings of the parts that need them (`reread`), then the text rebuilt
from the word table: noise dropped, reading order (`reading_order`), tone marks (`tone_marks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ocr.lm_correct import correct
from ocr.page_text import RecognisedWord
from ocr.reading_order import order_rows, split_segments
from ocr.reread import reread_unsure, unmerge_lines
from ocr.tesseract_run import read_text
from ocr.text import clean_text
from ocr.tone_marks import restore_hooks
from ocr.types import Word


@dataclass
class Recognition:
    """Raw result of one Tesseract run, in the pixel coordinates of the image it was given."""

    text: str
    words: list[Word]
    confidence: float
    steps: list[str] = field(default_factory=list)  # what was put right: "reread-lines", "reread-words", "tone-marks"


# Tesseract reads only the inked part of a page, with this much paper around it: layout
# analysis costs by the pixel, and empty margins are a third of an A4 page (8% less CPU on
# the benchmark pages, the same character error rate).
_MARGIN_INCHES = 0.15


def recognise(image: Image.Image, languages: str, dpi: int, psm: int = 3, timeout: float = 300) -> Recognition:
    """Run Tesseract (TSV output) and rebuild the text line by line from the word table.

    Two second readings follow where the first needs them (`ocr.reread`): lines Tesseract ran
    together are read apart, and words it was unsure of are read on their own.
    """
    inked = ink_box(image, margin=round(_MARGIN_INCHES * dpi))
    first = read_text(image.crop(inked), languages, dpi, psm, timeout).moved(inked[0], inked[1])
    steps = []
    unmerged = unmerge_lines(image, first, languages, dpi, psm, timeout)
    if unmerged is not first:
        steps.append("reread-lines")
    page = reread_unsure(image, unmerged, languages, dpi, timeout)
    if page is not unmerged:
        steps.append("reread-words")
    recognition = build_text(page.words, vietnamese="vie" in languages.split("+"))
    recognition.steps = [*steps, *recognition.steps]
    return recognition


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


# Punctuation that stands alone in real documents (list dashes, brackets, ellipses).
_LONE_PUNCTUATION = frozenset({"-", "+", "/", "(", ")", ":", ";", ",", ".", "...", "*", "“", "”", '"', "%", "&", "="})
# Below this confidence a "word" is nearly always speckle, a seal or a signature read as text.
MIN_WORD_CONFIDENCE = 0.20
# Words read at least this sure are never replaced by a look-alike (`lm_correct`): a name or a
# foreign word Tesseract read clearly is not a misreading.
LOOKALIKE_CONF = 0.80


# Heights, in the page's median word heights, of words too small to be print whatever
# Tesseract says, too small or too large to be print unless it is sure.
TINY_WORD, SMALL_WORD, LARGE_WORD = 0.35, 0.55, 1.7


def is_noise(word: str, conf: float) -> bool:
    """True for recognised marks that are not text: very unsure words, stray symbol clusters."""
    if conf < MIN_WORD_CONFIDENCE:
        return True
    if _is_alnum(word):
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


def _without_misfits(lines: list[list[Word]]) -> list[list[Word]]:
    """Lines without "words" far smaller or larger than the page's print: a speck read as a
    letter, a signature stroke or a seal read as two letters. Very small ones go whatever
    Tesseract thought of them; small ones and large ones of very wide letters when it was
    unsure."""
    sure = sorted(w.box[3] - w.box[1] for line in lines for w in line if w.conf >= 0.6 and _is_alnum(w.text))
    if len(sure) < 10:
        return lines
    height = sure[len(sure) // 2]

    def misfit(word: Word) -> bool:
        if not _is_alnum(word.text):
            return False
        h = word.box[3] - word.box[1]
        # A word joined to a speck is tall but has letters of the usual width; a stroke read
        # as letters has few, each very wide.
        wide = (word.box[2] - word.box[0]) / len(word.text) > height
        return (
            h < TINY_WORD * height
            or (h < SMALL_WORD * height and word.conf < 0.6)
            or (h > LARGE_WORD * height and wide and word.conf < 0.75)
        )

    return [[w for w in line if not misfit(w)] for line in lines]


def _is_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def build_text(read: list[RecognisedWord], vietnamese: bool = False) -> Recognition:
    """Words, line-structured text (lines in reading order as visual rows, `reading_order`) and a
    length-weighted mean confidence from an engine's words; for Vietnamese with hook tone marks
    restored where they were read as acute accents (`tone_marks`)."""
    lines: list[list[Word]] = []
    current_line = None
    for found in read:
        conf = found.conf
        if conf < 0 or not found.text:
            continue
        word = clean_text(found.text)
        if not word or (is_noise(word, conf / 100) and not _WORDLIKE.fullmatch(word)):
            continue
        if found.line != current_line:
            current_line = found.line
            lines.append([])
        lines[-1].append(Word(text=word, box=found.box, conf=conf / 100))
    lines = [_keep_wordlike(line) for line in _without_misfits(lines)]
    ordered = order_rows(split_segments(lines))
    steps = []
    if vietnamese:
        restored = restore_hooks(ordered)
        if restored != ordered:
            steps.append("tone-marks")
        ordered = restored
        corrected = correct(ordered, LOOKALIKE_CONF)
        if corrected != ordered:
            steps.append("look-alikes")
        ordered = corrected
    words = [w for row in ordered for w in row]
    text = clean_text("\n".join(" ".join(w.text for w in segment) for segment in ordered))
    total = sum(len(w.text) for w in words)
    confidence = sum(w.conf * len(w.text) for w in words) / total if total else 0.0
    return Recognition(text=text, words=words, confidence=confidence, steps=steps)
