"""Speckle removal for photocopies and noisy scans: tiny isolated dots are whitened.

A dot is dropped only when it is both tiny and away from any letter, so the dots and
tone marks of Vietnamese letters stay.
"""

from __future__ import annotations

import cv2
import numpy as np

# Pages with fewer lone dots than this are left untouched.
MIN_SPECKLES = 150


def despeckle(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, bool]:
    """Whiten tiny dark components that lie away from letters; True when it was worth it."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if count <= 1:
        return gray, False
    unit = dpi / 100.0
    areas = stats[:, cv2.CC_STAT_AREA]
    tiny = areas <= max(2, round(3 * unit * unit))
    tiny[0] = False
    letters = ~tiny
    letters[0] = False
    near = cv2.dilate(
        letters[labels].astype(np.uint8),
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (round(10 * unit) | 1, round(10 * unit) | 1)),
    )
    # A tiny component touching the neighbourhood of a letter is kept (tone mark, i-dot).
    touching = np.zeros(count, dtype=bool)
    touching[np.unique(labels[(near > 0) & (binary > 0)])] = True
    lone = tiny & ~touching
    if lone.sum() < MIN_SPECKLES:
        return gray, False
    out = gray.copy()
    out[lone[labels]] = 255
    return out, True
