"""Every backend is fed the same analyzer output and must return the same pages as Tantivy."""

from __future__ import annotations

import datetime

import pytest

from search import Scope, SearchRequest
from tests.search.search_corpus import PAGES, build, keys
from tests.search.test_search_relevance import RELEVANCE

QUERIES = [
    ("bi can nguyen van hung lua dao", {}),
    ("hùng", {}),
    ("hung", {}),
    ('"bị can"', {}),
    ('"to tung hinh su"', {}),
    ("an ninh", {}),
    ("khởi*", {}),
    ("nguyen toan", {}),
    ("nguyenn", {}),
    ("45/CT-VKS-P2", {}),
    ("12/qd-vks-p1", {}),
    ("tài sản OR hối lộ", {}),
    ("hùng NOT lừa", {}),
    ("NOT bị", {}),
    ("", {"case_kind": "HS", "date_from": datetime.date(2023, 6, 1)}),
    ("tài sản", {"unit": "VKS-CG"}),
    ("type:cao_trang hùng", {}),
]
SCOPE = Scope(units=frozenset({"VKS-BD", "VKS-CG"}), restricted_cases=frozenset({"VA-2023-099"}))


@pytest.fixture(scope="module")
def tantivy(tmp_path_factory):
    index = build(tmp_path_factory.mktemp("agree-tantivy") / "ix", "tantivy", PAGES)
    yield index
    index.close()


@pytest.fixture(scope="module", params=["whoosh", "postgres"])
def other(request, tmp_path_factory):
    index = build(tmp_path_factory.mktemp(f"agree-{request.param}") / "ix", request.param, PAGES)
    yield index
    index.close()


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    index = build(tmp_path_factory.mktemp("agree-pg") / "ix", "postgres", PAGES)
    yield index
    index.close()


@pytest.mark.parametrize("query, filters", QUERIES)
def test_same_hits_totals_facets_and_highlights(tantivy, other, query, filters):
    both = {"whoosh": other, "tantivy": tantivy}  # "whoosh": the backend compared with Tantivy
    results = {b: ix.search(SearchRequest(query, scope=SCOPE, limit=50, **filters)) for b, ix in both.items()}
    w, t = results["whoosh"], results["tantivy"]
    assert set(keys(w)) == set(keys(t))
    assert w.total == t.total
    assert w.facets == t.facets
    snippets = {b: {(h.document_id, h.page): (h.snippet, h.terms) for h in r.hits} for b, r in results.items()}
    assert snippets["whoosh"] == snippets["tantivy"]
    if w.hits and query:  # scores differ in scale (and for fuzzy expansions); the best page does not
        assert keys(w)[0] in keys(t)[:3] and keys(t)[0] in keys(w)[:3]


@pytest.mark.parametrize("query, filters, expected", RELEVANCE, ids=[q or "-" for q, _f, _e in RELEVANCE])
def test_postgres_agrees_with_tantivy_on_the_relevance_set(tantivy, postgres, query, filters, expected):
    t = tantivy.search(SearchRequest(query, scope=Scope.everything(), limit=50, **filters))
    p = postgres.search(SearchRequest(query, scope=Scope.everything(), limit=50, **filters))
    assert set(keys(p)) == set(keys(t)) and p.total == t.total
    assert p.facets == t.facets
    top = set(keys(t)[:5]) & set(expected)
    assert top <= set(keys(p)[:5]), f"{query!r}: Tantivy's top five {keys(t)[:5]}, PostgreSQL's {keys(p)[:5]}"
