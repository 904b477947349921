"""Which words of a page a query matched, and the HTML snippet shown for a hit (hits marked,
citizen ID and phone numbers masked). Shared by every backend so they highlight alike."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache

from .analyzer import lower_and_fold, normalize, prepare, word_forms
from .query import Phrase, Prefix, Reading, Term, TextLeaf

SNIPPET_CHARS = 240
_LEAD_CHARS = 50

# 12-digit citizen ID numbers; Vietnamese phone numbers (0 or +84, 9-10 more digits, optional
# separators), including landlines such as (024) 3825 1234.
_PERSONAL_RE = re.compile(
    r"(?<![\d])(?:\d{12}|\d{9}"
    r"|(?:\+84|\(?0)\d{1,3}\)?(?:[ .\-]?\d){6,9})(?![\d])"
)


_NUMBER_RUN_RE = re.compile(r"[\d(+][\d .()\-]{7,}")


def personal_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of citizen ID numbers and phone numbers in `text`."""
    out = []
    for run in _NUMBER_RUN_RE.finditer(text):  # cheap scan for long runs of digits first
        out += [m.span() for m in _PERSONAL_RE.finditer(text, run.start(), run.end())]
    return out


def within_distance(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most `limit` (the distance both engines use)."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


_WORD_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=100_000)
def _near(word: str, target: str, limit: int) -> bool:
    return abs(len(word) - len(target)) <= limit and within_distance(word, target, limit)


# Python's regex engine scans fast only for patterns that start with a literal, so every pattern
# below starts with the query's own (folded) text and the left word boundary is checked by hand.
_NOT_WORD_AFTER = r"(?![^\W_])"
_SPLIT = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~…–—“”‘’«»•·"})


@lru_cache(maxsize=4096)
def _leaf_pattern(leaf: TextLeaf) -> re.Pattern:
    if isinstance(leaf, Phrase):
        return re.compile(r"[\W_]+".join(re.escape(w.folded) for w in leaf.words) + _NOT_WORD_AFTER)
    if isinstance(leaf, Prefix):
        return re.compile(re.escape(leaf.folded) + r"[^\W_]*")
    if leaf.identifier:  # stray spaces around "/" allowed, as the analyzer allows them
        body = r"[ \t]{0,2}/[ \t]{0,2}".join(re.escape(part) for part in leaf.folded.split("/"))
        return re.compile(body + r"(?![^\W_]|-[^\W_]|[ \t]{0,2}/[ \t]{0,2}[^\W_])")
    return _word_pattern(leaf.folded)


@lru_cache(maxsize=16384)
def _word_pattern(folded_word: str) -> re.Pattern:
    return re.compile(re.escape(folded_word) + _NOT_WORD_AFTER)


def _starts_word(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum())


def find_matches(text: str, leaves: Sequence[TextLeaf]) -> list[tuple[int, int, str, int]]:
    """Matches of the query's text leaves in a page's prepared text: (start, end, matched text,
    leaf index), as the engines match them on the analyzer's syllables. The matched text is
    the page's own analysed form; for a phrase the syllables joined by single spaces; for an
    identifier the identifier without spaces."""
    low, folded = lower_and_fold(text)
    out: list[tuple[int, int, str, int]] = []
    vocabulary: set[str] | None = None
    for li, leaf in enumerate(leaves):
        patterns = [_leaf_pattern(leaf)]
        if isinstance(leaf, Term) and leaf.fuzzy:  # plus every syllable within the edit distance
            if vocabulary is None:
                vocabulary = set(folded.translate(_SPLIT).split())
            patterns += [_word_pattern(w) for w in vocabulary if w != leaf.folded and _near(w, leaf.folded, leaf.fuzzy)]
        for pattern in patterns:
            for m in pattern.finditer(folded):
                s, e = m.span()
                if not _starts_word(folded, s):
                    continue
                if isinstance(leaf, Phrase):
                    found = " ".join(word_forms(w)[0] for w in _WORD_RE.findall(low, s, e))
                elif isinstance(leaf, Term) and leaf.identifier:
                    found = normalize(re.sub(r"[ \t]+", "", low[s:e]))
                else:
                    found = word_forms(low[s:e])[0]
                out.append((s, e, found, li))
    out.sort()
    return out


def matched_terms(matches: Sequence[tuple[int, int, str, int]]) -> list[str]:
    seen: dict[str, None] = {}
    for _s, _e, text, _li in matches:
        seen.setdefault(text, None)
    return list(seen)


