"""Colour ink suppression: whiten seals and coloured signatures while keeping the print.

Seal ink is found by its colour relation to the page's own paper and print, not by one hue.
Around a seal every pixel is read as a mix of three things: the seal's ink S, the paper W
and the print under them (black), `P = a·S + b·W`, solved per pixel by least squares. The
print's own lightness is then `b / (1 - a)`: 1 on paper with or without seal ink over it, 0
on print, whether the seal's ink multiplies over the print (it stays black) or partly covers
it (it turns the ink's dark shade). This holds for any seal hue from scarlet to purple and
for any strength, since S is measured on the page. Pixels the mix does not explain (another
ink) are lightened by their chroma. Elsewhere blue ballpoint ink is lightened by its chroma,
and blue signature ink whitened by hue, also where it crosses the seal. Black and grey
print has no chroma and passes unchanged: typewritten, photocopied or faded text is never
lightened here.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.background import estimate_background

# A pixel counts as coloured ink when its chroma (brightest minus darkest channel, on the
# white-balanced page) is at least this share of full scale: a faded pink seal has ~0.25.
_SATURATION = 0.18
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
# Ballpoint inks: hues from 180° (cyan-blue) to 290° (violet-blue), on OpenCV's 0-255 scale.
_PEN_HUES = (round(180 / 360 * 256), round(290 / 360 * 256) - 1)
# Seal inks: hues from 290° (purple) round to 25° (scarlet), on OpenCV's 0-255 hue scale.
_SEAL_HUES = (round(290 / 360 * 256), round(25 / 360 * 256))
# A pixel further than this (RMS over the channels) from the paper-seal-print mix is another ink.
_MAX_RESIDUAL = 28.0
# Seal ink on paper keeps its brightest channel above this; print under the ink falls below.
_LIGHT_INK = 140
# Under seal ink denser than this the light let through is taken as this much.
_MAX_COVER = 0.85
# Print lightness under seal ink at or below this is print, at or above that is paper.
_PRINT, _PAPER = 0.15, 0.5
# Seal areas are looked for at this fraction of the page size, and grown by this many of its pixels.
_AREA_SCALE = 1 / 8
_AREA_GROW = 6


def _chroma(red: np.ndarray, green: np.ndarray, blue: np.ndarray) -> np.ndarray:
    return cv2.subtract(cv2.max(cv2.max(red, green), blue), cv2.min(cv2.min(red, green), blue))


def coloured_share(rgb: np.ndarray) -> float:
    """Share of pixels that look like coloured ink (seal, coloured pen), measured on a sample."""
    red, green, blue = cv2.split(white_balance(np.ascontiguousarray(rgb[::4, ::4])))
    chroma = _chroma(red, green, blue)
    return float(np.count_nonzero(chroma > _SATURATION * 255)) / chroma.size


def seal_pixels(rgb: np.ndarray) -> np.ndarray:
    """Boolean mask of pixels coloured like seal ink: chromatic, of a hue from purple through
    magenta and pink to scarlet."""
    hue = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2HSV_FULL)[..., 0]
    chroma = _chroma(*cv2.split(rgb))
    return (chroma > _SATURATION * 255) & ((hue >= _SEAL_HUES[0]) | (hue <= _SEAL_HUES[1]))


def seal_colour(rgb: np.ndarray, mask: np.ndarray, paper: np.ndarray) -> np.ndarray | None:
    """The seal ink's colour as measured on the page: the paper moved along the seal pixels'
    median direction away from it, as far as their densest tenth reaches. Dark pixels (print
    under partly opaque ink) are left out: they lie off the line from paper to ink."""
    pixels = rgb[mask].astype(np.float32)
    pixels = pixels[pixels.max(axis=1) >= _LIGHT_INK]
    if len(pixels) < 50:
        return None
    away = paper[None, :] - pixels
    length = np.linalg.norm(away, axis=1)
    direction = np.median(away / np.maximum(length, 1.0)[:, None], axis=0)
    direction /= max(float(np.linalg.norm(direction)), 1e-6)
    reach = float(np.percentile(away @ direction, 90))
    if reach < 20:
        return None
    return np.clip(paper - reach * direction, 0, 255)


def remove_seal_ink(patch: np.ndarray, seal: np.ndarray, paper: np.ndarray) -> np.ndarray:
    """Greyscale print lightness of an RGB patch under seal ink of colour `seal` on `paper`.

    Each pixel is solved as `a·seal + b·paper`; the print's lightness is `b / (1 - a)`
    (written `1 - (1 - a - b) / (1 - a)`, with a floor under `1 - a`). Pixels
    the mix does not explain (a signature crossing the seal) are lightened by their chroma."""
    basis = np.stack([seal, paper], axis=1).astype(np.float64)  # 3 x 2
    solve = np.linalg.pinv(basis).astype(np.float32)  # 2 x 3
    pixels = patch.astype(np.float32)
    mix = cv2.transform(pixels, solve)  # a, b per pixel
    a, b = mix[..., 0], mix[..., 1]
    fitted = cv2.transform(mix, basis.astype(np.float32))
    residual = np.sqrt(np.mean(np.square(pixels - fitted), axis=2))
    # The print's darkness is how far the pixel lies below the paper-to-ink line, over the
    # light the ink lets through; under the densest ink that light is taken as a floor
    # (where the measured ink is lighter than its densest spots, `a` exceeds 1).
    darkness = (1.0 - a - b) / np.maximum(1.0 - a, 1.0 - _MAX_COVER)
    lightness = 1.0 - darkness
    # Dividing by the light let through amplifies noise under dense ink: what is clearly
    # paper becomes white, what is clearly print black.
    grey = np.clip((lightness - _PRINT) / (_PAPER - _PRINT) * 255.0, 0, 255)
    # Another ink inside a seal is a signature's: lightened by its chroma as well.
    other = np.clip(pixels.max(axis=2) + 2.0 * (pixels.max(axis=2) - pixels.min(axis=2)), 0, 255)
    hue = cv2.cvtColor(np.ascontiguousarray(patch), cv2.COLOR_RGB2HSV_FULL)[..., 0]
    pen = (hue >= _PEN_HUES[0]) & (hue <= _PEN_HUES[1]) & (_chroma(*cv2.split(patch)) > _SATURATION * 255)
    return np.where((residual <= _MAX_RESIDUAL) & ~pen, grey, other).astype(np.uint8)


def suppress_colour_ink(rgb: np.ndarray) -> tuple[np.ndarray, bool]:
    """Greyscale image for OCR with coloured ink lightened; True when there was ink to remove."""
    if rgb.ndim == 2:
        return rgb, False
    if coloured_share(rgb) < _MIN_COLOURED_SHARE:
        return luminance(rgb), False
    balanced = white_balance(rgb)
    red, green, blue = cv2.split(balanced)
    red_green = cv2.max(red, green)
    high = cv2.max(red_green, blue)
    # Blue-hued ink (a ballpoint) is lightened by its chroma; black and grey print, and
    # inks of other hues, keep their brightest channel.
    hue = cv2.cvtColor(balanced, cv2.COLOR_RGB2HSV_FULL)[..., 0]
    chroma = cv2.subtract(high, cv2.min(cv2.min(red, green), blue))
    pen = cv2.inRange(hue, *_PEN_HUES)
    out = cv2.add(high, cv2.bitwise_and(cv2.add(chroma, chroma), pen))
    _without_seal_ink(balanced, out)
    bluish = cv2.compare(cv2.subtract(blue, red_green), cv2.LUT(high, _BLUE_LEAD), cv2.CMP_GE)
    out = cv2.max(out, bluish)
    # Removed ink becomes paper, not white: a white seal on shaded paper would leave a dark
    # halo once the background is divided out.
    return cv2.min(out, estimate_background(high)), True


def _without_seal_ink(rgb: np.ndarray, out: np.ndarray) -> None:
    """Write the print lightness into `out` inside each area of seal-coloured ink."""
    if min(rgb.shape[:2]) * _AREA_SCALE < 1:
        return  # a thumbnail-sized image holds no seal to find
    small = cv2.resize(rgb, None, fx=_AREA_SCALE, fy=_AREA_SCALE, interpolation=cv2.INTER_AREA)
    areas = cv2.dilate(seal_pixels(small).astype(np.uint8), np.ones((3, 3), np.uint8), iterations=_AREA_GROW)
    count, _, stats, _ = cv2.connectedComponentsWithStats(areas, connectivity=8)
    if count <= 1:
        return
    height, width = out.shape
    for x, y, w, h, _ in stats[1:]:
        x0, y0 = int(x / _AREA_SCALE), int(y / _AREA_SCALE)
        x1, y1 = min(width, int((x + w) / _AREA_SCALE)), min(height, int((y + h) / _AREA_SCALE))
        patch = rgb[y0:y1, x0:x1]
        # The paper around this seal, as lit here: the result blends with the page around it.
        paper = np.percentile(patch[::4, ::4].reshape(-1, 3), 90, axis=0).astype(np.float32)
        seal = seal_colour(patch, seal_pixels(patch), paper)
        if seal is None:
            continue
        cleaned = remove_seal_ink(patch, seal, paper).astype(np.float32) * (float(paper.max()) / 255.0)
        out[y0:y1, x0:x1] = cleaned.astype(np.uint8)


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
