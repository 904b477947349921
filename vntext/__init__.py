"""Vietnamese text rules shared by ocr, search and archive: the dictionary of words of two to
four syllables, the single-syllable function words and syllable counts of statute text (see
data/README.md)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .rules import (
    LETTER_LOOKALIKES,
    LETTERS,
    PUNCTUATION,
    fold_table,
    nfc,
    repair,
    repair_letters,
    unify_tone,
)

__all__ = [
    "LETTERS",
    "LETTER_LOOKALIKES",
    "PUNCTUATION",
    "common_words",
    "dictionary_words",
    "fold_table",
    "nfc",
    "repair",
    "repair_letters",
    "syllable_counts",
    "syllables",
    "unify_tone",
]


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


@cache
def syllables() -> frozenset[str]:
    """Every syllable of the word lists, lower case, NFC (the syllables Vietnamese text is made of)."""
    return frozenset(s for word in dictionary_words() for s in word) | common_words() | set(syllable_counts())


@cache
def syllable_counts() -> dict[str, int]:
    """How often each syllable occurs in public-domain statute text (data/vi_syllable_counts.tsv)."""
    return {s: int(n) for s, n in (line.split("\t") for line in _lines("vi_syllable_counts.tsv"))}
