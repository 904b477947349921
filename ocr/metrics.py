"""Character error rate of OCR output against a reference transcription.

Both texts are NFC-normalised and every run of whitespace becomes one space before the
edit distance is taken, so line breaks and spacing do not count as errors.
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise_for_cer(text: str) -> str:
    """NFC with all whitespace collapsed to single spaces, trimmed."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (bit-parallel, Myers/Hyyrö), fast enough for whole pages."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for index, char in enumerate(b):
        peq[char] = peq.get(char, 0) | (1 << index)
    full = (1 << m) - 1
    last = 1 << (m - 1)
    vp, vn, score = full, 0, m
    for char in a:
        eq = peq.get(char, 0)
        xv = eq | vn
        xh = (((eq & vp) + vp) ^ vp) | eq
        hp = (vn | ~(xh | vp)) & full
        hn = vp & xh
        if hp & last:
            score += 1
        elif hn & last:
            score -= 1
        hp = ((hp << 1) | 1) & full
        hn = (hn << 1) & full
        vp = (hn | ~(xv | hp)) & full
        vn = hp & xv
    return score


def cer(hypothesis: str, reference: str) -> float:
    """Edit distance over reference length, after `normalise_for_cer` on both."""
    hyp, ref = normalise_for_cer(hypothesis), normalise_for_cer(reference)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(hyp, ref) / len(ref)
