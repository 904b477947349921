"""The one table of Vietnamese text rules: NFC, OCR look-alike letters, space and dash variants,
and accent folding. OCR output, the classifier and the search analyzer all apply these, so a
word reads the same in every one of them."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters OCR engines emit that never occur in Vietnamese, mapped to the Vietnamese letter they stand
# for: eth and African D for Đ; a diaeresis for the circumflex (ö ô, ë ê, ä â), a ring for the breve
# (å ă), ü for ư and ø for ơ (the horn), ï for i. One letter for one letter, so offsets are kept.
LETTER_LOOKALIKES: dict[str, str] = {
    "Ð": "Đ",
    "ð": "đ",
    "Ɖ": "Đ",
    "ɖ": "đ",
    "ö": "ô",
    "Ö": "Ô",
    "ë": "ê",
    "Ë": "Ê",
    "ä": "â",
    "Ä": "Â",
    "å": "ă",
    "Å": "Ă",
    "ü": "ư",
    "Ü": "Ư",
    "ø": "ơ",
    "Ø": "Ơ",
    "ï": "i",
    "Ï": "I",
}
# Space and dash variants as one space and one hyphen; invisible characters dropped; ligatures spelled.
PUNCTUATION: dict[str, str] = {
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\ufeff": "",
    "\u200b": "",
    "\ufb01": "fi",
    "\ufb02": "fl",
}
LETTERS = str.maketrans(LETTER_LOOKALIKES)
_REPAIR = str.maketrans(LETTER_LOOKALIKES | PUNCTUATION)


def nfc(text: str) -> str:
    """Unicode NFC form of ``text`` (decomposed accents recomposed)."""
    return unicodedata.normalize("NFC", text)


def repair(text: str) -> str:
    """NFC text with look-alike letters and space/dash variants replaced (the length may change)."""
    return nfc(nfc(text).translate(_REPAIR))


def repair_letters(text: str) -> str:
    """NFC text with look-alike letters replaced, one for one: offsets into the NFC text stay valid."""
    return nfc(text).translate(LETTERS)


def _fold_char(char: str) -> str:
    char = LETTER_LOOKALIKES.get(char, char)
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    if len(decomposed) > 1 and not unicodedata.combining(base) and base.isascii():
        return base
    if unicodedata.combining(char):
        return " "  # a stray combining mark: keep the position, drop the mark
    return char


def fold_table(lower: bool = False) -> dict[int, str]:
    """A ``str.translate`` table folding accents one character for one: ``đ`` → ``d``, every
    precomposed Latin letter to its base letter, a stray combining mark to a space."""
    table = {}
    ranges = list(range(0x00C0, 0x0250)) + list(range(0x0300, 0x0370)) + list(range(0x1E00, 0x1F00))
    for code in ranges:
        folded = _fold_char(chr(code))
        if lower and len(folded.lower()) == 1:
            folded = folded.lower()
        if folded != chr(code):
            table[code] = folded
    if lower:
        table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    return table


# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")


def _tone_target(base: str) -> int | None:
    """Index of the vowel that carries the tone in a tone-less lowercase syllable."""
    n = len(base)
    i = 0
    while i < n and base[i] not in _VOWELS:
        i += 1
    if i == n:
        return None
    j = i
    while j < n and base[j] in _VOWELS:
        j += 1
    # "qu" and "gi" before another vowel: the u/i belongs to the initial consonant.
    if i > 0 and j - i > 1 and ((base[i - 1] == "q" and base[i] == "u") or (base[i - 1] == "g" and base[i] == "i")):
        i += 1
    marked = [k for k in range(i, j) if base[k] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # ươ carries it on ơ, uyê on ê, ưu on ư
    if j - i == 1:
        return i
    if j < n:  # closed syllable: the last vowel (hoàng, huỳnh, toán)
        return j - 1
    if j - i >= 3:  # ngoài, khuỷu, xoáy
        return i + 1
    if base[i:j] in ("oa", "oe", "uy"):  # hoà / hòa, khoẻ / khỏe, thuỷ / thủy -> the newer placement
        return i + 1
    return i  # mía, múa, tài, cháu, gửi, mưa


@lru_cache(maxsize=200_000)
def unify_tone(word: str) -> str:
    """Move the tone mark of one syllable to its canonical vowel (hòa -> hoà, qúy -> quý)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    target = _tone_target(base.lower())
    if target is None:
        return word
    out = unicodedata.normalize("NFC", base[: target + 1] + tones[0] + base[target + 1 :])
    return out if len(out) == len(word) else word  # keep offsets stable
