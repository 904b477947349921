"""Reading order for recognised lines: visual rows from top to bottom, each left to right.

Tesseract puts side-by-side blocks (the organ and national-motto header, the recipients and
signature block) in an order of its own, sometimes joined into one line. Lines are cut at
gaps much wider than a word space, and the pieces regrouped into rows by their baselines,
the way a reader scans the page and the way reference transcriptions are written.
"""

from __future__ import annotations

from collections.abc import Sequence

from ocr.types import Word

# A gap wider than this many word heights (median) separates columns, not words.
COLUMN_GAP = 1.5
# Segments whose baselines differ by less than this many word heights share a row.
ROW_TOLERANCE = 0.5


def split_segments(lines: Sequence[Sequence[Word]]) -> list[list[Word]]:
    """Cut each line of words wherever the gap between two words is a column gap."""
    segments: list[list[Word]] = []
    for line in lines:
        if not line:
            continue
        heights = sorted(w.box[3] - w.box[1] for w in line)
        height = heights[len(heights) // 2]
        current = [line[0]]
        for previous, word in zip(line, line[1:], strict=False):
            if word.box[0] - previous.box[2] > COLUMN_GAP * height:
                segments.append(current)
                current = []
            current.append(word)
        segments.append(current)
    return segments


def _baseline(segment: Sequence[Word]) -> float:
    bottoms = sorted(w.box[3] for w in segment)
    return float(bottoms[len(bottoms) // 2])


def _height(segment: Sequence[Word]) -> float:
    heights = sorted(w.box[3] - w.box[1] for w in segment)
    return float(heights[len(heights) // 2])


def order_rows(segments: list[list[Word]]) -> list[list[Word]]:
    """Visual rows: segments whose baselines align form one row, read left to right; rows
    from top to bottom."""
    rows: list[list[list[Word]]] = []
    for segment in sorted(segments, key=lambda s: (_baseline(s), s[0].box[0])):
        if rows:
            last = rows[-1][0]
            if _baseline(segment) - _baseline(last) < ROW_TOLERANCE * min(_height(segment), _height(last)):
                rows[-1].append(segment)
                continue
        rows.append([segment])
    return [[w for segment in sorted(row, key=lambda s: s[0].box[0]) for w in segment] for row in rows]
