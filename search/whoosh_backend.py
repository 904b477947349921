"""Whoosh index backend: the shared analyzer as a Whoosh Tokenizer, the query tree compiled
to Whoosh queries, scope applied with Require so it filters without scoring."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import Token as WToken
from whoosh.analysis import Tokenizer
from whoosh.fields import BOOLEAN, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.writing import CLEAR

from .analyzer import analyze
from .base import EXACT_BOOST, FUZZY_BOOST, BaseIndex
from .model import FACETS, IndexBusy, IndexNeedsRebuild, Scope
from .query import (
    PROXIMITY_BOOST,
    WORD_BOOST,
    All,
    And,
    FieldFilter,
    Loose,
    Node,
    Not,
    Nothing,
    Or,
    Phrase,
    Prefix,
    Term,
)


class VietnameseTokenizer(Tokenizer):
    """Feeds the shared analyzer's output to Whoosh: exact syllables ("words"), folded
    syllables ("folded") or whole identifiers ("ids"); positions are the analyzer's."""

    def __init__(self, part: str = "words"):
        self.part = part

    def __eq__(self, other):
        return type(other) is type(self) and other.part == self.part

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = WToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        for pos, text in enumerate(getattr(analyze(value), self.part)):
            t.text = text
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            yield t


def make_schema() -> Schema:
    return Schema(
        key=ID(unique=True),
        document_id=NUMERIC(int, bits=64, stored=True, signed=True),
        page=NUMERIC(int, stored=True),
        text=TEXT(analyzer=VietnameseTokenizer("words"), phrase=True, stored=True),
        folded=TEXT(analyzer=VietnameseTokenizer("folded"), phrase=True),
        ids=TEXT(analyzer=VietnameseTokenizer("ids"), phrase=False),
        case=ID(stored=True, sortable=True),
        unit=ID(stored=True, sortable=True),
        case_kind=ID(stored=True, sortable=True),
        doc_type=ID(stored=True, sortable=True),
        doc_date=NUMERIC(int, stored=True),
        restricted=BOOLEAN(stored=True),
        filename=STORED(),
        number=STORED(),
        issuer=STORED(),
    )


class WhooshIndex(BaseIndex):
    backend = "whoosh"

    def __init__(self, path: Path, create: bool = False):
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            if create:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ix = windex.create_in(str(self.path), make_schema())
            else:
                self._ix = windex.open_dir(str(self.path))
                expected = set(make_schema().names())
                if set(self._ix.schema.names()) != expected:
                    raise IndexNeedsRebuild("whoosh schema differs from this version")
            self._searcher = self._ix.searcher()
            self._searcher.doc_count()
        except IndexNeedsRebuild:
            raise
        except Exception as exc:  # unreadable TOC, missing segment files, bad pickles
            raise IndexNeedsRebuild(f"whoosh index unreadable: {exc!r}") from exc

    # -- writing ------------------------------------------------------------------------------

    def _write(self, deletes: list[int], records: list[dict[str, Any]]) -> None:
        try:
            writer = self._ix.writer(timeout=0.0, limitmb=256)
        except windex.LockError as exc:
            raise IndexBusy("whoosh index is locked by another writer") from exc
        try:
            for doc_id in deletes:
                writer.delete_by_query(wq.NumericRange("document_id", doc_id, doc_id))
            for rec in records:
                fields = {k: v for k, v in rec.items() if v is not None}
                fields["text"] = fields["folded"] = fields["ids"] = analyze(rec["text"]).text
                writer.update_document(**fields)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    def clear(self) -> None:
        with self._lock:
            try:
                writer = self._ix.writer(timeout=self.lock_timeout)
            except windex.LockError as exc:
                raise IndexBusy("whoosh index is locked by another writer") from exc
            writer.commit(mergetype=CLEAR)

    def _refresh(self) -> None:
        # Searcher.refresh() fails when the previous reader was empty, so open a new one.
        if not self._searcher.up_to_date():
            old, self._searcher = self._searcher, self._ix.searcher()
            old.close()

    def _doc_freq(self, folded_word: str) -> int:
        with self._lock:
            return self._searcher.doc_frequency("folded", folded_word)

    def count(self) -> int:
        with self._lock:
            self._refresh()
            return self._searcher.doc_count()

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    def optimize(self) -> None:
        writer = self._ix.writer(timeout=self.lock_timeout)
        writer.commit(optimize=True)

    # -- searching ----------------------------------------------------------------------------

    def _search(self, node: Node, filters: list[Node], scope: Scope, offset: int, limit: int):
        q = _compile(node)
        constraints = [_compile(f) for f in filters]
        scope_q = _scope(scope)
        if scope_q is not None:
            constraints.append(scope_q)
        if constraints:
            q = wq.Require(q, constraints[0] if len(constraints) == 1 else wq.And(constraints))
        facets = sorting.Facets()
        for name in FACETS:
            facets.add_field(name, allow_overlap=False)
        with self._lock:
            try:
                self._refresh()
                results = self._searcher.search(
                    q, limit=max(offset + limit, 1), groupedby=facets, maptype=sorting.Count
                )
                rows = [(hit.score, dict(hit.fields())) for hit in results[offset : offset + limit]]
                total = len(results)
                counts = {}
                for name in FACETS:
                    groups = results.groups(name)
                    counts[name] = {k: v for k, v in groups.items() if k not in (None, "")}
            except Exception as exc:
                if isinstance(exc, IndexNeedsRebuild):
                    raise
                if isinstance(exc, OSError | EOFError | ValueError | KeyError):
                    raise IndexNeedsRebuild(f"whoosh index unreadable: {exc!r}") from exc
                raise
        return total, rows, counts


