"""Page region of a photograph: the sheet is cut out of the desk and, when its outline is a
quadrilateral, warped flat; otherwise whatever lies outside it is blanked.

The sheet is the largest bright region of the page's estimated background brightness, and
only when the darker outside runs along three sides or more: a binding shadow along one
edge is left to background normalisation, never taken for the sheet's edge.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.background import small_background
from ocr.deskew import ink_mask

# Only blank the outside when it is a real border, not a few dark pixels in a corner.
MIN_OUTSIDE = 0.03
# A photo shows the desk along at least three sides of the sheet; a binding shadow, a dark
# scanner edge or a thumb darkens one or two, and is not the sheet's edge.
MIN_DESK_SIDES = 3
# A sheet is convex: a bright region much less so is uneven paper, not a sheet on a desk.
MIN_SOLIDITY = 0.93


def find_sheet(gray: np.ndarray) -> np.ndarray | None:
    """The sheet as a uint8 mask 200 pixels wide, or None when the whole image is the sheet."""
    paper = small_background(gray)
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
    if sheet.mean() > 1 - MIN_OUTSIDE or sheet.mean() < 0.3 or desk_sides(sheet) < MIN_DESK_SIDES:
        return None
    if solidity(sheet) < MIN_SOLIDITY:
        return None
    return cv2.erode(sheet, np.ones((3, 3), np.uint8))


def solidity(sheet: np.ndarray) -> float:
    """The sheet's area over that of its convex hull: near 1 for a sheet of paper, however
    photographed; well under for the blotches of an unevenly grey photocopy."""
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return 0.0
    outline = max(contours, key=cv2.contourArea)
    hull = cv2.contourArea(cv2.convexHull(outline))
    return float(cv2.contourArea(outline)) / hull if hull else 0.0


def desk_sides(sheet: np.ndarray) -> int:
    """How many sides of the image (0-4) run mostly outside the sheet, along a band 2% deep."""
    height, width = sheet.shape
    band_y, band_x = max(1, height // 50), max(1, width // 50)
    bands = (sheet[:band_y], sheet[-band_y:], sheet[:, :band_x], sheet[:, -band_x:])
    return sum(1 for band in bands if band.mean() < 0.5)


def page_mask(gray: np.ndarray, sheet: np.ndarray | None = None) -> np.ndarray | None:
    """Boolean mask of the sheet at full size, or None when the whole image is the sheet.

    `sheet` is the result of `find_sheet` on the page when already known.
    """
    sheet = find_sheet(gray) if sheet is None else sheet
    if sheet is None:
        return None
    full = cv2.resize(sheet, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    return full > 0


# Print outside the sheet, as a share of the print inside it, below which cutting the sheet out
# took none: under half a word of a page (a word is some 0.3% of a page's print; phone photos of
# a whole sheet leave 0-0.02% of stray pixels at the desk's edge).
OUTSIDE_PRINT = 0.002


def print_left_outside(gray: np.ndarray, sheet: np.ndarray, dpi: int) -> bool:
    """True when letter-shaped ink lies outside the sheet (grown by a few pixels at its edge): a
    sheet found smaller than the page cut print off with the desk."""
    ink = ink_mask(gray, dpi)
    inside = cv2.resize(sheet, (ink.shape[1], ink.shape[0]), interpolation=cv2.INTER_NEAREST)
    inside = cv2.dilate(inside, np.ones((9, 9), np.uint8)) > 0
    outside = int(np.count_nonzero(ink & ~inside))
    return outside > OUTSIDE_PRINT * max(1, int(np.count_nonzero(ink & inside)))


def blank_outside_page(gray: np.ndarray, sheet: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
    """The image with everything outside the sheet set to white; True when there was a border.

    `sheet` is the result of `find_sheet` (on the page's luminance, say) when already known.
    """
    mask = page_mask(gray, sheet)
    if mask is None:
        return gray, False
    out = gray.copy()
    out[~mask] = 255
    return out, True


def sheet_corners(small: np.ndarray, width: int) -> np.ndarray | None:
    """The four corners (top-left, top-right, bottom-right, bottom-left) of a sheet found by
    `find_sheet`, in pixels of the page `width` wide, or None when it is not a quadrilateral."""
    factor = small.shape[1] / width
    contours, _ = cv2.findContours(small, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    quad = cv2.approxPolyDP(outline, 0.02 * cv2.arcLength(outline, True), True).reshape(-1, 2)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return None
    quad = quad.astype(np.float32) / factor
    # Pull the corners 1% towards the centre so that no desk shows along the edges.
    quad = quad + (quad.mean(axis=0) - quad) * 0.01
    # Order by position: the smallest x+y is top-left, the largest bottom-right.
    total, diff = quad.sum(axis=1), quad[:, 1] - quad[:, 0]
    return np.array([quad[np.argmin(total)], quad[np.argmin(diff)], quad[np.argmax(total)], quad[np.argmax(diff)]])


def flatten_sheet(images: list[np.ndarray], corners: np.ndarray, fill: list) -> list[np.ndarray]:
    """The sheet cut out of each image and warped to an upright rectangle of its own size."""
    top, right = np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[2] - corners[1])
    bottom, left = np.linalg.norm(corners[2] - corners[3]), np.linalg.norm(corners[3] - corners[0])
    width, height = round(max(top, bottom)), round(max(left, right))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    return [
        cv2.warpPerspective(
            image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=value
        )
        for image, value in zip(images, fill, strict=True)
    ]
