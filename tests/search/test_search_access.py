"""Only pages the user may see are ever searched: not in hits, totals, facets or later pages."""

from __future__ import annotations

import pytest

from search import Scope
from tests.search.search_corpus import PAGES, keys, search

ALL_KEYS = {(p.document_id, p.page) for p in PAGES}
RESTRICTED = {(p.document_id, p.page) for p in PAGES if p.restricted}  # 106: a bribery case


def visible(scope: Scope) -> set[tuple[int, int]]:
    out = set()
    for p in PAGES:
        if p.restricted:
            ok = scope.all_restricted or p.case in scope.restricted_cases
        else:
            ok = scope.units is None or p.unit in scope.units
        if ok:
            out.add((p.document_id, p.page))
    return out


SCOPES = [
    Scope(units=frozenset({"VKS-BD"})),
    Scope(units=frozenset({"VKS-CG", "VKS-HK"})),
    Scope(units=frozenset({"VKS-CG"}), restricted_cases=frozenset({"VA-2023-099"})),
    Scope(units=frozenset()),
    Scope(units=None),
    Scope(units=None, restricted_cases=frozenset({"VA-2023-099"})),
]


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: f"{sorted(s.units or ['*'])}+{sorted(s.restricted_cases)}")
@pytest.mark.parametrize("query", ["", "nguyen van hung", "hối lộ", '"bị can"', "tài sản OR hùng", "NOT hùng"])
def test_results_never_leave_the_scope(corpus, scope, query):
    allowed = visible(scope)
    result = search(corpus, query, scope=scope, limit=100)
    found = set(keys(result))
    assert found <= allowed
    # the restriction is inside the query: totals and facet counts only count visible pages
    assert result.total == len(found)
    assert sum(result.facets["unit"].values()) <= len(found)
    if query == "":
        assert found == allowed


def test_restricted_case_needs_assignment_even_for_its_own_unit(corpus):
    unit_user = Scope(units=frozenset({"VKS-BD"}))
    assert (106, 1) not in keys(search(corpus, "hối lộ", scope=unit_user))
    assert search(corpus, "hối lộ", scope=unit_user).total == 0
    assigned = Scope(units=frozenset({"VKS-BD"}), restricted_cases=frozenset({"VA-2023-099"}))
    assert keys(search(corpus, "hối lộ", scope=assigned)) == [(106, 1)]


def test_assignment_to_a_restricted_case_crosses_units(corpus):
    # a provincial prosecutor assigned to the case sees it without the district unit
    assigned = Scope(units=frozenset({"VKS-HK"}), restricted_cases=frozenset({"VA-2023-099"}))
    assert keys(search(corpus, "hối lộ", scope=assigned)) == [(106, 1)]
    assert (101, 1) not in keys(search(corpus, "hùng", scope=assigned))


def test_assignment_does_not_open_other_restricted_cases(corpus):
    other = Scope(units=None, restricted_cases=frozenset({"VA-2099-001"}))
    assert (106, 1) not in keys(search(corpus, "hối lộ", scope=other))


def test_request_filters_cannot_widen_the_scope(corpus):
    scope = Scope(units=frozenset({"VKS-CG"}))
    assert search(corpus, "", scope=scope, unit="VKS-BD").total == 0
    assert search(corpus, "", scope=scope, case="VA-2023-099").total == 0
    assert search(corpus, "case:VA-2023-099 OR unit:VKS-BD", scope=scope).total == 0


def test_paging_past_the_scope_finds_nothing_more(corpus):
    scope = Scope(units=frozenset({"VKS-HK"}))
    first = search(corpus, "", scope=scope, limit=1)
    rest = search(corpus, "", scope=scope, limit=100, offset=1)
    assert first.total == 2
    assert set(keys(first)) | set(keys(rest)) == {(109, 1), (110, 1)}
