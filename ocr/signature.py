"""Handwritten strokes: whiten large, sparse ink components (signatures, seal remnants).

A signature is one or a few thin looping strokes: its components are taller than one and a
half lines of print while ink fills under an eighth of their box; letters fill a third or
more of theirs. This clears what hue-based suppression (`ink`) leaves of a signature, such
as a faint blue stroke on a phone photo; it is skipped where a grey seal was found (`cleanup`).
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.components import components_with_stats, ink_components

# Taller than this many median letter heights...
_MIN_HEIGHT = 1.6
# ...while ink covers less than this share of the box.
_MAX_FILL = 0.12


def stroke_components(binary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Labels of a binary ink image and a per-label flag: True for signature-like strokes."""
    count, labels, stats, _ = components_with_stats(binary)
    return labels, stroke_flags(count, stats)


def stroke_flags(count: int, stats: np.ndarray) -> np.ndarray:
    """Per component (from `components_with_stats`): True for signature-like strokes."""
    flags = np.zeros(count, dtype=bool)
    if count <= 1:
        return flags
    widths, heights, areas = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    letters = heights[areas >= 20]
    if not len(letters):
        return flags
    typical = float(np.median(letters))
    fill = areas / np.maximum(widths * heights, 1)
    flags[1:] = (heights >= _MIN_HEIGHT * typical) & (widths >= _MIN_HEIGHT * typical) & (fill < _MAX_FILL)
    return flags


def remove_signatures(gray: np.ndarray, components: tuple | None = None) -> tuple[np.ndarray, bool]:
    """The page with signature-like strokes turned white; True when there were any.

    `components` is `ink_components(gray)` when already known.
    """
    count, labels, stats, _ = components or ink_components(gray)
    flags = stroke_flags(count, stats)
    if not flags.any():
        return gray, False
    strokes = flags[labels]
    # Include the soft edge of each stroke, which Otsu leaves out.
    strokes = cv2.dilate(strokes.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    out = gray.copy()
    out[strokes] = 255
    return out, True
