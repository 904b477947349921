"""Background normalisation: divide a page by its estimated paper brightness.

Evens out shadows, yellowed paper and photocopier grey so that text keeps one contrast
across the page, without thresholding (Tesseract binarises better on clean greyscale).
"""

from __future__ import annotations

import cv2
import numpy as np

# Work out the background at about this many pixels across: cheap and smooth enough.
_WORK_WIDTH = 300
# Paper this even and this bright is left alone.
_MIN_PAPER = 225
_MAX_SPREAD = 18


def small_background(gray: np.ndarray) -> np.ndarray:
    """Paper brightness on a copy `_WORK_WIDTH` pixels wide, with text closed away."""
    height, width = gray.shape
    factor = _WORK_WIDTH / width
    small = cv2.resize(gray, (_WORK_WIDTH, max(1, round(height * factor))), interpolation=cv2.INTER_AREA)
    # Text strokes are thin and dark: a grey-level closing (max filter) removes them.
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
    paper = cv2.dilate(small, kernel)
    paper = cv2.medianBlur(paper, 5)
    return cv2.GaussianBlur(paper, (0, 0), 4)


def estimate_background(gray: np.ndarray) -> np.ndarray:
    """Paper brightness at every pixel, from a downscaled copy with text closed away."""
    height, width = gray.shape
    return cv2.resize(small_background(gray), (width, height), interpolation=cv2.INTER_LINEAR)


def needs_background(paper: np.ndarray) -> bool:
    """True when the paper is dim or uneven enough for normalisation to matter."""
    low, high = np.percentile(paper[::8, ::8], (5, 95))
    return bool(low < _MIN_PAPER or high - low > _MAX_SPREAD)


def normalise_background(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """The page divided by its background and stretched to full contrast; True when applied."""
    paper = estimate_background(gray)
    if not needs_background(paper):
        return gray, False
    # In place: a full page of floats is costly to allocate again at every step.
    flat = gray.astype(np.float32)
    flat /= np.maximum(paper, 1)
    # Stretch so that the darkest ink becomes black and the paper white.
    ink = float(np.percentile(flat[::4, ::4], 0.5))
    flat -= ink
    flat /= max(1e-3, 0.98 - ink)
    flat *= 255.0
    return np.clip(flat, 0, 255, out=flat).astype(np.uint8), True
