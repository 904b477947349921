"""Text normalisation for classification: NFC, repair of OCR look-alike letters, and an
accent-folded form that keeps character positions so matches on it can be cut from the original."""

from __future__ import annotations

import re
import unicodedata

# Letters OCR engines emit that never occur in Vietnamese, mapped to the Vietnamese letter they
# stand for: U+00D0/U+00F0 (Icelandic eth) for Đ/đ, umlauts for circumflex/breve/horn letters.
_LOOKALIKES = str.maketrans(
    {
        "Ð": "Đ",
        "ð": "đ",
        "Ɖ": "Đ",
        "ɖ": "đ",
        "ö": "ô",
        "Ö": "Ô",
        "ï": "i",
        "Ï": "I",
        "ä": "ă",
        "Ä": "Ă",
        "å": "ă",
        "Å": "Ă",
        "ë": "ê",
        "Ë": "Ê",
        "ü": "ư",
        "Ü": "Ư",
        "ø": "ơ",
        "Ø": "Ơ",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\ufeff": "",
        "\u200b": "",
    }
)

_HORIZONTAL_SPACE = re.compile(r"[ \t\f\v]+")


def nfc(text: str) -> str:
    """Unicode NFC form of ``text`` (decomposed accents recomposed)."""
    return unicodedata.normalize("NFC", text)


def repair_ocr(text: str) -> str:
    """NFC text with OCR look-alike letters replaced and runs of horizontal space collapsed.

    Line breaks are kept: the layout (header lines, title lines) carries meaning.
    """
    text = nfc(nfc(text).translate(_LOOKALIKES))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))


def _fold_char(char: str) -> str:
    if char in "đĐðÐɖƉ":
        return "d" if char in "đðɖ" else "D"
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    if len(decomposed) > 1 and not unicodedata.combining(base):
        return base
    if unicodedata.combining(char):
        return " "  # a stray combining mark: keep the position, drop the mark
    return char


def _fold_table(lower: bool) -> dict[int, str]:
    table = {}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x0300, 0x0370)) + list(range(0x1E00, 0x1F00)):
        folded = _fold_char(chr(code))
        if lower and len(folded.lower()) == 1:
            folded = folded.lower()
        if folded != chr(code):
            table[code] = folded
    if lower:
        table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    return table


_FOLD_LOWER = _fold_table(lower=True)
_FOLD_KEEP_CASE = _fold_table(lower=False)


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
