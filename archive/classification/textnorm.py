"""Text normalisation for classification: NFC, repair of OCR look-alike letters, and an
accent-folded form that keeps character positions so matches on it can be cut from the original."""

from __future__ import annotations

import re

from vntext import LETTER_LOOKALIKES, PUNCTUATION, fold_table, nfc

# The shared Vietnamese rules (look-alike letters, space and dash variants), plus typographic quotes
# as plain ones so cue patterns need not list both.
_LOOKALIKES = str.maketrans(
    LETTER_LOOKALIKES | PUNCTUATION | {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)

_HORIZONTAL_SPACE = re.compile(r"[ \t\f\v]+")


def repair_ocr(text: str) -> str:
    """NFC text with OCR look-alike letters replaced and runs of horizontal space collapsed.

    Line breaks are kept: the layout (header lines, title lines) carries meaning.
    """
    text = nfc(nfc(text).translate(_LOOKALIKES))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))


_FOLD_LOWER = fold_table(lower=True)
_FOLD_KEEP_CASE = fold_table(lower=False)


def fold_aligned(text: str, lower: bool = True) -> str:
    """Accent-folded copy of ``text`` with exactly one output character per input character.

    ``đ`` becomes ``d`` and every precomposed letter its base letter, so a regex match on the folded
    text at ``[i:j]`` corresponds to ``text[i:j]`` in the original. Letters outside Latin are kept.
    """
    return text.translate(_FOLD_LOWER if lower else _FOLD_KEEP_CASE)


def fold(text: str) -> str:
    """Lower-case, accent-free form of repaired ``text`` for cue matching tolerant of lost accents."""
    return fold_aligned(repair_ocr(text))


def uppercase_ratio(line: str) -> float:
    """Share of the letters in ``line`` that are upper case (0 when it has no letters)."""
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)
