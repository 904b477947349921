"""Finding a case as people type it: by code, title or the name of someone in its file, accents optional.

Text is folded the way the search index folds it (`search.fold`: no tone marks, đ as d), so "nghiem"
finds "Nghiêm" and "ĐD-12" finds "DD-12". Every word typed must appear in the case's code, its title or
the name of one of the people its documents name; a case whose own text matches with the accents as typed
ranks above one that matches only once folded. Only the cases the person may see are ever considered.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from archive.records.models import Case, Document, DocumentPart
from archive.trust.access import Visibility
from search import fold

MAX_RESULTS = 50
_WORDS = re.compile(r"[^\s,;]+")


@dataclass(frozen=True)
class Found:
    """A matching case: its id, how well it matched (higher is better) and the person whose name matched."""

    case_id: int
    score: float
    person: dict | None = None


def _folded(text: str) -> str:
    return fold(text or "").casefold()


def _exact(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").casefold()


def query_words(q: str) -> list[str]:
    return _WORDS.findall(unicodedata.normalize("NFC", q or "").strip())[:12]


def _people(session, vis: Visibility) -> dict[int, list[dict]]:
    """The people named in the visible cases' documents (by the part's own case, else the upload's before it
    is split), by case id."""
    found: dict[int, list[dict]] = {}

    def add(case_id, people) -> None:
        for person in people if isinstance(people, list) else []:
            if isinstance(person, dict) and person.get("name"):
                names = found.setdefault(case_id, [])
                if all(p["name"] != person["name"] for p in names):
                    names.append({"name": str(person["name"]), "role": str(person.get("role") or "")})

    parts = (
        select(DocumentPart.case_id, DocumentPart.fields["people"])
        .join(Case, Case.id == DocumentPart.case_id)
        .where(vis.case_condition())
    )
    for case_id, people in session.execute(parts):
        add(case_id, people)
    unsplit = (
        select(Document.case_id, Document.fields["people"])
        .join(Case, Case.id == Document.case_id)
        .where(vis.case_condition(), ~Document.parts.any())
    )
    for case_id, people in session.execute(unsplit):
        add(case_id, people)
    return found


def _score(words: list[str], code: str, title: str) -> tuple[float, list[str]]:
    """Points for the words found in the code and title, and the words left for people's names."""
    code_exact, code_folded = _exact(code), _folded(code)
    title_exact, title_folded = _exact(title), _folded(title)
    score, left = 0.0, []
    for word in words:
        exact, folded = _exact(word), _folded(word)
        if code_folded.startswith(folded):
            score += 6 + (1 if code_exact.startswith(exact) else 0)
        elif folded in code_folded:
            score += 4 + (1 if exact in code_exact else 0)
        elif exact in title_exact:
            score += 3
        elif folded in title_folded:
            score += 2
        else:
            left.append(word)
    return score, left


def _person_match(words: list[str], people: list[dict]) -> tuple[float, dict | None]:
    """Whether one person's name holds every remaining word (exact accents count more)."""
    best: tuple[float, dict | None] = (0.0, None)
    for person in people:
        name_exact, name_folded = _exact(person["name"]), _folded(person["name"])
        if all(_folded(w) in name_folded for w in words):
            score = sum(1.5 if _exact(w) in name_exact else 1.0 for w in words)
            if score > best[0]:
                best = (score, person)
    return best


def find_cases(session, vis: Visibility, q: str, limit: int | None = MAX_RESULTS) -> list[Found]:
    """The visible cases matching what was typed, best first (then the most recently registered)."""
    words = query_words(q)
    if not words:
        return []
    rows = session.execute(
        select(Case.id, Case.code, Case.title)
        .where(vis.case_condition())
        .order_by(Case.registered_on.desc().nulls_last(), Case.id.desc())
    ).all()
    matched: list[Found] = []
    waiting: dict[int, tuple[float, list[str]]] = {}
    for order, (case_id, code, title) in enumerate(rows):
        score, left = _score(words, code, title)
        recency = 1 - order / (len(rows) + 1)  # ties go to the newer case
        if not left:
            matched.append(Found(case_id, score + recency))
        else:
            waiting[case_id] = (score + recency, left)
    if waiting:
        people = _people(session, vis)
        for case_id, (score, left) in waiting.items():
            extra, person = _person_match(left, people.get(case_id, []))
            if person is not None:
                matched.append(Found(case_id, score + extra, person))
    matched.sort(key=lambda f: -f.score)
    return matched if limit is None else matched[:limit]
