"""Reading order for recognised lines: visual rows from top to bottom, each left to right.

Tesseract puts side-by-side blocks (the organ and national-motto header, the recipients and
signature block) in an order of its own, sometimes joined into one line. Lines are cut at
gaps much wider than a word space and where the words step up or down by most of a line,
and the pieces regrouped into rows by their baselines, the way a reader scans the page and
the way reference transcriptions are written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np

from ocr.types import Word

# A gap wider than this many word heights (median) separates columns, not words.
COLUMN_GAP = 1.5
# Segments whose baselines differ by less than this many word heights share a row; words
# of one line whose middles differ by more belong to two rows.
ROW_TOLERANCE = 0.5
# A word box taller than this many times the line's print (a letter joined to a speck or a
# stroke above or below it) says nothing about where the line sits.
TALL_WORD = 1.4
# Lines sloping more than this (about 3 degrees) are not text lines to level by.
MAX_SLOPE = 0.05
# Letters and marks that reach below the baseline (U+0323 is the dot below of Vietnamese).
_DESCENDERS = frozenset("gjpqyQ,;()[]{}|/\u0323")


def split_segments(lines: Sequence[Sequence[Word]]) -> list[list[Word]]:
    """Cut each line of words wherever two words are a column gap apart or one steps up or
    down by most of a line (a signer's title read into the recipients line beside it)."""
    segments: list[list[Word]] = []
    for line in lines:
        if not line:
            continue
        height = _median([_h(w) for w in line])
        current = [line[0]]
        anchor = line[0] if _is_print(line[0], height) else None
        for previous, word in zip(line, line[1:], strict=False):
            steps = (
                anchor is not None
                and _is_print(word, height)
                and abs(_middle(word) - _middle(anchor)) > ROW_TOLERANCE * height
            )
            if word.box[0] - previous.box[2] > COLUMN_GAP * height or steps:
                segments.append(current)
                current = []
            current.append(word)
            if _is_print(word, height):
                anchor = word
        segments.append(current)
    return segments


def order_rows(segments: list[list[Word]]) -> list[list[Word]]:
    """Visual rows: segments whose baselines align form one row, read left to right; rows
    from top to bottom.

    Baselines are compared as if the page were level: a photographed page leans by a
    different angle at different heights, so each segment is levelled by the slope of the
    full-width lines nearest to it.
    """
    if not segments:
        return []
    level = _leveller(segments)
    placed = [(level(s), _height(s), s) for s in segments]
    rows: list[list[tuple[float, float, list[Word]]]] = []
    for baseline, height, segment in sorted(placed, key=lambda p: (p[0], p[2][0].box[0])):
        if rows:
            last_baseline, last_height, _ = rows[-1][0]
            if baseline - last_baseline < ROW_TOLERANCE * min(height, last_height):
                rows[-1].append((baseline, height, segment))
                continue
        rows.append([(baseline, height, segment)])
    return [[w for _, _, segment in sorted(row, key=lambda p: p[2][0].box[0]) for w in segment] for row in rows]


def _leveller(segments: Sequence[Sequence[Word]]):
    """A function giving a segment's baseline moved to the middle of the page along the
    slope of the page's lines at its height."""
    left = min(w.box[0] for s in segments for w in s)
    right = max(w.box[2] for s in segments for w in s)
    middle = (left + right) / 2
    slopes = []  # (height on the page, slope) of lines that cross most of the page
    for segment in segments:
        # Words that stand on the baseline: no descender, comma or dot below.
        flat = [w for w in _print_words(segment) if not _descends(w.text)]
        if len(flat) < 4 or flat[-1].box[2] - flat[0].box[0] < 0.4 * (right - left):
            continue
        xs = np.array([(w.box[0] + w.box[2]) / 2 for w in flat])
        ys = np.array([w.box[3] for w in flat], dtype=float)
        slope = float(np.polyfit(xs, ys, 1)[0])
        if abs(slope) < MAX_SLOPE:
            slopes.append((float(ys.mean()), slope))
    slopes.sort()

    def level(segment: Sequence[Word]) -> float:
        baseline = _baseline(segment)
        if not slopes:
            return baseline
        x = (segment[0].box[0] + segment[-1].box[2]) / 2
        heights = [y for y, _ in slopes]
        slope = float(np.interp(baseline, heights, [k for _, k in slopes]))
        return baseline - slope * (x - middle)

    return level


def _baseline(segment: Sequence[Word]) -> float:
    return _median([w.box[3] for w in _print_words(segment)])


def _descends(text: str) -> bool:
    return any(ch in _DESCENDERS for ch in unicodedata.normalize("NFD", text))


def _height(segment: Sequence[Word]) -> float:
    return _median([_h(w) for w in _print_words(segment)])


def _print_words(segment: Sequence[Word]) -> Sequence[Word]:
    """The words of letters or digits in a segment whose boxes are the height of its print
    (the lower median), or all of its words."""
    words = [w for w in segment if any(ch.isalnum() for ch in w.text)] or segment
    heights = sorted(_h(w) for w in words)
    height = heights[(len(heights) - 1) // 2]
    return [w for w in words if _h(w) <= TALL_WORD * height]


def _is_print(word: Word, height: float) -> bool:
    """A word of letters or digits as tall as the line's print (not a dash, comma or speck)."""
    return any(ch.isalnum() for ch in word.text) and 0.6 * height <= _h(word) <= TALL_WORD * height


def _middle(word: Word) -> float:
    return (word.box[1] + word.box[3]) / 2


def _h(word: Word) -> int:
    return word.box[3] - word.box[1]


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return float(ordered[len(ordered) // 2])
