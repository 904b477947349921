"""Hook-above tone marks restored where Tesseract read an acute accent over blurred print.

On a photocopy or a phone photo the hook above (dấu hỏi) of small letters looks like an acute
(dấu sắc): "VIỆN KIỂM SÁT" comes out "VIỆN KIẾM SÁT", "phúc thẩm" "phúc thấm". A syllable
read with an acute is given the hook only where, with the hook, it makes a word of a
Vietnamese dictionary (`vntext/data/vi_words.txt`) together with the syllables beside it, and as
read it makes none. The most common words ("có", "số") and capitalised syllables inside a
line (names: "Hoá") are left as read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from ocr.types import Word
from vntext import common_words, dictionary_words

_ACUTE, _HOOK = "\u0301", "\u0309"
# Dictionary words are looked for with up to this many syllables.
_LONGEST = 4
# Leading and trailing punctuation around the letters of a word as Tesseract reads it.
_SYLLABLE = re.compile(r"(\W*)(\w+?)(\W*)")


def _dictionary() -> frozenset[tuple[str, ...]]:
    return dictionary_words()


def _common() -> frozenset[str]:
    return common_words()


def restore_hooks(rows: list[list[Word]]) -> list[list[Word]]:
    """The rows of words (in reading order) with hooks restored where the dictionary says so;
    the words' boxes and confidences are kept. A row's last word and the next row's first are
    neighbours: a paragraph's words run on across its lines ("sơ" / "thấm")."""
    restored = _restore_row([w for row in rows for w in row])
    out, start = [], 0
    for row in rows:
        out.append(restored[start : start + len(row)])
        start += len(row)
    return out


def _restore_row(row: list[Word]) -> list[Word]:
    parts = [_SYLLABLE.fullmatch(w.text) for w in row]
    syllables = [p.group(2).lower() if p and p.group(2).isalpha() else None for p in parts]
    restored = list(row)
    for k, syllable in enumerate(syllables):
        if syllable is None or _ACUTE not in unicodedata.normalize("NFD", syllable) or syllable in _common():
            continue
        letters = parts[k].group(2)
        if k > 0 and syllables[k - 1] is not None and letters[:1].isupper() and not letters.isupper():
            continue  # a capitalised syllable inside a line is a name
        if _in_a_word(syllables, k):
            continue
        hooked = unicodedata.normalize("NFC", unicodedata.normalize("NFD", syllable).replace(_ACUTE, _HOOK))
        candidate = [*syllables[:k], hooked, *syllables[k + 1 :]]
        if _in_a_word(candidate, k):
            syllables[k] = hooked
            text = parts[k].group(1) + _like(hooked, letters) + parts[k].group(3)
            restored[k] = replace(row[k], text=text)
    return restored


def _in_a_word(syllables: list[str | None], k: int) -> bool:
    """True when syllable k and some of its neighbours make a dictionary word."""
    words = _dictionary()
    for size in range(2, _LONGEST + 1):
        for start in range(max(0, k - size + 1), min(k, len(syllables) - size) + 1):
            piece = syllables[start : start + size]
            if None not in piece and tuple(piece) in words:
                return True
    return False


def _like(syllable: str, model: str) -> str:
    """The syllable in the letter case of the word it replaces."""
    if model.isupper() and len(model) > 1:
        return syllable.upper()
    if model[:1].isupper():
        return syllable[:1].upper() + syllable[1:]
    return syllable
