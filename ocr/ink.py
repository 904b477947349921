"""Colour ink suppression: whiten red seals and coloured signatures while keeping black text.

Works on the maximum of the colour channels plus twice the chroma: black print is dark and
grey in every channel and stays dark (also where it lies under a seal); coloured ink is
bright in at least one channel or strongly chromatic, and turns white. Where a blue
signature crosses a red seal the two inks multiply to a dark blue-violet that the chroma
alone leaves dark; such blue-hued pixels are whitened by hue. Black print under a red seal
turns dark red, never blue, so it stays.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.background import estimate_background

# A pixel counts as coloured ink when its saturation and brightness are both high enough.
_SATURATION = 0.30
# A seal on a phone photo, smaller and dimmer, covers about 0.15% of the page.
_MIN_COLOURED_SHARE = 0.0005
# Blue exceeding both other channels by this much (and by this share of its value) is
# signature ink.
# Measured on the phone-photo pages, where JPEG chroma subsampling leaves a thin blue stroke
# only a tenth of its brightness ahead: black print has no such pixels.
_BLUE_MARGIN = 10
_BLUE_SHARE = 0.1
# The least blue lead that counts, for each value of the brightest channel.
_BLUE_LEAD = np.array(
    [next(lead for lead in range(256) if lead >= _BLUE_MARGIN and lead >= _BLUE_SHARE * high) for high in range(256)],
    dtype=np.uint8,
)


def coloured_share(rgb: np.ndarray) -> float:
    """Share of pixels that look like coloured ink (seal, coloured pen), measured on a sample."""
    red, green, blue = cv2.split(np.ascontiguousarray(rgb[::4, ::4]))
    chroma = cv2.subtract(cv2.max(cv2.max(red, green), blue), cv2.min(cv2.min(red, green), blue))
    return float(np.count_nonzero(chroma > _SATURATION * 255)) / chroma.size


def suppress_colour_ink(rgb: np.ndarray) -> tuple[np.ndarray, bool]:
    """Greyscale image for OCR with coloured ink lightened; True when there was ink to remove."""
    if rgb.ndim == 2:
        return rgb, False
    if coloured_share(rgb) < _MIN_COLOURED_SHARE:
        return luminance(rgb), False
    red, green, blue = cv2.split(white_balance(rgb))
    red_green = cv2.max(red, green)
    high = cv2.max(red_green, blue)
    low = cv2.min(cv2.min(red, green), blue)
    # Lighten by the chroma too, so dark blue signatures go as well as bright red seals.
    chroma = cv2.subtract(high, low)
    out = cv2.add(high, cv2.add(chroma, chroma))
    bluish = cv2.compare(cv2.subtract(blue, red_green), cv2.LUT(high, _BLUE_LEAD), cv2.CMP_GE)
    out = cv2.max(out, bluish)
    # Removed ink becomes paper, not white: a white seal on shaded paper would leave a dark
    # halo once the background is divided out.
    return cv2.min(out, estimate_background(high)), True


def white_balance(rgb: np.ndarray) -> np.ndarray:
    """The image with its paper made neutral grey, so that a warm light does not hide blue ink."""
    sample = rgb[::16, ::16].reshape(-1, 3)
    paper = np.percentile(sample, 90, axis=0).astype(np.float64)
    gains = paper.max() / np.maximum(paper, 1.0)
    if gains.max() < 1.03:
        return rgb
    return cv2.transform(np.ascontiguousarray(rgb), np.diag(gains))


def luminance(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma as uint8, the usual greyscale conversion."""
    if rgb.ndim == 2:
        return rgb
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
