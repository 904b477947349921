"""Page orientation: is the levelled page upright or upside down?

A cheap test first: Latin script (and Vietnamese even more, with its tone marks) puts far
more ink above the x-height band of a line than below it. When that is inconclusive,
Tesseract's orientation detector decides, and for pages with too little text for it, the
recognition confidence of a text strip read both ways.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np
from PIL import Image

from ocr.reading_quality import Quality, reading_quality
from ocr.tesseract_run import detect_orientation, read_text

# above/below ink ratio beyond which the cheap test is trusted
_CONFIDENT_RATIO = 1.6
_MIN_LINES = 3


def ascender_ratio(mask: np.ndarray, slices: int = 4) -> tuple[float, int]:
    """Ink above the core band of each text line divided by ink below it, and the line count.

    `mask` is a levelled boolean ink mask; > 1 means upright, < 1 upside down. The page is
    cut into vertical slices so that lines of side-by-side blocks are measured apart.
    """
    above = below = 0.0
    lines = 0
    for part in np.array_split(mask, slices, axis=1):
        a, b, n = _line_ink(part.sum(axis=1).astype(np.float64))
        above, below, lines = above + a, below + b, lines + n
    if lines == 0:
        return 1.0, 0
    return (above + 1.0) / (below + 1.0), lines


def _line_ink(profile: np.ndarray) -> tuple[float, float, int]:
    """Ink above and below the core band of every line in a row profile, and the line count."""
    if profile.max() <= 0:
        return 0.0, 0.0, 0
    on = profile > max(1.0, 0.04 * profile.max())
    above = below = 0.0
    lines = 0
    start = None
    for row, value in enumerate(np.append(on, False)):
        if value and start is None:
            start = row
        elif not value and start is not None:
            band = profile[start:row]
            start = None
            if len(band) < 4:
                continue
            core = np.nonzero(band >= 0.5 * band.max())[0]
            top, bottom = core[0], core[-1]
            above += band[:top].sum()
            below += band[bottom + 1 :].sum()
            lines += 1
    return above, below, lines


def cheap_upside_down(mask: np.ndarray) -> bool | None:
    """True/False when the line-shape test is confident, None when it cannot tell."""
    ratio, lines = ascender_ratio(mask)
    if lines < _MIN_LINES:
        return None
    if ratio >= _CONFIDENT_RATIO:
        return False
    if ratio <= 1 / _CONFIDENT_RATIO:
        return True
    return None


def osd_upside_down(gray: Image.Image, dpi: int, timeout: int = 60) -> bool | None:
    """Tesseract's orientation detector on a levelled page: True if it reads it as turned 180°."""
    found = detect_orientation(gray, dpi, timeout)
    if found is None or found[1] < 2.0 or found[0] not in (0, 180):
        return None
    return found[0] == 180


def strip_confidence(gray: Image.Image, languages: str, dpi: int, timeout: int = 60) -> float:
    """Mean word confidence (0..100) of Tesseract on an image, a cheap way to compare readings."""
    return strip_reading(gray, languages, dpi, timeout).confidence * 100


class _Recent(threading.local):
    """The last few strip readings of this thread: deciding a page's turn reads the same strip
    more than once (upside down or not, then turned or as it came), and each reading costs as
    much as a second of Tesseract on a page of garbled sideways text."""

    def __init__(self) -> None:
        self.readings: OrderedDict[tuple, Quality] = OrderedDict()


_recent = _Recent()
_REMEMBERED = 4


def strip_reading(gray: Image.Image, languages: str, dpi: int, timeout: int = 60) -> Quality:
    """Tesseract's reading of an image as one block of text, summed up as a `Quality`."""
    key = (languages, dpi, gray.mode, gray.size, hashlib.blake2b(gray.tobytes(), digest_size=16).digest())
    readings = _recent.readings
    if key in readings:
        readings.move_to_end(key)
        return readings[key]
    words = read_text(gray, languages, dpi, psm=6, timeout=timeout).words
    quality = reading_quality([(w.text, w.conf / 100) for w in words if w.conf >= 0 and w.text])
    readings[key] = quality
    if len(readings) > _REMEMBERED:
        readings.popitem(last=False)
    return quality
