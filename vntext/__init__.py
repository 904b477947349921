"""Vietnamese text rules shared by ocr, search and archive: the dictionary of words of two to
four syllables and the single-syllable function words (see data/README.md)."""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("vntext").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line]


@cache
def dictionary_words() -> frozenset[tuple[str, ...]]:
    """Words of two or more syllables, lower case, NFC, as tuples of syllables."""
    return frozenset(tuple(line.split()) for line in _lines("vi_words.txt"))


@cache
def common_words() -> frozenset[str]:
    """Single-syllable function words (của, và, theo, ...), lower case, NFC."""
    return frozenset(_lines("vi_common_words.txt"))
