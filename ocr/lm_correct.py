"""Fix words that read as no Vietnamese by the syllable model: for a word that is not a known
syllable, try a bounded set of look-alike edits (tone marks, `Đ`/`D`, `ö`→`ô`, `0`→`o`, `1`→`l`,
`rn`→`m`) and keep the one the model scores clearly best in its line, if it is itself a known
syllable. A known syllable is never rewritten; identifiers (digits, slashes, hyphens) are left alone."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from ocr.language_model import model
from ocr.types import Word
from vntext import syllables

TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
SWAPS = (("đ", "d"), ("d", "đ"), ("ö", "ô"), ("0", "o"), ("1", "l"), ("rn", "m"), ("ơ", "ớ"))
MARGIN = 2.0  # natural-log units: the candidate must be this much likelier in its line
_WORD = re.compile(r"^(\W*)([^\W_]+|[^\W_]*[01][^\W_]*)(\W*)$")


def _known(syllable: str) -> bool:
    return syllable.lower() in syllables()


def _tone_variants(syllable: str) -> set[str]:
    decomposed = unicodedata.normalize("NFD", syllable)
    bare = "".join(c for c in decomposed if c not in TONES[1:])
    out = set()
    for i, c in enumerate(bare):
        if c.lower() in "aeiouy":
            for tone in TONES:
                j = i + 1
                while j < len(bare) and unicodedata.combining(bare[j]):
                    j += 1
                out.add(unicodedata.normalize("NFC", bare[:j] + tone + bare[j:]))
    return out


def candidates(syllable: str) -> set[str]:
    lower = syllable.lower()
    found = {lower.replace(a, b) for a, b in SWAPS if a in lower}
    found |= {v for c in list(found) + [lower] for v in _tone_variants(c)}
    found.discard(lower)
    return {c for c in found if _known(c)}


def _core(text: str) -> tuple[str, str, str] | None:
    m = _WORD.match(unicodedata.normalize("NFC", text))
    if not m or any(ch.isdigit() for ch in m.group(2).replace("0", "").replace("1", "")):
        return None
    if not m.group(2) or (len(m.group(2)) > 1 and m.group(2).isupper() and "0" not in m.group(2)):
        return None  # acronyms such as VKS belong to the field grammar
    return m.group(1), m.group(2), m.group(3)


def _cased(model_word: str, like: str) -> str:
    if like[:1].isupper() and (len(like) == 1 or like[1:].islower()):
        return model_word[:1].upper() + model_word[1:]
    return model_word.upper() if like.isupper() and len(like) > 1 else model_word


def correct_row(row: list[Word], max_conf: float = 1.0) -> list[Word]:
    """The row with each unknown word the engine was less sure of than `max_conf` replaced by
    its look-alike the model finds clearly likelier between its neighbours."""
    parts = [_core(w.text) if w.conf < max_conf else None for w in row]
    syllables = [p[1].lower() if p else "" for p in parts]
    out = list(row)
    for k, part in enumerate(parts):
        if part is None or not part[1] or _known(part[1]) or not any(c.isalpha() for c in part[1]):
            continue
        if k > 0 and part[1][:1].isupper() and not part[1].isupper():
            continue  # a capitalised syllable inside a row is a name's: "Thoài" is not "Thoại"
        options = candidates(part[1])
        if not options:
            continue

        def around(word: str, k: int = k) -> float:
            window = [s for s in syllables[max(k - 1, 0) : k] if s] + [word]
            window += [s for s in syllables[k + 1 : k + 2] if s]
            return model().score(window)

        best = max(sorted(options), key=around)
        if around(best) >= around(syllables[k]) + MARGIN:
            lead, core, tail = part
            out[k] = dataclasses.replace(row[k], text=lead + _cased(best, core) + tail)
            syllables[k] = best
    return out


def correct(rows: list[list[Word]], max_conf: float = 1.0) -> list[list[Word]]:
    return [correct_row(row, max_conf) for row in rows]
