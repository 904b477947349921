"""Grey seals: find a round seal by its circle, then whiten its mid-grey ink inside the circle.

Once photocopied, a red seal is a grey ring that colour can no longer tell from print, and
Tesseract drops whole lines under it as a picture. The ring is found by a Hough transform
on a small copy and confirmed on the full page: along a real seal ring nearly every angle
meets ink of one mid-grey level, lighter than print. Inside the circle, pixels at that level
turn to paper while darker print (also print under the seal, which the seal darkens) stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Hough runs at about this resolution.
_HOUGH_DPI = 60
# Official seals are 30-45 mm across; photos and rescans shrink them a little.
_MIN_RADIUS_MM, _MAX_RADIUS_MM = 12.0, 24.0
# A ring is a seal when at least this share of its angles meet mid-grey ink.
_MIN_RING_SHARE = 0.6
# Mid-grey: ink lighter than print and darker than paper.
_MID_LOW, _MID_HIGH = 45, 200


@dataclass(frozen=True)
class Seal:
    """A seal ring found on the page, in full-size pixels, and the grey level of its ink."""

    cx: float
    cy: float
    radius: float
    level: float


def _polar(gray: np.ndarray, cx: float, cy: float, radius: float) -> np.ndarray:
    """Pixels around a centre: rows are 360 angles, columns radii 0..`radius` one pixel apart."""
    size = max(8, int(radius))
    return cv2.warpPolar(gray, (size, 360), (cx, cy), radius, cv2.INTER_LINEAR + cv2.WARP_POLAR_LINEAR)


def confirm_ring(gray: np.ndarray, cx: float, cy: float, radius: float, max_radius: float) -> Seal | None:
    """The seal with a ring near (cx, cy), or None when there is none.

    Hough may lock onto the seal's inner ring, so rings are looked for from 0.6 to 1.7 times
    `radius` (at most `max_radius`) and the outermost one is the seal's edge.
    """
    reach = min(radius * 1.7, max_radius * 1.05)
    polar = _polar(gray, cx, cy, reach)
    inner = int(polar.shape[1] * 0.6 * radius / reach)
    # For every angle and radius, the darkest pixel in a 5-pixel radial window: a ring a few
    # pixels wide shows up at every angle, print only here and there.
    darkest = cv2.erode(polar, np.ones((1, 5), np.uint8))[:, inner:]
    mid = (darkest >= _MID_LOW) & (darkest <= _MID_HIGH)
    share = mid.mean(axis=0)
    rings = np.nonzero(share >= _MIN_RING_SHARE)[0]
    if not len(rings):
        return None
    outer = int(rings[-1])
    ring = darkest[:, outer]
    level = float(np.median(ring[(ring >= _MID_LOW) & (ring <= _MID_HIGH)]))
    # The window reaches 2 pixels beyond the ring: step back to its middle.
    edge = (inner + outer) * reach / polar.shape[1]
    return Seal(float(cx), float(cy), float(edge), level)


def find_seals(gray: np.ndarray, dpi: int) -> list[Seal]:
    """Grey seal rings on a background-normalised greyscale page."""
    factor = min(1.0, _HOUGH_DPI / max(dpi, 1))
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    px_per_mm = dpi * factor / 25.4
    low, high = round(_MIN_RADIUS_MM * px_per_mm), round(_MAX_RADIUS_MM * px_per_mm)
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(small, (5, 5), 1.2),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=low,
        param1=120,
        param2=30,
        minRadius=low,
        maxRadius=high,
    )
    if circles is None:
        return []
    seals = []
    for x, y, r in circles[0][:4]:
        seal = confirm_ring(gray, x / factor, y / factor, r / factor, high / factor)
        if seal is not None:
            seals.append(seal)
    return seals


def remove_seals(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, bool]:
    """The page with grey seal ink inside each seal turned to paper; True when a seal was found."""
    seals = find_seals(gray, dpi)
    if not seals:
        return gray, False
    out = gray.copy()
    for seal in seals:
        # Keep pixels clearly darker than the seal's ink, fade the rest to white.
        low, high = 0.4 * seal.level, 0.8 * seal.level
        r = seal.radius * 1.08 + 4
        x0, y0 = max(0, int(seal.cx - r)), max(0, int(seal.cy - r))
        x1, y1 = min(gray.shape[1], int(seal.cx + r) + 1), min(gray.shape[0], int(seal.cy + r) + 1)
        ys, xs = np.ogrid[y0:y1, x0:x1]
        inside = (xs - seal.cx) ** 2 + (ys - seal.cy) ** 2 <= r * r
        patch = out[y0:y1, x0:x1].astype(np.float32)
        faded = low + np.clip((patch - low) / max(high - low, 1.0), 0, 1) * (255 - low)
        patch = np.where(inside & (patch > low), faded, patch)
        out[y0:y1, x0:x1] = patch.astype(np.uint8)
    return out, True
