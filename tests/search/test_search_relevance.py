"""What a prosecutor notices: the right pages come back, in the right order, on every backend."""

from __future__ import annotations

import datetime

import pytest

from search import PageEntry, Scope
from tests.search.search_corpus import EVERYTHING, build, keys, search

# (query, request filters, pages that must be in the top 5)
RELEVANCE = [
    ("bi can nguyen van hung lua dao", {}, [(101, 1)]),
    ("bị can Nguyễn Văn Hùng lừa đảo", {}, [(101, 1)]),
    ("nguyen van hung", {}, [(101, 1), (106, 1)]),
    ('"bị can"', {}, [(101, 1), (101, 2), (102, 1), (106, 1)]),
    ('"tố tụng hình sự"', {}, [(103, 1)]),
    ('"an ninh trật tự"', {}, [(104, 1)]),
    ("an ninh", {}, [(104, 1)]),
    ("hoa giai thanh", {}, [(105, 1)]),
    ("hòa giải", {}, [(105, 1)]),
    ("thủy quý", {}, [(105, 1)]),
    ("45/CT-VKS-P2", {}, [(101, 1)]),
    ("86/2023/HS-ST", {}, [(103, 1)]),
    ("12/QĐ-VKS-P1", {}, [(109, 1)]),
    ("12/QD-VKS-P1", {}, [(109, 1)]),
    ("khởi*", {}, [(104, 1), (109, 1), (110, 1), (105, 1)]),
    ("dang van duc", {}, [(107, 1)]),
    ("trộm cắp", {"case": "VA-2023-020"}, [(102, 1)]),
    ("tài sản", {"case_kind": "DS"}, [(105, 1)]),
    ("tài sản", {"doc_type": "don_khoi_kien"}, [(110, 1)]),
    ("hùng", {"date_from": datetime.date(2023, 11, 1), "date_to": datetime.date(2023, 12, 31)}, [(103, 1)]),
    ("ly hôn", {"unit": "VKS-HK"}, [(110, 1)]),
    ("lua dao", {}, [(101, 1), (106, 1)]),
    ("Điều 174", {}, [(101, 1)]),
    ("gây thương tích", {}, [(109, 1)]),
]


@pytest.mark.parametrize("query, filters, expected", RELEVANCE)
def test_expected_pages_in_top_five(corpus, query, filters, expected):
    top = keys(search(corpus, query, limit=5, **filters))
    for page in expected:
        assert page in top, f"{query!r}: {page} not in top 5 {top}"


def test_accentless_query_finds_the_accented_page_and_highlights_the_words(corpus):
    result = search(corpus, "bi can nguyen van hung lua dao", scope=Scope(units=frozenset({"VKS-BD"})))
    hit = result.hits[0]
    assert (hit.document_id, hit.page, hit.case, hit.doc_type) == (101, 1, "VA-2023-015", "cao_trang")
    assert "<mark>bị can Nguyễn Văn Hùng</mark>" in hit.snippet
    assert "<mark>lừa đảo</mark>" in hit.snippet
    assert set(hit.terms) >= {"bị", "can", "nguyễn", "văn", "hùng", "lừa", "đảo"}


def test_exact_diacritics_rank_above_folded_only_matches(corpus):
    # "Hùng" (101, 103, 106) and "Hưng" (102) both fold to "hung"
    exact = keys(search(corpus, "Nguyễn Văn Hưng"))
    assert exact[0] == (102, 1)
    exact = keys(search(corpus, "Nguyễn Văn Hùng"))
    assert exact.index((101, 1)) < exact.index((102, 1))
    assert exact.index((106, 1)) < exact.index((102, 1))


@pytest.mark.parametrize(
    "phrase, present, absent",
    [
        ('"bị can"', (102, 1), (108, 1)),  # 108 has "bị tạm giữ" and "can thiệp", never "bị can"
        ('"bi can"', (101, 2), (108, 1)),
        ('"an ninh"', (104, 1), (108, 1)),  # 108 has "an toàn"
        ('"tố tụng"', (103, 1), (104, 1)),  # 104 has "khởi tố", not "tố tụng"
        ('"to lon"', (108, 1), (103, 1)),
        ('"can thiệp"', (108, 1), (101, 1)),
    ],
)
def test_phrases_with_short_syllables_match_only_the_phrase(corpus, phrase, present, absent):
    found = keys(search(corpus, phrase, limit=50))
    assert present in found
    assert absent not in found


def test_vietnamese_conjunctions_are_words_not_operators(corpus):
    # "KHÔNG" is a word: 105 says "không khởi kiện"; with NOT semantics 105 would be excluded
    assert keys(search(corpus, "KHÔNG khởi kiện")) == [(105, 1)]
    # "VÀ" is a word, so all three words must be present
    assert keys(search(corpus, "Thủy VÀ Quý")) == [(105, 1)]
    assert keys(search(corpus, "Hùng HOẶC Hưng")) == []


