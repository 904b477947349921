"""Tantivy index backend: the shared analyzer's tokens fed as pre-tokenised text, the query
tree compiled to Tantivy queries, scope applied as a zero-score required clause."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Document, Occur, Query

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

KEYWORDS = ("case", "unit", "case_kind", "doc_type")
STORED_TEXT = ("number", "issuer")  # shown with a hit, not searched as fields (the page text holds them)
HEAP_BYTES = 200_000_000
PAIR_JOIN = "_"  # never inside a syllable: the analyzer's syllables are letters and digits
# Values counted per facet: every unit, kind and type; the 100 commonest cases (the page lists 12,
# and counting a thousand case buckets cost 30 ms of a 300k-page search).
FACET_SIZES = {"case": 100}
FACET_AGGREGATIONS = {name: {"terms": {"field": name, "size": FACET_SIZES.get(name, 1000)}} for name in FACETS}
_FACET_PASS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="facets")


def make_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=False, tokenizer_name="raw")
    sb.add_integer_field("document_id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("page", stored=True, indexed=True, fast=True)
    # text/folded/ids receive the shared analyzer's output joined by spaces (its tokens never
    # contain whitespace), so tantivy's whitespace tokenizer yields exactly those tokens.
    sb.add_bytes_field("body", stored=True, indexed=False)  # normalised page text, UTF-8
    sb.add_text_field("text", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("folded", stored=False, tokenizer_name="whitespace")
    # Consecutive folded syllables as one token ("bi_can" at the position of "bi"): a phrase of
    # two syllables is one term, a longer one a phrase of pairs, both far cheaper than matching
    # positions of common syllables ("bị can" at 300k pages: see bench/search_bench.py).
    sb.add_text_field("pairs", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("ids", stored=False, tokenizer_name="whitespace", index_option="freq")
    for name in KEYWORDS:
        sb.add_text_field(name, stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field("doc_date", stored=True, indexed=True, fast=True)
    sb.add_boolean_field("restricted", stored=True, indexed=True, fast=True)
    sb.add_text_field("filename", stored=True, tokenizer_name="raw")
    for name in STORED_TEXT:
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


def _is_lock_busy(exc: Exception) -> bool:
    return "LockBusy" in str(exc) or "lock" in str(exc).lower() and "acquire" in str(exc).lower()


class TantivyIndex(BaseIndex):
    backend = "tantivy"

    def __init__(self, path: Path, create: bool = False):
        self.path = Path(path)
        self.schema = make_schema()
        self._lock = threading.Lock()
        try:
            if create:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ix = tantivy.Index(self.schema, path=str(self.path), reuse=False)
            else:
                if not tantivy.Index.exists(str(self.path)):
                    raise IndexNeedsRebuild("tantivy index files are missing")
                self._ix = tantivy.Index.open(str(self.path))
            self._ix.reload()
            self._seen_commit = self._commit_stamp()
            self._ix.searcher().num_docs  # noqa: B018 - touches every segment's metadata
        except IndexNeedsRebuild:
            raise
        except Exception as exc:
            raise IndexNeedsRebuild(f"tantivy index unreadable: {exc!r}") from exc

    # -- writing ------------------------------------------------------------------------------

    def _writer(self, heap: int = HEAP_BYTES):
        try:
            return self._ix.writer(heap_size=heap, num_threads=0)
        except ValueError as exc:
            if _is_lock_busy(exc):
                raise IndexBusy("tantivy index is locked by another writer") from exc
            raise

    def _write(self, deletes: list[int], records: list[dict[str, Any]]) -> None:
        with self._lock:
            writer = self._writer(HEAP_BYTES if len(records) > 1000 else 50_000_000)
            try:
                for doc_id in deletes:
                    writer.delete_documents_by_term("document_id", doc_id)
                for rec in records:  # tantivy's threads index one page while Python analyses the next
                    writer.delete_documents_by_term("key", rec["key"])
                    writer.add_document(self._document(rec))
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                try:
                    writer.rollback()
                finally:
                    del writer
                raise
            del writer
            self._ix.reload()

    def _document(self, rec: dict[str, Any]) -> Document:
        doc = Document()
        doc.add_text("key", rec["key"])
        doc.add_integer("document_id", rec["document_id"])
        doc.add_integer("page", rec["page"])
        a = analyze(rec["text"])
        doc.add_bytes("body", a.text.encode("utf-8"))
        doc.add_text("text", " ".join(a.words))
        doc.add_text("folded", " ".join(a.folded))
        if len(a.folded) > 1:
            doc.add_text("pairs", " ".join(map(PAIR_JOIN.join, zip(a.folded, a.folded[1:], strict=False))))
        if a.ids:
            doc.add_text("ids", " ".join(a.ids))
        for name in KEYWORDS:
            if rec[name]:
                doc.add_text(name, rec[name])
        if rec["doc_date"]:
            doc.add_integer("doc_date", rec["doc_date"])
        doc.add_boolean("restricted", rec["restricted"])
        if rec["filename"]:
            doc.add_text("filename", rec["filename"])
        for name in STORED_TEXT:
            if rec[name]:
                doc.add_text(name, rec[name])
        return doc

    def clear(self) -> None:
        with self._lock:
            writer = self._writer(50_000_000)
            writer.delete_all_documents()
            writer.commit()
            writer.wait_merging_threads()
            del writer
            self._ix.reload()

    def _commit_stamp(self) -> int | None:
        try:
            return (self.path / "meta.json").stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def _searcher(self):
        """A searcher that sees every commit so far, this process's or another's (several web processes read
        the index the one drainer writes): tantivy's own reload follows a commit only after a moment."""
        stamp = self._commit_stamp()
        if stamp != self._seen_commit:
            self._ix.reload()
            self._seen_commit = stamp
        return self._ix.searcher()

    def count(self) -> int:
        return self._searcher().num_docs

    def _doc_freq(self, folded_word: str) -> int:
        return self._searcher().doc_freq("folded", folded_word)

    def close(self) -> None:
        self._ix = None

    # -- searching ----------------------------------------------------------------------------

    def _search(self, node: Node, filters: list[Node], scope: Scope, offset: int, limit: int):
        s = self.schema
        q = _compile(s, node)
        constraints = [_filter_query(s, f) for f in filters if isinstance(f, FieldFilter)]
        scope_q = _scope(s, scope)
        if scope_q is not None:
            constraints.append(scope_q)
        if constraints:
            q = Query.boolean_query(
                [(Occur.Must, q)] + [(Occur.Must, Query.const_score_query(c, 0.0)) for c in constraints]
            )
        try:
            searcher = self._searcher()
            # The facets are a second pass over the same matches; tantivy releases the GIL, so it
            # runs beside the ranking pass (a large result set: 66 -> 46 ms at 300k pages).
            aggs_future = _FACET_PASS.submit(searcher.aggregate, q, FACET_AGGREGATIONS)
            result = searcher.search(q, limit=max(limit, 1), count=True, offset=offset)
            rows = []
            for score, addr in result.hits[:limit]:
                fields = searcher.doc(addr).to_dict()
                rec = {k: (v[0] if v else None) for k, v in fields.items()}
                rec["text"] = (rec.pop("body", None) or b"").decode("utf-8")
                rows.append((score, rec))
            aggs = aggs_future.result()
        except ValueError as exc:
            raise IndexNeedsRebuild(f"tantivy index unreadable: {exc!r}") from exc
        facets = {
            name: {b["key"]: int(b["doc_count"]) for b in aggs.get(name, {}).get("buckets", [])} for name in FACETS
        }
        return result.count, rows, facets


