"""A small model of Vietnamese legal language: log-probability of a syllable sequence from the
unigram and bigram counts of the statute articles (vntext/data), with absolute-discount back-off
from bigram to unigram and add-one unigrams, so an unseen syllable costs much but not infinitely."""

from __future__ import annotations

import functools
import math
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "vntext" / "data"
DISCOUNT = 0.75


def _read(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, n = line.rpartition("\t")
        if key:
            counts[key] = int(n)
    return counts


class SyllableModel:
    def __init__(self, unigrams: dict[str, int], bigrams: dict[str, int]) -> None:
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.total = sum(unigrams.values())
        self.vocabulary = len(unigrams) + 1
        self.followers: dict[str, int] = {}
        self.left_totals: dict[str, int] = {}
        for pair, n in bigrams.items():
            left = pair.split(" ", 1)[0]
            self.followers[left] = self.followers.get(left, 0) + 1
            self.left_totals[left] = self.left_totals.get(left, 0) + n

    def unigram_logprob(self, syllable: str) -> float:
        return math.log((self.unigrams.get(syllable, 0) + 1) / (self.total + self.vocabulary))

    def logprob(self, previous: str | None, syllable: str) -> float:
        unigram = self.unigram_logprob(syllable)
        if previous is None or previous not in self.left_totals:
            return unigram
        seen = self.left_totals[previous]
        pair = self.bigrams.get(f"{previous} {syllable}", 0)
        backoff = DISCOUNT * self.followers[previous] / seen
        return math.log(max(pair - DISCOUNT, 0) / seen + backoff * math.exp(unigram))

    def score(self, syllables: list[str]) -> float:
        """Total log-probability of the syllables, lower-cased, NFC."""
        words = [unicodedata.normalize("NFC", s).lower() for s in syllables]
        total, previous = 0.0, None
        for word in words:
            total += self.logprob(previous, word)
            previous = word
        return total

    def per_syllable(self, syllables: list[str]) -> float:
        return self.score(syllables) / max(len(syllables), 1)


@functools.cache
def model() -> SyllableModel:
    return SyllableModel(_read(DATA / "vi_syllable_counts.tsv"), _read(DATA / "vi_syllable_bigrams.tsv"))