def test_english_operators(corpus):
    either = set(keys(search(corpus, "trộm OR đức", limit=50)))
    assert either == {(102, 1), (107, 1)}
    without = set(keys(search(corpus, "hùng NOT lừa", limit=50)))
    assert (103, 1) in without and (101, 1) not in without and (106, 1) not in without
    assert (101, 2) in without  # "Bị can Hùng" without the word "lừa"
    grouped = set(keys(search(corpus, "(trộm OR đức) AND khai", limit=50)))
    assert grouped == {(102, 1), (107, 1)}
    assert set(keys(search(corpus, "hùng -lừa", limit=50))) == without


def test_field_filters_in_the_query(corpus):
    assert set(keys(search(corpus, "hùng case:VA-2023-031"))) == {(103, 1)}
    assert set(keys(search(corpus, "type:bb_hoa_giai"))) == {(105, 1)}
    assert set(keys(search(corpus, "kind:HNGĐ"))) == {(110, 1)}
    assert set(keys(search(corpus, "date:2024-01..2024-02"))) == {(104, 1), (109, 1)}
    assert set(keys(search(corpus, "tài sản date:>=2023-06-01 date:<2023-09-01"))) == {(105, 1), (110, 1)}
    assert set(keys(search(corpus, "doc:101"))) == {(101, 1), (101, 2)}


def test_typo_tolerance_for_single_words_but_not_for_phrases_or_identifiers(corpus):
    # OCR wrote "Nguyễm" on 107; a query for "nguyen toan" still finds it
    assert (107, 1) in keys(search(corpus, "nguyen toan"))
    # a typed typo in a long syllable
    assert (106, 1) in keys(search(corpus, "nguyenn hối lộ"))
    # phrases and identifiers are exact (after folding)
    assert (107, 1) not in keys(search(corpus, '"nguyen van toan"'))
    assert keys(search(corpus, "45/CT-VKS-P3")) == []


def test_prefix_query(corpus):
    found = set(keys(search(corpus, "khoi*", limit=50)))
    assert found == {(104, 1), (105, 1), (109, 1), (110, 1)}


def test_snippet_masks_citizen_id_and_phone_numbers(corpus):
    hit = search(corpus, "căn cước").hits[0]
    assert (hit.document_id, hit.page) == (101, 2)
    assert "001089012345" not in hit.snippet and "0912 345 678" not in hit.snippet
    assert "••••••••••••" in hit.snippet
    assert "<mark>căn cước</mark>" in hit.snippet


def test_snippet_is_html_escaped(any_backend, tmp_path):
    from search import PageEntry
    from tests.search.search_corpus import build

    index = build(tmp_path / "ix", any_backend, [PageEntry(1, 1, "Bị can <script>alert(1)</script> & đồng phạm")])
    snippet = search(index, "đồng phạm").hits[0].snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>đồng phạm</mark>" in snippet


def test_facets_count_every_match_not_just_the_page_shown(corpus):
    result = search(corpus, "hùng", limit=1)
    assert result.total == 5
    assert len(result.hits) == 1
    assert result.facets["case"] == {"VA-2023-015": 2, "VA-2023-031": 1, "VA-2023-099": 1, "VA-2023-020": 1}
    assert result.facets["doc_type"]["cao_trang"] == 2
    assert result.facets["unit"] == {"VKS-BD": 4, "VKS-CG": 1}
    assert result.facets["case_kind"] == {"HS": 5}


def test_paging(corpus):
    everything = keys(search(corpus, "bị", limit=50))
    assert len(everything) >= 5
    paged = keys(search(corpus, "bị", limit=2, offset=0)) + keys(search(corpus, "bị", limit=2, offset=2))
    assert paged == everything[:4]


def test_empty_query_with_filter_lists_the_case(corpus):
    result = search(corpus, "", case="VA-2023-015")
    assert set(keys(result)) == {(101, 1), (101, 2)}
    assert all(h.terms == [] for h in result.hits)


def test_scope_default_is_everything_but_restricted(corpus):
    assert (106, 1) not in keys(search(corpus, "hối lộ", scope=Scope()))
    assert (106, 1) in keys(search(corpus, "hối lộ", scope=EVERYTHING))


def test_exact_phrase_ranks_above_the_folded_phrase(any_backend, tmp_path):
    index = build(
        tmp_path / "ix",
        any_backend,
        [
            PageEntry(1, 1, "Ban an nay tuyen bi cao Tran Van Hai, bi can trong vu an khac."),  # typed without accents
            PageEntry(2, 1, "Bản án này tuyên bị cáo Trần Văn Hải; bị can trong vụ án khác."),
        ],
    )
    assert keys(search(index, '"bị can"')) == [(2, 1), (1, 1)]
    assert keys(search(index, '"bi can"'))[0] == (1, 1)  # typed as written on page 1
    assert keys(search(index, "bản án"))[0] == (2, 1)