def _text_query(s, node: Term | Phrase | Prefix) -> Query:
    if isinstance(node, Term) and node.identifier:
        return Query.term_query(s, "ids", node.folded)
    if isinstance(node, Term):
        parts = [
            (Occur.Should, Query.boost_query(Query.term_query(s, "text", node.text), EXACT_BOOST)),
            (Occur.Should, Query.term_query(s, "folded", node.folded)),
        ]
        if node.fuzzy:
            fuzzy = Query.fuzzy_term_query(s, "folded", node.folded, distance=node.fuzzy, transposition_cost_one=False)
            parts.append((Occur.Should, Query.boost_query(fuzzy, FUZZY_BOOST)))
        return Query.boolean_query(parts)
    if isinstance(node, Phrase):
        # The phrase is matched once, on the folded field; its words' exact forms rank it
        # (cheaper than a second positional match on the exact field).
        parts = [(Occur.Must, _folded_phrase(s, [w.folded for w in node.words]))]
        for w in dict.fromkeys(w.text for w in node.words):
            parts.append((Occur.Should, Query.boost_query(Query.term_query(s, "text", w), EXACT_BOOST)))
        return Query.boolean_query(parts)
    return Query.boolean_query(
        [
            (Occur.Should, Query.boost_query(Query.fuzzy_term_query(s, "text", node.text, 0, True, True), EXACT_BOOST)),
            (Occur.Should, Query.fuzzy_term_query(s, "folded", node.folded, 0, True, True)),
        ]
    )


