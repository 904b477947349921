"""How well a reading reads: word confidence and the share of words that are Vietnamese.

Two readings of the same pixels (turned or not, cleaned or not) are compared by what a
person would look at: are the words sure, and are they words of the language at all. A
Tesseract reading of noise or of a page on its side can be confident about a few short
"words"; it does not make Vietnamese syllables of them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vntext import syllables

_LETTERS = re.compile(r"[^\W\d_]+")


def is_known(word: str) -> bool:
    """True when a recognised word (punctuation around it allowed) is a Vietnamese syllable."""
    letters = _LETTERS.findall(unicodedata.normalize("NFC", word).lower())
    return len(letters) == 1 and letters[0] in syllables()


# A reading with at least this share of Vietnamese syllables reads as Vietnamese (printed
# Vietnamese reads at 0.8-0.95; noise and other languages at 0.1-0.3).
VIETNAMESE_SHARE = 0.5


@dataclass(frozen=True)
class Quality:
    """Mean word confidence (0..1), share of Vietnamese syllables among the words of two
    letters or more, and the confident dictionary mass: the sum of the confidences of known words."""

    confidence: float
    share: float
    mass: float
    words: int


def reading_quality(words: list[tuple[str, float]]) -> Quality:
    """`Quality` of a reading given as (text, confidence 0..1) pairs."""
    # Single letters are left out: noise reads as "a", "i", "o", all of them syllables.
    lettered = [(text, conf) for text, conf in words if sum(len(p) for p in _LETTERS.findall(text)) >= 2]
    if not lettered:
        return Quality(0.0, 0.0, 0.0, 0)
    known = [conf for text, conf in lettered if is_known(text)]
    return Quality(
        confidence=sum(conf for _, conf in lettered) / len(lettered),
        share=len(known) / len(lettered),
        mass=sum(known),
        words=len(lettered),
    )


def reads_vietnamese(quality: Quality) -> bool:
    """True for a reading of Vietnamese: mostly its syllables, and read with some confidence
    (lines on their side read as short unsure syllables, "ii", "lu", "in")."""
    return quality.share >= VIETNAMESE_SHARE and quality.confidence >= 0.5


# A reading this sure, and this much Vietnamese, was not made from a page turned the wrong way
# (printed Vietnamese reads at a confidence of 0.95 and a share of 0.96-1.0 once straight; a page
# left 3° or more off its lines, or turned further off, reads well below both), once it has
# words enough for a mean to mean something.
SURE_CONFIDENCE = 0.9
SURE_SHARE = 0.9
SURE_WORDS = 15


def reads_surely(quality: Quality) -> bool:
    """True for a reading of straight Vietnamese print: sure words, nearly all syllables."""
    return quality.words >= SURE_WORDS and quality.confidence >= SURE_CONFIDENCE and quality.share >= SURE_SHARE


def clearly_better(candidate: Quality, reference: Quality, vietnamese: bool = True) -> bool:
    """True when `candidate` reads clearly better than `reference`: surer words and, for
    Vietnamese, more of them syllables of the language and more confident dictionary words."""
    if candidate.words == 0:
        return False
    if not vietnamese:
        return candidate.confidence >= reference.confidence + 0.10 and candidate.words >= 0.5 * reference.words
    surer = candidate.confidence >= reference.confidence + 0.05 and candidate.mass >= 1.05 * reference.mass + 1.0
    if not (reads_vietnamese(candidate) or reads_vietnamese(reference)):
        # Neither reads as Vietnamese (a page in another language, or noise both ways): the
        # syllable share says nothing, the confidence decides.
        return surer and candidate.confidence >= reference.confidence + 0.20
    return surer and candidate.share >= reference.share + 0.05


def more_text_read(candidate: Quality, reference: Quality, vietnamese: bool = True) -> bool:
    """True when `candidate` clearly reads more of the page than `reference`: more confident
    dictionary words (for Vietnamese) or confident words (otherwise), and no noisier.

    For two readings of the same page, one cleaned and one not: a step that wiped print
    loses words, one that left noise in lowers the share and the confidence."""
    if candidate.words == 0:
        return False
    if not vietnamese:
        mine, theirs = candidate.confidence * candidate.words, reference.confidence * reference.words
        return mine >= 1.05 * theirs + 2.0 and candidate.confidence >= reference.confidence - 0.02
    return (
        candidate.mass >= 1.05 * reference.mass + 2.0
        and candidate.share >= reference.share - 0.02
        and candidate.confidence >= reference.confidence - 0.02
    ) or (
        candidate.confidence >= reference.confidence + 0.05
        and candidate.share >= reference.share + 0.05
        and candidate.mass >= reference.mass
    )
