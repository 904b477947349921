"""Where a part's extracted fields sit on its pages: the OCR words each value was read from and
how sure OCR was of them. The review page boxes those words; a value read from words OCR was
unsure of is left empty for a person rather than shown as a guess."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from archive.classification import fold

# A field whose least sure word OCR read below this is not shown. Tesseract gives clean print
# 0.85-0.96; digits written in by hand or stamped over a seal come out at 0.1-0.45.
FIELD_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Evidence:
    """The words of one page (indexes into its word list) that a value was read from."""

    page: int
    words: tuple[int, ...]
    confidence: float

    def to_json(self) -> dict:
        return {"page": self.page, "words": list(self.words), "confidence": round(self.confidence, 3)}


_DIGIT_LOOKALIKES = str.maketrans({"o": "0", "l": "1", "i": "1"})


def _key(token: str) -> str:
    """A token as the identifier grammar repairs it, so a repaired value still finds the words it was read
    from: letters read for digits inside a number (``o5`` is ``05``), a letter read twice (``qddst``)."""
    if any(c.isdigit() for c in token):
        token = token.translate(_DIGIT_LOOKALIKES)
    return re.sub(r"(.)\1+", r"\1", token)


def tokens(text: str) -> list[str]:
    """Letters-and-digits runs of a text, accents folded and keyed: how a value is matched against the words."""
    return [_key(token) for token in re.findall(r"[0-9a-z]+", fold(text))]


def date_forms(value: dt.date) -> list[list[str]]:
    """How a date may be written on a page, as token sequences ("ngày 5 tháng 3 năm 2024", 05/03/2024)."""
    forms = []
    for day in sorted({str(value.day), f"{value.day:02d}"}):
        for month in sorted({str(value.month), f"{value.month:02d}"}):
            forms += [[day, "thang", month, "nam", str(value.year)], [day, month, str(value.year)]]
    return forms


def _streams(pages) -> list[tuple[object, list[tuple[str, int]]]]:
    """Each page (objects with ``number`` and ``words``: [text, box, conf]) with its words' tokens, in order."""
    return [
        (page, [(token, index) for index, word in enumerate(page.words or []) for token in tokens(str(word[0]))])
        for page in pages
    ]


def find(pages, sought: list[list[str]], streams=None) -> Evidence | None:
    """The first place on these pages where one of the token sequences is read (``streams``: the
    pages' tokens when several values are looked for on the same pages)."""
    for page, stream in streams if streams is not None else _streams(pages):
        found = [token for token, _ in stream]
        for wanted in sought:
            if not wanted:
                continue
            for start in range(len(found) - len(wanted) + 1):
                if found[start : start + len(wanted)] == wanted:
                    indexes = tuple(sorted({index for _, index in stream[start : start + len(wanted)]}))
                    return Evidence(page.number, indexes, min(float(page.words[i][2]) for i in indexes))
    return None


def field_evidence(pages, fields: dict) -> dict[str, Evidence]:
    """Evidence of the number, date and issuer among these pages' words (fields found nowhere are left out)."""
    streams = _streams(pages)
    sought = {name: [tokens(fields[name])] for name in ("number", "issuer") if fields.get(name)}
    if fields.get("date"):
        try:
            sought["date"] = date_forms(dt.date.fromisoformat(fields["date"]))
        except (TypeError, ValueError):
            pass
    found = {name: find(pages, forms, streams) for name, forms in sought.items()}
    return {name: evidence for name, evidence in found.items() if evidence}


def people_evidence(pages, people: list) -> list[Evidence | None]:
    """Evidence of each person's name, in order (None where the name is not read as written)."""
    streams = _streams(pages)
    return [
        find(pages, [tokens(person.get("name") or "")], streams) if isinstance(person, dict) else None
        for person in people or []
    ]


def untrusted(evidence: dict[str, Evidence]) -> list[str]:
    """The fields read from words OCR was unsure of."""
    return [name for name, e in evidence.items() if e.confidence < FIELD_CONFIDENCE]
