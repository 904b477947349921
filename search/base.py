"""What every backend shares: the search flow (parse, scope, filters, highlight), write
retries on a busy lock, and the stored-record <-> PageEntry conversion."""

from __future__ import annotations

import datetime
import math
import time
from collections.abc import Callable, Iterable
from typing import Any

from vntext import common_words, syllable_counts

from .analyzer import analyze, query_syllables_on
from .highlight import highlight_reading
from .model import FACETS, Hit, IndexBusy, PageEntry, ResultWindowError, SearchRequest, SearchResult
from .query import And, FieldFilter, Loose, Node, Reading, date_key, read, word_spans

EXACT_BOOST = 2.0  # the exact-diacritic form outranks the folded form
FUZZY_BOOST = 0.2  # typo/OCR tolerance ranks below both
DEFAULT_LOCK_TIMEOUT = 60.0
PROXIMITY_ALWAYS = 5000  # pages: below this every adjacent pair is boosted
PROXIMITY_MAX_SHARE = 0.05  # above it, only pairs with a syllable in at most 5% of pages
# The deepest results a search returns. Engines allocate for offset + limit hits up front, so an
# unchecked offset of 2**32 is a 64 GiB allocation; nobody reads past the first pages anyway.
MAX_OFFSET = 10_000
MAX_LIMIT = 1_000
# A loose query's best candidates are re-ranked by how much of the query they hold.
RERANK_POOL = 200
# Measured on the 430 unverified ALQAC questions (the tuning set; bench/alqac_bench.py): a page's
# share of the query's syllables, each weighted by its IDF, matters less than its share of the
# query's adjacent syllable pairs standing side by side (recall@10 0.930 -> 0.956, MRR 0.840 -> 0.858).
COORD_WEIGHT = 0.5  # weight of the IDF-weighted share of query syllables on the page
PAIR_WEIGHT = 4.0  # weight of the share of adjacent query syllable pairs found side by side


def record(entry: PageEntry) -> dict[str, Any]:
    """The stored/indexed values of one page."""
    return {
        "key": f"{entry.document_id}:{entry.page}",
        "document_id": int(entry.document_id),
        "page": int(entry.page),
        "text": entry.text or "",  # analysed (and normalised) by the backend
        "case": entry.case or None,
        "unit": entry.unit or None,
        "case_kind": entry.case_kind or None,
        "doc_type": entry.doc_type or None,
        "doc_date": date_key(entry.doc_date) if entry.doc_date else None,
        "restricted": bool(entry.restricted),
        "filename": entry.filename or None,
        "number": entry.number or None,
        "issuer": entry.issuer or None,
    }


