"""Where a part's extracted fields sit on its first page: the OCR words each value was read from
and how sure OCR was of them. The review page boxes those words; a value read from words OCR was
unsure of is left empty for a person rather than shown as a guess."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from archive.classification import fold

# A field whose least sure word OCR read below this is not shown. Tesseract gives clean print
# 0.85-0.96; digits written in by hand or stamped over a seal come out at 0.1-0.45.
FIELD_CONFIDENCE = 0.5
_LONGEST = 16  # words one value may span (an issuer over two header lines)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Evidence:
    """The words of one page (indexes into its word list) that a field was read from."""

    page: int
    words: tuple[int, ...]
    confidence: float

    def to_json(self) -> dict:
        return {"page": self.page, "words": list(self.words), "confidence": round(self.confidence, 3)}


def _key(text: str) -> str:
    return _NON_ALNUM.sub("", fold(text))


def _start(key: str, target: str) -> str | None:
    """The part of a word's key that begins the target ("so45ctvks" begins "45ctvksp2" with "45ctvks")."""
    for cut in range(len(key)):
        tail = key[cut:]
        if len(tail) >= min(2, len(target)) and target.startswith(tail):
            return tail
    return None


def locate(number: int, words: list, target: str) -> Evidence | None:
    """The first run of the page's words whose letters and digits spell ``target`` (accents folded)."""
    keys = [_key(w[0]) for w in words]
    for first, key in enumerate(keys):
        spelled = _start(key, target) if key else None
        if spelled is None:
            continue
        used = [first]
        for index in range(first + 1, min(len(keys), first + _LONGEST)):
            if len(spelled) >= len(target):
                break
            if not keys[index]:
                continue
            rest = target[len(spelled) :]
            if rest.startswith(keys[index]) or keys[index].startswith(rest):
                spelled += keys[index][: len(rest)]
                used.append(index)
            else:
                break
        if spelled == target:
            return Evidence(number, tuple(used), min(float(words[i][2]) for i in used))
    return None


def date_targets(value: dt.date) -> list[str]:
    """How a date may be spelled on a header line, as letters and digits only."""
    days = {str(value.day), f"{value.day:02d}"}
    months = {str(value.month), f"{value.month:02d}"}
    return [f"ngay{d}thang{m}nam{value.year}" for d in sorted(days) for m in sorted(months)] + [
        f"ngay{d}{m}{value.year}" for d in sorted(days) for m in sorted(months)]


def field_evidence(page_number: int, words: list, fields: dict) -> dict[str, Evidence]:
    """Evidence of the number, date and issuer found among one page's words."""
    found: dict[str, Evidence] = {}
    for name in ("number", "issuer"):
        if fields.get(name):
            evidence = locate(page_number, words, _key(fields[name]))
            if evidence:
                found[name] = evidence
    if fields.get("date"):
        for target in date_targets(dt.date.fromisoformat(fields["date"])):
            evidence = locate(page_number, words, target)
            if evidence:
                found["date"] = evidence
                break
    return found


def untrusted(evidence: dict[str, Evidence]) -> list[str]:
    """The fields read from words OCR was unsure of."""
    return [name for name, e in evidence.items() if e.confidence < FIELD_CONFIDENCE]
