"""The guard that keeps cleanup from reading a page worse than no cleanup would.

A risky step (`CleanPage.risky`) may have taken print with it: a steep deskew, grey seals
whitened, colour ink or specks removed from a large share of the dark pixels, the sheet cut out
of a photo. The page is then read without those steps too, and the reading that reads more of the
page is kept (`reading_quality.more_text_read`).

Reading the whole page a second time costs as much as the first reading, so the guard reads no
more than the page needs:
- a steep deskew whose reading is already sure Vietnamese was right: a page turned by a wrong
  angle does not read that way, and nothing is whitened by turning;
- a sheet cut out of a photo (perspective, page region) whose reading is sure Vietnamese, and
  outside which no print was left, lost nothing with the desk;
- a step that only whitens pixels (seals, ink, specks) changed the page in a few places: those
  places are read both ways first, and the whole page only when they read better without it.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np
from PIL import Image

from ocr.cleanup import CleanPage, clean_page
from ocr.reading_quality import Quality, more_text_read, reading_quality, reads_surely
from ocr.tesseract import Recognition, recognise

log = logging.getLogger("ocr.engine")

# Which option turns off each risky step.
_OPTION_OF = {"perspective": "page-region"}
# Steps that cut the sheet out of a photo: checked only when print lay outside the sheet, or the
# page does not read surely.
CUTTING = frozenset({"perspective", "page-region"})
# Steps that only whiten pixels where they work: the page keeps its geometry without them.
WHITENING = frozenset({"ink", "seal", "despeckle"})
# The changed places are read alone while they cover at most this share of the page.
LOCAL_AREA = 0.4
# Pixels that changed by this much (0-255) count as changed.
CHANGED = 60
# More places than this are read as the one box around them all.
MAX_PLACES = 6


def steps_to_check(page: CleanPage, recognition: Recognition) -> set[str]:
    """The risky steps whose effect is worth checking by reading the page without them."""
    fired = set(page.risky)
    if fired & {"deskew", *CUTTING} and reads_surely(quality_of(recognition)):
        fired.discard("deskew")
        if not page.print_cut:
            fired -= CUTTING
    return fired


def quality_of(recognition: Recognition) -> Quality:
    return reading_quality([(w.text, w.conf) for w in recognition.words])


def keep_better(
    image: Image.Image,
    dpi: int,
    languages: str,
    all_steps: frozenset[str],
    page: CleanPage,
    recognition: Recognition,
    timeout: float,
) -> tuple[CleanPage, Recognition]:
    """The page and reading to keep: the cleaned one, unless the page read without its risky
    steps (the quarter turn kept: it was already checked by reading) reads clearly better."""
    fired = steps_to_check(page, recognition)
    if not fired:
        return page, recognition
    vietnamese = "vie" in languages.split("+")
    steps = all_steps - {_OPTION_OF.get(step, step) for step in fired}
    keep_geometry = fired <= WHITENING
    plain = clean_page(
        image,
        dpi,
        languages,
        frozenset(steps),
        rotation=page.rotation,
        skew=page.skew if keep_geometry else None,
    )
    if keep_geometry:
        places = changed_places(plain.ocr_image, page.ocr_image, page.ocr_dpi)
        if places is not None and not _places_read_better(plain, recognition, places, languages, vietnamese, timeout):
            return page, recognition
    plain_reading = recognise(plain.ocr_image, languages, plain.ocr_dpi, timeout=timeout)
    if more_text_read(quality_of(plain_reading), quality_of(recognition), vietnamese):
        log.info("kept the reading without %s", sorted(fired))
        plain.steps = [*plain.steps, "never-worse"]
        return plain, plain_reading
    return page, recognition


def changed_places(before: Image.Image, after: Image.Image, dpi: int) -> list[tuple[int, int, int, int]] | None:
    """Boxes (x0, y0, x1, y1) around where `after` differs from `before`, grown by about a line
    so that the words cut by a change are whole; None when the two cannot be compared place by
    place (other sizes) or the changes cover too much of the page for that to be cheaper."""
    if before.size != after.size:
        return None
    a = np.asarray(before.convert("L"), dtype=np.int16)
    b = np.asarray(after.convert("L"), dtype=np.int16)
    changed = (np.abs(a - b) > CHANGED).astype(np.uint8)
    # Pixels at the edge of print that a step moved across the threshold are not print taken:
    # only changes the size of a tone mark's dot or more are.
    count, labels, stats, _ = cv2.connectedComponentsWithStats(changed, connectivity=8)
    smallest = max(4, (dpi // 75) ** 2)
    kept = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] >= smallest)
    kept = kept[kept > 0]
    if kept.size == 0:
        return []
    changed = np.isin(labels, kept).astype(np.uint8)
    grow = max(3, dpi // 6)  # about a line of 12 pt print
    changed = cv2.dilate(changed, np.ones((grow, 2 * grow), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(changed, connectivity=8)
    height, width = changed.shape
    boxes = []
    for x, y, w, h, _ in stats[1:count]:
        boxes.append((int(x), int(y), int(min(width, x + w)), int(min(height, y + h))))
    if len(boxes) > MAX_PLACES:
        boxes = [
            (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        ]
    area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes)
    if area > LOCAL_AREA * width * height:
        return None
    return boxes


def _places_read_better(
    plain: CleanPage,
    recognition: Recognition,
    places: list[tuple[int, int, int, int]],
    languages: str,
    vietnamese: bool,
    timeout: float,
) -> bool:
    """True when the changed places, read alone without the risky steps, read clearly more than
    the cleaned page's reading does there. The cleaned page is not read again: its words whole
    inside a place are that place's reading (read again, a place of noise the steps left costs
    more than the whole page did)."""
    if not places:
        return False
    with_steps, without = [], []
    for box in places:
        with_steps += [(w.text, w.conf) for w in recognition.words if _inside(w.box, box)]
        x0, y0 = box[0], box[1]
        reading = recognise(plain.ocr_image.crop(box), languages, plain.ocr_dpi, psm=6, timeout=timeout)
        edge = (EDGE, EDGE, box[2] - x0 - EDGE, box[3] - y0 - EDGE)
        without += [(w.text, w.conf) for w in reading.words if _inside(w.box, edge)]
    return more_text_read(reading_quality(without), reading_quality(with_steps), vietnamese)


# Words this close to the edge of a place read alone may be cut by it; they are left out of
# both readings of the place.
EDGE = 2


def _inside(box: tuple[int, int, int, int], place: tuple[int, int, int, int]) -> bool:
    return box[0] >= place[0] and box[1] >= place[1] and box[2] <= place[2] and box[3] <= place[3]
