"""Skew and quarter-turn detection from text-line projection profiles on a small ink mask.

Text lines give a peaky row profile only when the page is upright or upside down and
level; scoring rotated projections of the ink pixels finds both the skew angle and
whether the page lies on its side.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.background import estimate_background
from ocr.components import components_with_stats

ANALYSIS_DPI = 100
MAX_SKEW = 10.0
# An angle is only taken when its profile beats the page as it lies by this factor: a level
# page scores 1.0 at 0°, a page skewed 0.8° or more 4-30 times its level score at its angle.
MIN_GAIN = 1.25
# Beyond this angle the two halves of the page must agree on it: a phone photo leans by
# less, and lines of a desk, a table rule or a stamp lean by one angle in one place only.
STEEP = 3.0
_HALVES_AGREE = 1.5
_MIN_HALF_POINTS = 300
_COARSE_STEP = 0.5
_FINE_STEP = 0.05
_MAX_POINTS = 30_000


@dataclass(frozen=True)
class Skew:
    """The best text-line angle (degrees, counter-clockwise positive) and its profile score."""

    angle: float
    score: float


def ink_mask(gray: np.ndarray, dpi: int) -> np.ndarray:
    """A boolean ink mask of the page at about `ANALYSIS_DPI`, by Otsu on a downscaled copy."""
    factor = min(1.0, ANALYSIS_DPI / max(dpi, 1))
    height, width = gray.shape
    small = cv2.resize(
        gray, (max(1, round(width * factor)), max(1, round(height * factor))), interpolation=cv2.INTER_AREA
    )
    paper = estimate_background(small).astype(np.float32)
    small = np.clip(small.astype(np.float32) / np.maximum(paper, 1.0) * 255.0, 0, 255).astype(np.uint8)
    _, binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # Ignore a dark border (scanner lid, photo background) 2% around the page.
    band_y, band_x = max(1, binary.shape[0] // 50), max(1, binary.shape[1] // 50)
    binary[:band_y] = binary[-band_y:] = 0
    binary[:, :band_x] = binary[:, -band_x:] = 0
    return text_like(binary)


def text_like(binary: np.ndarray) -> np.ndarray:
    """Keep connected components shaped like letters: drops speckle, rules, seals and pictures."""
    count, labels, stats, _ = components_with_stats(binary)
    if count <= 1:
        return binary > 0
    widths, heights, areas = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    letters = heights[areas >= 4]
    typical = float(np.median(letters)) if len(letters) else 1.0
    keep = (areas >= 2) & (heights <= 3 * typical + 2) & (widths <= binary.shape[1] // 4)
    lookup = np.concatenate(([False], keep))
    return lookup[labels]


def _points(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.nonzero(mask)
    if len(xs) > _MAX_POINTS:
        step = len(xs) // _MAX_POINTS + 1
        ys, xs = ys[::step], xs[::step]
    cy, cx = mask.shape[0] / 2, mask.shape[1] / 2
    return xs.astype(np.float64) - cx, ys.astype(np.float64) - cy


def _row_profile(xs: np.ndarray, ys: np.ndarray, angle: float) -> np.ndarray:
    """Row histogram of the points after rotating the page by `angle` degrees to level it."""
    theta = np.deg2rad(angle)
    # In place: this runs a hundred times a page.
    rows = ys * np.cos(theta)
    rows += xs * np.sin(theta)
    rows -= rows.min()
    return np.bincount(np.rint(rows, out=rows).astype(np.int64))


def _score(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    profile = _row_profile(xs, ys, angle).astype(np.float64)
    return float(np.square(np.diff(profile)).sum()) / max(1, len(xs))


def find_skew(mask: np.ndarray, limit: float = MAX_SKEW) -> Skew:
    """The angle in ±`limit` degrees that levels the text lines, with its score.

    A doubtful angle is refused (0°, the page's level score): one that does not beat the
    page as it lies by `MIN_GAIN`, or beyond `STEEP` degrees one that the halves of the
    page (left, right, top, bottom) do not all find; then the best angle within ±`STEEP` is tried.
    """
    xs, ys = _points(mask)
    if len(xs) < 50:
        return Skew(0.0, 0.0)
    found = _best_angle(xs, ys, limit)
    level = _score(xs, ys, 0.0)
    if abs(found.angle) > STEEP and not _halves_agree(mask, found.angle):
        found = _best_angle(xs, ys, STEEP)
    if found.angle == 0.0 or found.score < MIN_GAIN * level:
        return Skew(0.0, max(level, found.score))
    return found


def _best_angle(xs: np.ndarray, ys: np.ndarray, limit: float) -> Skew:
    coarse = np.arange(-limit, limit + 1e-6, _COARSE_STEP)
    scores = [_score(xs, ys, a) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + 1e-6, _FINE_STEP)
    fine_scores = [_score(xs, ys, a) for a in fine]
    index = int(np.argmax(fine_scores))
    return Skew(round(float(fine[index]), 2), float(fine_scores[index]))


def _halves_agree(mask: np.ndarray, angle: float) -> bool:
    """True when the left, right, top and bottom halves of the page each find about `angle`
    (a half with too little ink for a profile has no say)."""
    height, width = mask.shape
    halves = (mask[:, : width // 2], mask[:, width // 2 :], mask[: height // 2], mask[height // 2 :])
    for half in halves:
        xs, ys = _points(np.ascontiguousarray(half))
        if len(xs) < _MIN_HALF_POINTS:
            continue
        if abs(_best_angle(xs, ys, MAX_SKEW).angle - angle) > _HALVES_AGREE:
            return False
    return True


def find_quarter_turn(mask: np.ndarray) -> tuple[bool, Skew]:
    """Whether the text runs vertically (page on its side), and the skew of the levelled page."""
    upright = find_skew(mask)
    sideways = find_skew(np.ascontiguousarray(np.rot90(mask)))
    if sideways.score > upright.score * 1.5:
        return True, sideways
    return False, upright


def rotate_small(image: np.ndarray, angle: float, fill: int | tuple = 255) -> np.ndarray:
    """Rotate by `angle` degrees counter-clockwise about the centre, same size, `fill` outside."""
    if abs(angle) < 1e-3:
        return image
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    border = fill if isinstance(fill, tuple) else (fill, fill, fill)
    return cv2.warpAffine(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )
