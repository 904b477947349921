"""Mapping a hit's matched terms back onto the page's OCR words, so the viewer can draw
highlight boxes on the page image."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .analyzer import fold, tokenize

Box = tuple[int, int, int, int]

_NON_ALNUM_RE = re.compile(r"[\W_]+")


def _compact(text: str) -> str:
    return _NON_ALNUM_RE.sub("", fold(text).lower())


def locate_boxes(words: Sequence[tuple[str, Box]], terms: Sequence[str]) -> list[Box]:
    """Boxes of the OCR words matched by `terms` (Hit.terms), in reading order, each once.

    Comparison is on the folded, normalised form. A term of several syllables (a phrase) must
    match consecutive syllables, possibly across OCR words. An identifier (`86/2023/HS-ST`)
    matches a run of consecutive words whose letters and digits spell it, however OCR split it
    (`86/2023/` `HS-ST`, `86` `/` `2023/HS-ST`)."""
    if not words or not terms:
        return []
    # Flatten the OCR words into syllables that remember their word.
    parts = [_word_parts(text) for text, _box in words]
    compact_words = [compact for compact, _syllables in parts]
    flat = [(wi, syllable) for wi, (_c, syllables) in enumerate(parts) for syllable in syllables]
    owner = [wi for wi, _s in flat]
    exact = [syllable[0] for _wi, syllable in flat]
    folded = [syllable[1] for _wi, syllable in flat]
    hit_words: set[int] = set()
    for term in terms:
        toks = tokenize(term)
        if any(t.kind == "id" for t in toks) or ("-" in term and " " not in term):
            hit_words.update(_locate_compact(compact_words, _compact(term)))
            continue
        # The terms are the page's own words, so prefer the exact form; fall back to the folded
        # form when OCR put different diacritics on the word boxes than on the page text.
        for stream, key in ((exact, "text"), (folded, "folded")):
            parts = [getattr(t, key) for t in toks if t.kind == "word"]
            found = _locate_sequence(stream, parts)
            if found:
                hit_words.update(owner[i] for i in found)
                break
    return [words[i][1] for i in sorted(hit_words)]


@lru_cache(maxsize=100_000)
def _word_parts(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """An OCR word's letters and digits (folded), and its syllables (exact, folded); the same
    words recur on every page, so they are analysed once."""
    return _compact(text), tuple((t.text, t.folded) for t in tokenize(text) if t.kind == "word")


def _locate_sequence(stream: list[str], parts: list[str]) -> list[int]:
    found: list[int] = []
    n = len(parts)
    if not n:
        return found
    for i in range(len(stream) - n + 1):
        if stream[i] == parts[0] and stream[i : i + n] == parts:
            found.extend(range(i, i + n))
    return found


def _locate_compact(compact_words: list[str], target: str) -> list[int]:
    """Indices of runs of consecutive words whose concatenated letters/digits equal `target`."""
    found: list[int] = []
    if not target:
        return found
    for i, first in enumerate(compact_words):
        if not first or not target.startswith(first):
            continue
        acc, j = first, i
        while len(acc) < len(target) and j + 1 < len(compact_words):
            j += 1
            acc += compact_words[j]
            if not target.startswith(acc):
                break
        if acc == target:
            found.extend(range(i, j + 1))
    return found
