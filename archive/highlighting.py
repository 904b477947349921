"""Where a query's words are on one page: the word boxes the viewer highlights on the image."""

from __future__ import annotations

from sqlalchemy import select

from archive.models import Page
from search import SearchError, locate_boxes, tokenize
from search.highlight import highlight
from search.query import parse, text_leaves


def query_terms(text: str, query: str) -> list[str]:
    """The query's terms as they occur in this text (accent-insensitive), like a search hit's terms."""
    try:
        _, terms = highlight(text, text_leaves(parse(query)))
    except SearchError:
        terms = [token.text for token in tokenize(query) if token.kind == "word"]
    return terms


def page_boxes(archive, document_id: int, number: int, query: str) -> list[list[int]]:
    with archive.session() as session:
        page = session.scalar(select(Page).where(Page.document_id == document_id, Page.number == number))
        if page is None:
            return []
        text, words = page.text, [(w[0], tuple(w[1])) for w in page.words]
    return [list(box) for box in locate_boxes(words, query_terms(text, query))]