def _date(key: int | None) -> datetime.date | None:
    if not key:
        return None
    return datetime.date(key // 10000, key // 100 % 100, key % 100)


def request_filters(request: SearchRequest) -> list[FieldFilter]:
    out = []
    for attr in ("case", "unit", "case_kind", "doc_type"):
        value = getattr(request, attr)
        if value:
            out.append(FieldFilter(attr, value))
    if request.date_from or request.date_to:
        out.append(
            FieldFilter(
                "doc_date",
                None,
                date_key(request.date_from) if request.date_from else None,
                date_key(request.date_to) if request.date_to else None,
            )
        )
    return out


def result_window(request: SearchRequest) -> tuple[int, int]:
    """(limit, offset) of a request, refused when beyond MAX_LIMIT / MAX_OFFSET."""
    limit, offset = int(request.limit), int(request.offset)
    if not 0 <= limit <= MAX_LIMIT:
        raise ResultWindowError(f"Số kết quả mỗi trang phải từ 0 đến {MAX_LIMIT}")
    if not 0 <= offset <= MAX_OFFSET:
        raise ResultWindowError(f"Chỉ xem được {MAX_OFFSET} kết quả đầu tiên; hãy thu hẹp từ khóa hoặc bộ lọc")
    return limit, offset


class BaseIndex:
    """Backend-independent part of a search index. Subclasses implement the `_`-methods."""

    backend = ""
    lock_timeout = DEFAULT_LOCK_TIMEOUT

    # -- writing ------------------------------------------------------------------------------

    def write(
        self, delete_documents: Iterable[int], entries: Iterable[PageEntry], lock_timeout: float | None = None
    ) -> None:
        """Delete whole documents, then add pages (replacing any page with the same
        (document_id, page)), in one commit. Waits while another writer holds the lock."""
        deletes = sorted(set(delete_documents))
        records = {}
        for entry in entries:
            rec = record(entry)
            records[rec["key"]] = rec  # the last version of a page in a batch wins
        if not deletes and not records:
            return
        deadline = time.monotonic() + (self.lock_timeout if lock_timeout is None else lock_timeout)
        delay = 0.05
        while True:
            try:
                self._write(deletes, list(records.values()))
                return
            except IndexBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def try_write(self, delete_documents: Iterable[int], entries: Iterable[PageEntry]) -> None:
        """One attempt; raises IndexBusy at once when another writer holds the lock."""
        self.write(delete_documents, entries, lock_timeout=0)

    def add(self, entries: Iterable[PageEntry]) -> None:
        self.write((), entries)

    def delete_document(self, document_id: int) -> None:
        self.write((document_id,), ())

    def replace_document(self, document_id: int, entries: Iterable[PageEntry]) -> None:
        self.write((document_id,), entries)

    def finish_bulk(self) -> None:
        """Called once the pages of a rebuild are all added (a backend may index them then)."""

    # -- searching ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        reading = read(request.query, self._selective)
        node = reading.node
        filters: list[Node] = list(request_filters(request))
        limit, offset = result_window(request)
        if isinstance(node, Loose):
            pool = max(RERANK_POOL, offset + limit)
            total, rows, facets = self._search(node, filters, request.scope, 0, pool)
            kept = rerank(node, rows, self._idf)
            if total <= pool:  # every candidate was seen: count exactly what is kept
                total = len(kept)
                facets = {name: {} for name in FACETS}
                for _score, rec in kept:
                    for name in FACETS:
                        if rec.get(name):
                            facets[name][rec[name]] = facets[name].get(rec[name], 0) + 1
            rows = kept[offset : offset + limit]
        else:
            total, rows, facets = self._search(node, filters, request.scope, offset, limit)
        hits = []
        for n, (score, rec) in enumerate(rows):
            if request.snippets is None or n < request.snippets:
                snippet, terms, marked = highlight_reading(rec["text"], reading)
            else:
                snippet, terms, marked = "", [], None
            hits.append(
                Hit(
                    document_id=rec["document_id"],
                    page=rec["page"],
                    score=float(score),
                    case=rec.get("case"),
                    doc_type=rec.get("doc_type"),
                    snippet=snippet,
                    terms=terms,
                    marked=marked,
                    unit=rec.get("unit"),
                    case_kind=rec.get("case_kind"),
                    doc_date=_date(rec.get("doc_date")),
                    filename=rec.get("filename"),
                    number=rec.get("number"),
                    issuer=rec.get("issuer"),
                )
            )
        texts = [rec["text"] for _score, rec in rows[:SUGGESTION_PAGES]]
        return SearchResult(total=total, hits=hits, facets=facets, suggestions=suggestions(reading, texts))

    def _selective(self, folded_word: str) -> bool:
        """True when the syllable is in few enough pages to make a proximity boost cheap."""
        total = self.count()
        return total <= PROXIMITY_ALWAYS or self._doc_freq(folded_word) <= PROXIMITY_MAX_SHARE * total

    def _doc_freq(self, folded_word: str) -> int:
        raise NotImplementedError

    def _idf(self, folded_word: str) -> float:
        """BM25's inverse document frequency of a folded syllable in this index."""
        total, found = self.count(), self._doc_freq(folded_word)
        return math.log((total - found + 0.5) / (found + 0.5) + 1)

    def _search(self, node: Node, filters: list[Node], scope, offset: int, limit: int):
        raise NotImplementedError

    def _write(self, deletes: list[int], records: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    @staticmethod
    def split_and(node: Node) -> list[Node]:
        return list(node.items) if isinstance(node, And) else [node]


SUGGESTION_PAGES = 10  # the best pages whose words give an accentless query's accented readings


def rerank(node: Loose, rows: list, idf: Callable[[str], float]) -> list:
    """Candidates of a loose query holding at least min_match of its content syllables, ranked
    by engine score times a coordination factor (IDF-weighted share of the query's syllables on
    the page) and a proximity factor (share of adjacent query syllable pairs side by side)."""
    query = [t.folded for t in node.items]
    content = {t.folded for t in node.items if t.text not in common_words()} or set(query)
    weights = {w: idf(w) for w in set(query)}
    whole = sum(weights.values()) or 1.0
    pairs = set(zip(query, query[1:], strict=False))
    out = []
    for score, rec in rows:
        present, side_by_side = query_syllables_on(rec["text"], set(query), pairs)
        if len(present & content) < node.min_match:
            continue
        coord = sum(weights[w] for w in present) / whole
        near = len(side_by_side) / len(pairs) if pairs else 0.0
        out.append((score * (1 + COORD_WEIGHT * coord) * (1 + PAIR_WEIGHT * near), rec))
    out.sort(key=lambda row: -row[0])
    return out


def suggestions(reading: Reading, texts: list[str], top: int = 3) -> list[str]:
    """Accented readings of an accentless query, as they stand on the best hits' pages ("bi can" ->
    "bị can"): each dictionary word of the query is read as its syllables stand side by side on a
    page, each other syllable as its most frequent accented form there (ties broken by how common
    the syllable is in statute text), so "toi gi" reads "tội gì" in a case file, never "tôi" taken
    from elsewhere on the page."""
    leaves = [leaf for leaf in reading.leaves if hasattr(leaf, "folded") and not getattr(leaf, "identifier", False)]
    if not leaves or any(leaf.text != leaf.folded for leaf in leaves) or not texts:
        return []
    query = [leaf.folded for leaf in leaves]
    pages = [analyze(text) for text in texts]
    seen: list[dict[str, int]] = []
    for a, b in _segments(query):
        forms = _forms_on(pages, query[a:b])
        if not forms and b - a > 1:  # the word is nowhere whole: its syllables as they stand
            seen.extend(_forms_on(pages, query[j : j + 1]) for j in range(a, b))
        else:
            seen.append(forms)
    if not all(seen):
        return []
    common = syllable_counts()
    ranked = [sorted(forms, key=lambda f: (-forms[f], -sum(common.get(s, 0) for s in f.split()), f)) for forms in seen]
    readings = [[r[0] for r in ranked]]
    # the runners-up: one segment read its second way, when that is nearly as common
    for k, forms in enumerate(ranked):
        for other in [f for f in forms[1:2] if 2 * seen[k][f] >= seen[k][forms[0]]]:
            readings.append([other if j == k else r[0] for j, r in enumerate(ranked)])
    typed = " ".join(leaf.text for leaf in leaves)
    out = []
    for words in readings:
        text = " ".join(words)
        if text != typed and text not in out:
            out.append(text)
    return out[:top]


def _forms_on(pages: list, want: list[str]) -> dict[str, int]:
    """How often each accented form of the folded syllables `want` stands side by side on the pages."""
    forms: dict[str, int] = {}
    for page in pages:
        for i in range(len(page.folded) - len(want) + 1):
            if page.folded[i] == want[0] and page.folded[i : i + len(want)] == want:
                form = " ".join(page.words[i : i + len(want)])
                forms[form] = forms.get(form, 0) + 1
    return forms


def _segments(folded: list[str]) -> list[tuple[int, int]]:
    """[start, end) spans of the query: its dictionary words, and each other syllable alone."""
    out, i = [], 0
    for a, b in word_spans(folded):
        out.extend((j, j + 1) for j in range(i, a))
        out.append((a, b))
        i = b
    out.extend((j, j + 1) for j in range(i, len(folded)))
    return out