def _text_query(node: Term | Phrase | Prefix) -> wq.Query:
    if isinstance(node, Term) and node.identifier:
        return wq.Term("ids", node.folded)
    if isinstance(node, Term):
        parts = [wq.Term("text", node.text, boost=EXACT_BOOST), wq.Term("folded", node.folded)]
        if node.fuzzy:
            parts.append(wq.FuzzyTerm("folded", node.folded, boost=FUZZY_BOOST, maxdist=node.fuzzy, prefixlength=0))
        return wq.Or(parts)
    if isinstance(node, Phrase):
        # matched once on the folded field; the words' exact forms rank it
        exact = [wq.Term("text", w, boost=EXACT_BOOST) for w in dict.fromkeys(w.text for w in node.words)]
        return wq.AndMaybe(wq.Phrase("folded", [w.folded for w in node.words]), wq.Or(exact))
    return wq.Or([wq.Prefix("text", node.text, boost=EXACT_BOOST), wq.Prefix("folded", node.folded)])


def _filter_query(node: FieldFilter) -> wq.Query:
    if node.field == "doc_date":
        return wq.NumericRange("doc_date", node.low, node.high)
    if node.field in ("document_id", "page"):
        return wq.NumericRange(node.field, node.value, node.value)
    return wq.Term(node.field, node.value)


def _compile(node: Node) -> wq.Query:
    if isinstance(node, Term | Phrase | Prefix):
        return _text_query(node)
    if isinstance(node, FieldFilter):
        return wq.ConstantScoreQuery(_filter_query(node), 0.0)
    if isinstance(node, All):
        return wq.Every()
    if isinstance(node, Nothing):
        return wq.NullQuery
    if isinstance(node, Or):
        return wq.Or([_compile(x) for x in node.items])
    if isinstance(node, Not):
        return wq.AndNot(wq.Every(), _compile(node.item))
    if isinstance(node, And):
        pos = [_compile(x) for x in node.items if not isinstance(x, Not)]
        neg = [_compile(x.item) for x in node.items if isinstance(x, Not)]
        q = (pos[0] if len(pos) == 1 else wq.And(pos)) if pos else wq.Every()
        if neg:
            q = wq.AndNot(q, neg[0] if len(neg) == 1 else wq.Or(neg))
        pairs = [wq.Phrase("folded", [w.folded for w in pair.words], boost=PROXIMITY_BOOST) for pair in node.pairs]
        pairs += _word_boosts(node.words)
        if pairs:
            q = wq.AndMaybe(q, pairs[0] if len(pairs) == 1 else wq.Or(pairs))
        return q
    if isinstance(node, Loose):
        # An or-group with a minimum match; function words count as matches but are not required
        # (the shared re-rank applies the same rule to both backends' candidates).
        q = wq.Or([_text_query(t) for t in node.items], minmatch=node.min_match)
        boosts = _word_boosts(node.words)
        if boosts:
            q = wq.AndMaybe(q, boosts[0] if len(boosts) == 1 else wq.Or(boosts))
        if node.rest:
            q = wq.And([q] + [_compile(x) for x in node.rest])
        return q
    raise TypeError(node)


def _word_boosts(words) -> list:
    # found in that order; with the query's own diacritics it counts twice
    return [
        wq.Phrase(field, [getattr(w, attr) for w in word.words], boost=WORD_BOOST)
        for word in words
        for field, attr in (("folded", "folded"), ("text", "text"))
    ]


def _any_of(field: str, values) -> wq.Query:
    values = sorted(values)
    if not values:
        return wq.NullQuery
    return wq.Or([wq.Term(field, v) for v in values])


def _scope(scope: Scope) -> wq.Query | None:
    """Visible pages: unrestricted ones of the user's units, and restricted ones of the user's
    assigned cases (or every restricted one for a system caller)."""
    if scope.units is None and scope.all_restricted:
        return None
    open_part: wq.Query = wq.Term("restricted", False)
    if scope.units is not None:
        open_part = wq.And([open_part, _any_of("unit", scope.units)])
    if scope.all_restricted:
        closed_part: wq.Query = wq.Term("restricted", True)
    elif scope.restricted_cases:
        closed_part = wq.And([wq.Term("restricted", True), _any_of("case", scope.restricted_cases)])
    else:
        return open_part
    return wq.Or([open_part, closed_part])
