"""Malformed queries against every backend: results or a QuerySyntaxError with a Vietnamese reason,
never another exception, and a query tree shallow enough for every compiler."""

from __future__ import annotations

import pytest

from search import QuerySyntaxError, ResultWindowError, Scope, SearchRequest
from search.query import And, Not, Or, parse
from tests.search.malformed_queries import MALFORMED_QUERIES


def depth(node) -> int:
    if isinstance(node, And | Or):
        return 1 + max((depth(item) for item in node.items), default=0)
    if isinstance(node, Not):
        return 1 + depth(node.item)
    return 1


def test_every_malformed_query_searches_or_says_why(corpus):
    refused = []
    for query in MALFORMED_QUERIES:
        try:
            result = corpus.search(SearchRequest(query, scope=Scope.everything(), limit=5))
        except QuerySyntaxError as exc:
            assert str(exc).startswith("Cú pháp tìm kiếm không hợp lệ: "), exc
            refused.append(query)
            continue
        assert result.total >= 0 and len(result.hits) <= 5
    assert "date:abc" in refused and "doc:abc" in refused
    assert "NOT" not in refused and "case:" not in refused and "(" * 500 not in refused


def test_nesting_is_bounded_however_deep_the_query():
    for query in ["(" * 500 + "a", "(" * 300 + "a OR b" + ")" * 300, "NOT " * 400 + "a", "(NOT " * 200 + "a"]:
        assert depth(parse(query)) <= 40, query


def test_unbalanced_parentheses_keep_every_word():
    assert parse("hùng ) lừa") == parse("hùng lừa")
    assert parse(")))hùng") == parse("hùng")


@pytest.mark.parametrize("offset, limit", [(2**32, 20), (10_001, 1), (0, 10**6), (-1, 20), (0, -1)])
def test_result_window_is_checked_before_the_engine(corpus, offset, limit):
    with pytest.raises(ResultWindowError):
        corpus.search(SearchRequest("hùng", scope=Scope.everything(), offset=offset, limit=limit))