def _filter_query(s, node: FieldFilter) -> Query:
    if node.field == "doc_date":
        return Query.range_query(
            s,
            "doc_date",
            tantivy.FieldType.Integer,
            node.low if node.low is not None else 0,
            node.high if node.high is not None else 99991231,
        )
    return Query.term_query(s, node.field, node.value)


def _compile(s, node: Node) -> Query:
    if isinstance(node, Term | Phrase | Prefix):
        return _text_query(s, node)
    if isinstance(node, FieldFilter):
        return Query.const_score_query(_filter_query(s, node), 0.0)
    if isinstance(node, All):
        return Query.all_query()
    if isinstance(node, Nothing):
        return Query.empty_query()
    if isinstance(node, Or):
        return Query.boolean_query([(Occur.Should, _compile(s, x)) for x in node.items])
    if isinstance(node, Not):
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, _compile(s, node.item))])
    if isinstance(node, And):
        parts = [
            (Occur.MustNot, _compile(s, x.item)) if isinstance(x, Not) else (Occur.Must, _compile(s, x))
            for x in node.items
        ]
        if all(occ == Occur.MustNot for occ, _q in parts):
            parts.append((Occur.Must, Query.all_query()))
        for pair in node.pairs:
            phrase = _folded_phrase(s, [w.folded for w in pair.words])
            parts.append((Occur.Should, Query.boost_query(phrase, PROXIMITY_BOOST)))
        parts += _word_boosts(s, node.words)
        return Query.boolean_query(parts)
    if isinstance(node, Loose):
        # Any of the words; the shared re-rank keeps pages with at least min_match of them (a
        # minimum_number_should_match query says the same in the engine, 20-30 ms slower at 300k).
        parts = [(Occur.Should, _text_query(s, t)) for t in node.items]
        parts += _word_boosts(s, node.words)
        words = Query.boolean_query(parts)
        if not node.rest:
            return words
        return Query.boolean_query([(Occur.Must, words)] + [(Occur.Must, _compile(s, x)) for x in node.rest])
    raise TypeError(node)


def _folded_phrase(s, folded: list[str]) -> Query:
    """Consecutive folded syllables, matched on the pairs field (see make_schema)."""
    if len(folded) == 1:
        return Query.term_query(s, "folded", folded[0])
    pairs = [PAIR_JOIN.join(p) for p in zip(folded, folded[1:], strict=False)]
    return Query.term_query(s, "pairs", pairs[0]) if len(pairs) == 1 else Query.phrase_query(s, "pairs", pairs)


def _word_boosts(s, words) -> list:
    out = []
    for word in words:
        # found in that order; with the query's own diacritics it counts twice
        out.append((Occur.Should, Query.boost_query(_folded_phrase(s, [w.folded for w in word.words]), WORD_BOOST)))
        exact = Query.phrase_query(s, "text", [w.text for w in word.words])
        out.append((Occur.Should, Query.boost_query(exact, WORD_BOOST)))
    return out


def _any_of(s, field: str, values) -> Query:
    values = sorted(values)
    if not values:
        return Query.empty_query()
    return Query.term_set_query(s, field, values)


def _scope(s, scope: Scope) -> Query | None:
    """Visible pages: unrestricted ones of the user's units, and restricted ones of the user's
    assigned cases (or every restricted one for a system caller)."""
    if scope.units is None and scope.all_restricted:
        return None
    parts = [(Occur.Must, Query.term_query(s, "restricted", False))]
    if scope.units is not None:
        parts.append((Occur.Must, _any_of(s, "unit", scope.units)))
    open_part = Query.boolean_query(parts)
    if scope.all_restricted:
        closed_part = Query.term_query(s, "restricted", True)
    elif scope.restricted_cases:
        closed_part = Query.boolean_query(
            [
                (Occur.Must, Query.term_query(s, "restricted", True)),
                (Occur.Must, _any_of(s, "case", scope.restricted_cases)),
            ]
        )
    else:
        return open_part
    return Query.boolean_query([(Occur.Should, open_part), (Occur.Should, closed_part)])
