"""What kind of page a scan is: typed text, a blank page, a photograph or a page of handwriting
(or too damaged to read). Only typed text is worth indexing; the others are flagged for a person
("trang viết tay", "trang trắng", "ảnh") and still count as digitised pages.

Told apart by what the page is made of and what Tesseract made of it: a blank page has almost no
ink; a photograph is mostly mid-tones where a scan of print is paper and ink; a page of print reads
as Vietnamese syllables (print in another language at least reads sure), while handwriting or a
ruined page gives few, unsure, non-Vietnamese words.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from ocr.reading_quality import is_known
from ocr.types import Word

TEXT, BLANK, PHOTO, HANDWRITTEN = "text", "blank", "photo", "handwritten"
KINDS = (TEXT, BLANK, PHOTO, HANDWRITTEN)

_SIDE = 600  # the page is judged on a copy this many pixels on its long side
BLANK_INK = 0.004  # share of dark pixels below which a page with no words is blank
# A scan of print is mostly paper (ink 2-15% of the pixels, mid-tones under 15%); a photograph is
# mostly mid-tones or dark.
PHOTO_MIDTONES = 0.3  # share of mid-tone pixels above which a page is a photograph...
PHOTO_INK = 0.3  # ...or share of dark pixels...
PHOTO_MAX_SYLLABLES = 40  # ...unless it still reads as this many Vietnamese syllables
TEXT_MIN_SYLLABLES = 8  # a page of print gives at least this many Vietnamese syllables...
TEXT_MIN_SHARE = 0.35  # ...at least this share of its words are Vietnamese syllables...
# ...read with this mean confidence: cursive loops read as short syllables ("an", "am", "mâu") at
# 0.3-0.4, a fax or a second-generation photocopy of print at 0.6-0.8;
TEXT_MIN_CONFIDENCE = 0.5
SURE_WORDS = 30  # or, in another language, at least this many words (a short page: half of them syllables)...
SURE_CONFIDENCE = 0.8  # ...read with this mean confidence (handwriting reads at 0.3-0.6)


def _tones(image: Image.Image) -> tuple[float, float]:
    """Shares of dark (ink) and of mid-tone pixels, relative to the page's own paper."""
    factor = max(1, max(image.size) // _SIDE)
    gray = (image.reduce(factor) if factor > 1 else image).convert("L")  # reduced before converting
    pixels = np.asarray(gray, dtype=np.float32)
    paper = float(np.percentile(pixels, 95))
    if paper < 1:
        return 1.0, 0.0
    relative = pixels / paper
    ink = float(np.mean(relative < 0.55))
    midtones = float(np.mean((relative >= 0.25) & (relative < 0.8)))
    return ink, midtones


def page_kind(image: Image.Image, words: list[Word]) -> str:
    """TEXT, BLANK, PHOTO or HANDWRITTEN for a page image and the words Tesseract read on it."""
    known = sum(1 for w in words if is_known(w.text))
    ink, midtones = _tones(image)
    if known < TEXT_MIN_SYLLABLES and ink < BLANK_INK:
        return BLANK
    if (midtones > PHOTO_MIDTONES or ink > PHOTO_INK) and known < PHOTO_MAX_SYLLABLES:
        return PHOTO
    mean = sum(w.conf for w in words) / len(words) if words else 0.0
    if known >= TEXT_MIN_SYLLABLES and known >= TEXT_MIN_SHARE * len(words) and mean >= TEXT_MIN_CONFIDENCE:
        return TEXT
    confident = mean >= SURE_CONFIDENCE
    if confident and (len(words) >= SURE_WORDS or known >= 0.5 * len(words)):
        return TEXT  # print in another language, or a short typed page ("Kính gửi: ...")
    return HANDWRITTEN
