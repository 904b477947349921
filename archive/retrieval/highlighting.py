"""Where words are on a page image: the boxes of a search hit's terms, or of a query on one page."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, or_, select

from archive.records.models import Page
from search import SearchError, locate_boxes, tokenize
from search.highlight import highlight_reading
from search.query import read


def query_terms(text: str, query: str) -> list[str]:
    """The query's terms as they occur in this text (accent-insensitive), like a search hit's terms."""
    try:
        _, _every, terms = highlight_reading(text, read(query))
    except SearchError:
        terms = [token.text for token in tokenize(query) if token.kind == "word"]
    return terms


def _boxes_of(words: list, terms: list[str]) -> list[list[int]]:
    return [list(box) for box in locate_boxes([(w[0], tuple(w[1])) for w in words or []], terms)]


def hit_boxes(archive, hits: Iterable[tuple[int, int, list[str]]]) -> list[list[list[int]]]:
    """For each (document, page, terms) hit, the boxes of its terms; the pages read in one query."""
    hits = list(hits)
    if not hits:
        return []
    wanted = {(d, n) for d, n, _ in hits}
    # One (document, page) condition per hit, joined by OR: each is a lookup in the index, where
    # SQLite answers a list of pairs (`IN ((d, n), ...)`) by scanning every page (130 ms at 300k).
    pairs = or_(*(and_(Page.document_id == d, Page.number == n) for d, n in sorted(wanted)))
    with archive.session() as session:  # the hit pages' words only: not every page of their documents
        rows = session.execute(select(Page.document_id, Page.number, Page.words).where(pairs)).all()
    words = {(d, n): w for d, n, w in rows}
    return [_boxes_of(words[(d, n)], terms) if (d, n) in words else [] for d, n, terms in hits]


def page_boxes(archive, document_id: int, number: int, query: str) -> list[list[int]]:
    """The boxes of a query's words on one page (the viewer opened from a search)."""
    with archive.session() as session:
        page = session.scalar(select(Page).where(Page.document_id == document_id, Page.number == number))
        return [] if page is None else _boxes_of(page.words, query_terms(page.text, query))