def make_snippet(text: str, matches: Sequence[tuple[int, int, str, int]], size: int = SNIPPET_CHARS) -> str:
    """HTML snippet of `text` (prepared) around the densest group of matches."""
    if matches:
        # sliding window: the start that covers the most distinct leaves, then the most matches
        best_start, best_score = matches[0][0], (-1, -1)
        per_leaf: dict[int, int] = {}
        j = 0
        for i, (start, _e, _t, _l) in enumerate(matches):
            while j < len(matches) and matches[j][1] <= start + size:
                per_leaf[matches[j][3]] = per_leaf.get(matches[j][3], 0) + 1
                j += 1
            score = (len(per_leaf), j - i)
            if score > best_score:
                best_start, best_score = start, score
            leaf = matches[i][3]
            if i < j:
                per_leaf[leaf] -= 1
                if not per_leaf[leaf]:
                    del per_leaf[leaf]
        lo = max(0, best_start - _LEAD_CHARS)
    else:
        lo = 0
    hi = min(len(text), lo + size)
    if hi - lo < size:
        lo = max(0, hi - size)
    # snap to word boundaries
    if lo > 0:
        space = text.rfind(" ", max(0, lo - 15), lo + 1)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.find(" ", hi, hi + 15)
        hi = space if space >= 0 else hi
    marks: list[tuple[int, int]] = []
    for s, e, _t, _l in matches:  # one <mark> over consecutive hits: <mark>bị can Nguyễn</mark>
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        if marks and (s <= marks[-1][1] or text[marks[-1][1] : s].isspace()):
            marks[-1] = (marks[-1][0], max(e, marks[-1][1]))
        else:
            marks.append((s, e))
    margin = 20  # a number cut by the window edge is still recognised and masked
    base = max(0, lo - margin)
    masks = [
        (max(s + base, lo), min(e + base, hi))
        for s, e in personal_spans(text[base : hi + margin])
        if e + base > lo and s + base < hi
    ]
    return _render(text, lo, hi, marks, masks)


def _render(text: str, lo: int, hi: int, marks: list[tuple[int, int]], masks: list[tuple[int, int]]) -> str:
    cuts = sorted({lo, hi, *(x for span in marks + masks for x in span if lo < x < hi)})
    parts: list[str] = ["…"] if lo > 0 else []
    for a, b in zip(cuts, cuts[1:], strict=False):
        chunk = text[a:b]
        if any(s <= a < e for s, e in masks):
            chunk = _DIGIT_RE.sub("•", chunk)
        chunk = html.escape(chunk, quote=False).replace("\n", " ")
        if any(s <= a < e for s, e in marks):
            chunk = f"<mark>{chunk}</mark>"
        parts.append(chunk)
    if hi < len(text):
        parts.append("…")
    return "".join(parts).replace("</mark><mark>", "")


_DIGIT_RE = re.compile(r"\d")


def highlight(text: str, leaves: Sequence[TextLeaf]) -> tuple[str, list[str]]:
    """(snippet, matched terms) of a page for the query's positive text leaves."""
    text = prepare(text)
    matches = find_matches(text, leaves) if leaves else []
    return make_snippet(text, matches), matched_terms(matches)


def reading_matches(text: str, reading: Reading) -> list[tuple[int, int, str, int]]:
    """Matches of a read query on prepared text: a dictionary word of the query is marked as
    the word where the page holds it, and then its syllables are not marked alone; function
    words of a loose query are marked only inside a word."""
    return _every_and_marked(text, reading)[1]


def _every_and_marked(text: str, reading: Reading) -> tuple[list, list]:
    """(every match of the query's leaves and words, the ones reading_matches marks)."""
    leaves = list(reading.leaves)
    words = [w for w, _idx in reading.words]
    matches = find_matches(text, leaves + words) if leaves else []
    if not reading.words and not reading.common:
        return matches, matches
    found_words = {m[3] - len(leaves) for m in matches if m[3] >= len(leaves)}
    hidden = set(reading.common)
    for k, (word, idx) in enumerate(reading.words):
        # an accentless word is only ever marked whole: its lone syllables are other words
        if k in found_words or all(t.text == t.folded for t in word.words):
            hidden.update(idx)
    return matches, [m for m in matches if m[3] >= len(leaves) or m[3] not in hidden]


def highlight_reading(text: str, reading: Reading) -> tuple[str, list[str], list[str]]:
    """(snippet, every matched term, the terms to mark) of a page for a read query: the
    marked ones follow reading_matches, the full list also names the syllables of a word."""
    text = prepare(text)
    every, marked = _every_and_marked(text, reading)
    if not reading.words:
        every = marked
    return make_snippet(text, marked), matched_terms(every), matched_terms(marked)
