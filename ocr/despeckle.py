"""Speckle removal for photocopies and noisy scans: tiny isolated dots are whitened.

A dot is dropped only when it is both tiny and away from any letter, so the dots and
tone marks of Vietnamese letters stay. The neighbourhood test runs on a quarter-size copy.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.components import ink_components

# Pages with fewer lone dots than this are left untouched.
MIN_SPECKLES = 150


def despeckle(
    gray: np.ndarray, dpi: int, components: tuple[int, np.ndarray, np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, bool]:
    """Whiten tiny dark components that lie away from letters; True when it was worth it."""
    count, labels, stats, centroids = components or ink_components(gray)
    if count <= 1:
        return gray, False
    unit = dpi / 100.0
    areas = stats[:, cv2.CC_STAT_AREA]
    tiny = areas <= max(2, round(3 * unit * unit))
    tiny[0] = False
    if tiny.sum() < MIN_SPECKLES:
        return gray, False
    # Letters drawn as filled boxes on a quarter-size grid, grown by about 5 unit lengths.
    step = 4
    near = np.zeros((gray.shape[0] // step + 1, gray.shape[1] // step + 1), np.uint8)
    for x, y, w, h, _ in stats[1:][~tiny[1:]]:
        near[y // step : (y + h) // step + 1, x // step : (x + w) // step + 1] = 1
    reach = max(1, round(5 * unit / step))
    near = cv2.dilate(near, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    cx = (centroids[:, 0] // step).astype(int)
    cy = (centroids[:, 1] // step).astype(int)
    # A tiny component near a letter is kept (tone mark, i-dot).
    lone = tiny & (near[cy, cx] == 0)
    if lone.sum() < MIN_SPECKLES:
        return gray, False
    out = gray.copy()
    out[lone[labels]] = 255
    return out, True
