"""What a recogniser reads on an image: typed words and lines in the image's pixels.

The one shape between an OCR engine (`ocr.tesseract_run`: tesserocr in process, or the
`tesseract` command) and what works on its reading: the second readings (`ocr.reread`), the
text rebuilt in reading order (`ocr.tesseract`) and the orientation checks. Another engine
gives a `PageText` and everything after it stays as it is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

Box = tuple[int, int, int, int]  # left, top, right, bottom
LineKey = tuple[str, ...]  # which line of the engine's layout (page, block, paragraph, line)


@dataclass(frozen=True, slots=True)
class RecognisedWord:
    """One word as the engine read it: `conf` 0-100 (negative: the engine gave none)."""

    text: str
    box: Box
    conf: float
    line: LineKey

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def width(self) -> int:
        return self.box[2] - self.box[0]

    def moved(self, dx: int, dy: int) -> RecognisedWord:
        b = self.box
        return replace(self, box=(b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy))


@dataclass(frozen=True, slots=True)
class Line:
    """One text line of the engine's layout."""

    box: Box
    key: LineKey


@dataclass
class PageText:
    """The words in the engine's reading order, and the lines they were laid out in."""

    words: list[RecognisedWord]
    lines: list[Line]

    def moved(self, dx: int, dy: int) -> PageText:
        """The same reading, for an image that was cut out of a larger one at (dx, dy)."""
        if not (dx or dy):
            return self
        lines = [Line((ln.box[0] + dx, ln.box[1] + dy, ln.box[2] + dx, ln.box[3] + dy), ln.key) for ln in self.lines]
        return PageText([w.moved(dx, dy) for w in self.words], lines)


def from_tsv(tsv: str) -> PageText:
    """A `PageText` from Tesseract's TSV word table (with its header line)."""
    words, lines = [], []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        level = row.get("level")
        if level not in ("4", "5"):
            continue
        try:
            left, top = int(row["left"]), int(row["top"])
            box = (left, top, left + int(row["width"]), top + int(row["height"]))
            key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
            conf = float(row["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        if level == "4":
            lines.append(Line(box, key))
        else:
            words.append(RecognisedWord((row.get("text") or "").strip(), box, conf, key))
    return PageText(words, lines)
