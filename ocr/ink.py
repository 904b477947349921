"""Colour ink suppression: whiten red seals and coloured signatures while keeping black text.

Works on the maximum of the colour channels plus twice the chroma: black print is dark and
grey in every channel and stays dark (also where it lies under a seal); coloured ink is
bright in at least one channel or strongly chromatic, and turns white.
"""

from __future__ import annotations

import cv2
import numpy as np

# A pixel counts as coloured ink when its saturation and brightness are both high enough.
_SATURATION = 0.30
_MIN_COLOURED_SHARE = 0.002


def coloured_share(rgb: np.ndarray) -> float:
    """Share of pixels that look like coloured ink (seal, coloured pen), measured on a sample."""
    sample = rgb[::4, ::4].astype(np.int16)
    high = sample.max(axis=2)
    low = sample.min(axis=2)
    coloured = (high - low) > _SATURATION * 255
    return float(coloured.mean())


def suppress_colour_ink(rgb: np.ndarray) -> tuple[np.ndarray, bool]:
    """Greyscale image for OCR with coloured ink lightened; True when there was ink to remove."""
    if rgb.ndim == 2:
        return rgb, False
    if coloured_share(rgb) < _MIN_COLOURED_SHARE:
        return luminance(rgb), False
    red, green, blue = cv2.split(rgb)
    high = cv2.max(cv2.max(red, green), blue)
    low = cv2.min(cv2.min(red, green), blue)
    # Lighten by the chroma too, so dark blue signatures go as well as bright red seals.
    chroma = cv2.subtract(high, low)
    return cv2.add(high, cv2.add(chroma, chroma)), True


def luminance(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma as uint8, the usual greyscale conversion."""
    if rgb.ndim == 2:
        return rgb
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
