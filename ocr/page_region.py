"""Page region of a photograph: whatever lies outside the sheet (desk, scanner lid) is blanked.

The sheet is the largest bright region of the page's estimated background brightness.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.background import estimate_background

# Only blank the outside when it is a real border, not a few dark pixels in a corner.
MIN_OUTSIDE = 0.03


def page_mask(gray: np.ndarray) -> np.ndarray | None:
    """Boolean mask of the sheet at full size, or None when the whole image is the sheet."""
    paper = estimate_background(gray)
    small = cv2.resize(paper, (200, max(1, round(200 * gray.shape[0] / gray.shape[1]))), interpolation=cv2.INTER_AREA)
    level, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # A uniform page gives a meaningless split: require a clear brightness step.
    if float(small.max()) - level < 25 or level - float(small.min()) < 25:
        return None
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if count <= 1:
        return None
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    sheet = (labels == biggest).astype(np.uint8)
    if sheet.mean() > 1 - MIN_OUTSIDE or sheet.mean() < 0.3:
        return None
    sheet = cv2.erode(sheet, np.ones((3, 3), np.uint8))
    full = cv2.resize(sheet, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    return full > 0


def blank_outside_page(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """The image with everything outside the sheet set to white; True when there was a border."""
    mask = page_mask(gray)
    if mask is None:
        return gray, False
    out = gray.copy()
    out[~mask] = 255
    return out, True
