"""Page cleanup before Tesseract: orientation, deskew, colour-ink suppression, page region,
background normalisation, grey seal and signature removal, despeckling and upscaling, each
applied only when the page needs it.

Analysis runs on a small copy; the full-size work is a handful of array operations. The
result keeps two images in the same geometry: the colour page for the viewer and the
cleaned greyscale page for Tesseract (possibly upscaled by `scale`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from ocr.background import normalise_background
from ocr.components import ink_components
from ocr.deskew import STEEP, find_quarter_turn, find_skew, ink_mask, rotate_small
from ocr.despeckle import despeckle
from ocr.dither import smooth_bilevel
from ocr.ink import luminance, suppress_colour_ink
from ocr.orientation import cheap_upside_down, osd_upside_down, strip_confidence, strip_reading
from ocr.page_region import blank_outside_page, find_sheet, flatten_sheet, print_left_outside, sheet_corners
from ocr.reading_quality import Quality, clearly_better, reads_surely
from ocr.seal import remove_seals
from ocr.signature import remove_signatures

ALL_STEPS = frozenset(
    {
        "bilevel",
        "orientation",
        "deskew",
        "ink",
        "page-region",
        "background",
        "seal",
        "signature",
        "despeckle",
        "upscale",
    }
)
# Skew below this is left alone: rotating costs sharpness and Tesseract copes.
MIN_SKEW = 0.15
# Colour-ink removal is risky when it whitened this share of the page's dark pixels or more:
# seals and signatures are a tenth or two of them, a page typed or printed in coloured ink
# nearly all. Despeckling is when it whitened this share: lone specks are a few hundredths.
INK_RISK = 0.35
DESPECKLE_RISK = 0.04
# Pages below this resolution are upscaled to `target_dpi` for Tesseract.
LOW_DPI = 150


@dataclass
class CleanPage:
    """A page ready for OCR and display; `ocr_image` pixels = display pixels × `scale`."""

    display: Image.Image
    ocr_image: Image.Image
    ocr_dpi: int
    scale: float
    rotation: int  # clockwise degrees applied to make the page upright: 0, 90, 180, 270
    skew: float  # degrees the page was tilted (counter-clockwise positive) and straightened by
    steps: list[str] = field(default_factory=list)
    # Steps that changed the page in a way that may have taken print with them:
    # the page is read without them too (`ocr.engine`).
    risky: list[str] = field(default_factory=list)
    # True when the sheet cut out of a photo (perspective, page-region) left print outside it.
    print_cut: bool = True


def _ink(colour: np.ndarray, steps: frozenset[str], done: list[str], risky: list[str]) -> tuple[np.ndarray, bool]:
    """The grey page, with coloured ink (seals, ballpoint) lifted when the step runs."""
    if "ink" not in steps:
        return luminance(colour), False
    gray, inked = suppress_colour_ink(colour)
    if inked:
        done.append("ink")
        if _whitened_share(luminance(colour), gray) >= INK_RISK:
            risky.append("ink")
    return gray, inked


def _flatten(colour: np.ndarray, gray: np.ndarray, inked: bool, dpi: int, steps: frozenset[str], done: list[str]):
    """(colour, gray, sheet, print_cut): a photographed sheet found and flattened to its own
    rectangle, and whether print lay outside the sheet."""
    if "page-region" not in steps:
        return colour, gray, None, False
    # The sheet is told by brightness: a brown desk lightened by ink suppression is not paper.
    sheet = find_sheet(luminance(colour) if inked else gray)
    corners = None if sheet is None else sheet_corners(sheet, gray.shape[1])
    print_cut = False
    if corners is not None:
        print_cut = print_left_outside(gray, sheet, dpi)
        colour, gray = flatten_sheet([colour, gray], corners, [_paper_colour(colour), 255])
        done.append("perspective")
    return colour, gray, sheet, print_cut


def _straighten(
    colour: np.ndarray,
    gray: np.ndarray,
    dpi: int,
    languages: str,
    steps: frozenset[str],
    rotation: int | None,
    done: list[str],
    known_skew: float | None = None,
):
    """(colour, gray, rotation, skew): the page turned upright and deskewed."""
    skew: float | None = 0.0
    if rotation is not None:
        skew = known_skew  # None: measured once the page is turned
    elif steps & {"orientation", "deskew"}:
        rotation, skew = find_geometry(gray, dpi, languages, steps)
    else:
        rotation = 0
    if rotation:
        colour, gray = _turn(colour, rotation), _turn(gray, rotation)
        done.append("orientation")
    if skew is None:
        mask = ink_mask(gray, dpi)
        skew = find_skew(mask).angle if "deskew" in steps and mask.sum() >= 200 else 0.0
    if abs(skew) >= MIN_SKEW:
        colour = rotate_small(colour, -skew, fill=_paper_colour(colour))
        gray = rotate_small(gray, -skew, fill=int(np.median(gray[::16, ::16])))
        done.append("deskew")
    else:
        skew = 0.0
    return colour, gray, rotation, skew


def _clean_print(gray: np.ndarray, dpi: int, steps: frozenset[str], done: list[str], risky: list[str]) -> np.ndarray:
    """Background evened out, grey seals, signature strokes and speckles taken off the print."""
    if "background" in steps:
        gray, flattened = normalise_background(gray)
        if flattened:
            done.append("background")
    if "seal" in steps:
        gray, sealed = remove_seals(gray, dpi)
        if sealed:
            done.append("seal")
    # Not where a grey seal was found: there the signature lies over the seal, the signer's
    # title and name, and a stroke as dark as print takes the letters it crosses along
    # (18 photocopy, combined and photo pages: 0.63% CER with strokes removed everywhere,
    # 0.50% without the step, 0.46% with it skipped on pages with a grey seal).
    strokes = "signature" in steps and "seal" not in done
    # One labelling of the page's ink serves both steps: strokes removed first are not
    # tiny, so they never count as speckles.
    components = ink_components(gray) if strokes or "despeckle" in steps else None
    if strokes:
        gray, signed = remove_signatures(gray, components)
        if signed:
            done.append("signature")
    if "despeckle" in steps:
        before = gray
        gray, cleaned = despeckle(gray, dpi, components)
        if cleaned:
            done.append("despeckle")
            if _whitened_share(before, gray) >= DESPECKLE_RISK:
                risky.append("despeckle")
    return gray


def clean_page(
    image: Image.Image,
    dpi: int,
    languages: str = "vie",
    steps: frozenset[str] = ALL_STEPS,
    target_dpi: int = 300,
    rotation: int | None = None,
    skew: float | None = None,
) -> CleanPage:
    """Correct orientation, perspective and skew, remove seals and signatures, even out the background.

    `rotation`, when given, is the quarter turn to make instead of looking for one (a page
    cleaned a second time with fewer steps keeps the turn already checked), and `skew` with it
    the angle already measured.
    """
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    colour = np.asarray(image)
    done: list[str] = []
    risky: list[str] = []
    gray, inked = _ink(colour, steps, done, risky)
    if "bilevel" in steps:
        gray, smoothed = smooth_bilevel(gray, dpi)
        if smoothed:
            done.append("bilevel")
    colour, gray, sheet, print_cut = _flatten(colour, gray, inked, dpi, steps, done)
    colour, gray, rotation, skew = _straighten(colour, gray, dpi, languages, steps, rotation, done, skew)
    if sheet is not None and "perspective" not in done:
        if rotation or abs(skew) >= MIN_SKEW:
            sheet = find_sheet(luminance(colour) if inked else gray)
        blanked_gray, blanked = blank_outside_page(gray, sheet)
        if blanked:
            # No sheet found again on the straightened page: the blanking found its own, unchecked.
            print_cut = sheet is None or print_left_outside(gray, sheet, dpi)
            done.append("page-region")
        gray = blanked_gray
    gray = _clean_print(gray, dpi, steps, done, risky)
    scale, ocr_dpi = 1.0, dpi
    if "upscale" in steps and dpi < LOW_DPI:
        scale = target_dpi / dpi
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        ocr_dpi = target_dpi
        done.append("upscale")

    risky += [step for step in ("perspective", "page-region", "seal") if step in done]
    if "deskew" in done and abs(skew) > STEEP:
        risky.append("deskew")
    moved = bool({"perspective", "orientation", "deskew"} & set(done))
    return CleanPage(
        # Unmoved, the page shows as it came: no copy of a colour page to make.
        display=Image.fromarray(colour) if moved else image,
        ocr_image=Image.fromarray(gray),
        ocr_dpi=ocr_dpi,
        scale=scale,
        rotation=rotation,
        skew=skew,
        steps=done,
        risky=risky,
        print_cut=print_cut,
    )


def _whitened_share(before: np.ndarray, after: np.ndarray) -> float:
    """Share of the dark pixels of `before` (sampled) that `after` turned light."""
    dark = before[::2, ::2] < 110
    count = int(np.count_nonzero(dark))
    if count == 0:
        return 0.0
    return float(np.count_nonzero(after[::2, ::2][dark] > 170)) / count


def find_geometry(gray: np.ndarray, dpi: int, languages: str, steps: frozenset[str]) -> tuple[int, float]:
    """Clockwise quarter turns (degrees) and skew (degrees, counter-clockwise) of a page.

    A turn is only made when the turned page reads clearly better than the page as it came
    (`turn_reads_better`): the line-shape tests and Tesseract's detector only propose it.
    """
    mask = ink_mask(gray, dpi)
    if mask.sum() < 200:
        return 0, 0.0
    if "orientation" in steps:
        sideways, found = find_quarter_turn(mask)
    else:
        sideways, found = False, find_skew(mask)
    angle = found.angle if "deskew" in steps else 0.0
    if "orientation" not in steps:
        return 0, angle
    rotation = 270 if sideways else 0
    if sideways and _came_upright(gray, rotation, angle, dpi, languages):
        # Its band of text reads as sure Vietnamese as it came: the page is not on its side.
        # One reading (the one `turn_reads_better` would make) instead of the detector's and three.
        return 0, find_skew(mask).angle if "deskew" in steps else 0.0
    levelled = rotate_small(_turn(mask, rotation).astype(np.uint8) * 255, -angle, fill=0) > 127
    upside = cheap_upside_down(levelled)
    if upside is None:
        upside = _slow_upside_down(_turn(gray, rotation), angle, dpi, languages)
    if upside:
        rotation = (rotation + 180) % 360
    if rotation and not turn_reads_better(gray, rotation, angle, dpi, languages):
        rotation = 0
        if sideways:
            angle = find_skew(mask).angle if "deskew" in steps else 0.0
    return rotation, angle


# Strips read to check a turn are read at no more than this resolution: enough for print
# of 10 points and up, half the cost of 300 dpi.
_CHECK_DPI = 200


def turn_reads_better(gray: np.ndarray, rotation: int, angle: float, dpi: int, languages: str) -> bool:
    """True when the densest band of text, turned by `rotation` and levelled, reads clearly
    better (confidence and Vietnamese syllables, `reading_quality`) than the same pixels as
    they came."""
    band, check_dpi = _turn_band(gray, rotation, angle, dpi)
    as_came = _read_as_came(band, rotation, check_dpi, languages)
    if reads_surely(as_came):
        return False
    as_turned = strip_reading(Image.fromarray(band), languages, check_dpi)
    return clearly_better(as_turned, as_came, vietnamese="vie" in languages.split("+"))


def _came_upright(gray: np.ndarray, rotation: int, angle: float, dpi: int, languages: str) -> bool:
    """True when the band `turn_reads_better` checks reads as sure Vietnamese as it came (the
    reading is remembered for that check)."""
    band, check_dpi = _turn_band(gray, rotation, angle, dpi)
    return reads_surely(_read_as_came(band, rotation, check_dpi, languages))


def _turn_band(gray: np.ndarray, rotation: int, angle: float, dpi: int) -> tuple[np.ndarray, int]:
    """The band `turn_reads_better` checks: the densest text of the page turned and levelled."""
    return _check_strip(rotate_small(_turn(gray, rotation), -angle, fill=255), dpi)


def _read_as_came(band: np.ndarray, rotation: int, check_dpi: int, languages: str) -> Quality:
    """The reading of a turned band with its pixels turned back as they came."""
    as_came = np.ascontiguousarray(_turn(band, (360 - rotation) % 360))
    return strip_reading(Image.fromarray(as_came), languages, check_dpi)


def _slow_upside_down(gray: np.ndarray, angle: float, dpi: int, languages: str) -> bool:
    """Tesseract OSD, then a strip read both ways, on a levelled page."""
    levelled = rotate_small(gray, -angle, fill=255)
    verdict = osd_upside_down(Image.fromarray(levelled), dpi)
    if verdict is not None:
        return verdict
    # The same strip as `turn_reads_better` reads next, so that its reading is not made twice.
    strip, check_dpi = _check_strip(levelled, dpi)
    upright = strip_confidence(Image.fromarray(strip), languages, check_dpi)
    flipped = strip_confidence(Image.fromarray(np.ascontiguousarray(strip[::-1, ::-1])), languages, check_dpi)
    return flipped > upright + 5


def _check_strip(levelled: np.ndarray, dpi: int) -> tuple[np.ndarray, int]:
    """The densest band of a levelled page at no more than `_CHECK_DPI`, and its resolution."""
    band = _densest_strip(levelled, max(64, round(_CHECK_WIDTH * dpi)))
    factor = min(1.0, _CHECK_DPI / max(dpi, 1))
    if factor < 1.0:
        band = cv2.resize(band, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    return band, max(1, round(dpi * factor))


# Inches of a band read to check a turn: some 40 words of 12 pt print, half a line of an A4
# page. Reading the whole width costs more and tells no more; a band across the lines of a page
# that is not turned is garbled text, which costs Tesseract twice as much as print per inch.
_CHECK_WIDTH = 3.0


def _densest_strip(gray: np.ndarray, width: int) -> np.ndarray:
    """A band of about a sixth of the page's height and at most `width` pixels wide, around its
    densest text."""
    dark = gray < 128
    height = gray.shape[0]
    band = max(32, height // 6)
    top = _densest_window(dark.sum(axis=1), band)
    rows = dark[top : top + band]
    left = _densest_window(rows.sum(axis=0), width)
    return np.ascontiguousarray(gray[top : top + band, left : left + width])


def _densest_window(ink: np.ndarray, size: int) -> int:
    """Start of the window of `size` with the most ink."""
    window = np.convolve(ink.astype(np.float64), np.ones(size), mode="valid")
    return int(np.argmax(window)) if len(window) else 0


_QUARTER_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _turn(array: np.ndarray, clockwise: int) -> np.ndarray:
    """Rotate by a multiple of 90° clockwise."""
    if clockwise % 360 == 0:
        return array
    if array.dtype == bool:
        return cv2.rotate(array.view(np.uint8), _QUARTER_TURNS[clockwise % 360]).view(bool)
    return cv2.rotate(array, _QUARTER_TURNS[clockwise % 360])


def _paper_colour(colour: np.ndarray) -> int | tuple:
    sample = colour[::16, ::16]
    if sample.ndim == 2:
        return int(np.median(sample))
    return tuple(int(v) for v in np.median(sample.reshape(-1, sample.shape[-1]), axis=0))
