"""Queries as people type them: whole questions, accentless words matched as words, highlights
only on what matched as a word, and accented readings offered for accentless queries."""

from __future__ import annotations

import re

import pytest

from search import PageEntry, Scope, SearchRequest
from tests.search.search_corpus import BACKENDS, open_backend

PAGES = {
    1: "Cơ quan điều tra đã ra quyết định khởi tố bị can Nguyễn Văn An về tội trộm cắp tài sản.",
    2: "Căn cứ Điều 179 Bộ luật Tố tụng hình sự, người bị hại cần có mặt tại phiên tòa.",
    3: "Người nghiện ma túy từ đủ 18 tuổi trở lên bị áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc.",
    4: "Tòa án nhân dân tỉnh Bình Dương xét xử sơ thẩm vụ án lừa đảo chiếm đoạt tài sản.",
    5: "Viện kiểm sát nhân dân huyện Dĩ An kiểm sát việc tạm giữ, tạm giam bị can.",
}

# (accentless query, the words a right box may cover)
LABELLED = [
    ("bi can", {"bị", "can"}),
    ("toa an", {"tòa", "án"}),
    ("vien kiem sat", {"viện", "kiểm", "sát"}),
    ("tam giam", {"tạm", "giam"}),
    ("lua dao", {"lừa", "đảo"}),
    ("cai nghien", {"cai", "nghiện"}),
    ("tai san", {"tài", "sản"}),
]


@pytest.fixture(params=BACKENDS)
def index(request, tmp_path):
    ix = open_backend(tmp_path / "ix", request.param)
    ix.add(PageEntry(document_id=k, page=1, text=v, unit="U") for k, v in PAGES.items())
    yield ix
    ix.close()


def _search(ix, query):
    return ix.search(SearchRequest(query, scope=Scope.everything()))


def test_a_whole_question_finds_the_page_with_most_of_its_words(index):
    result = _search(index, "người nghiện ma túy bị áp dụng biện pháp gì khi chưa đủ tuổi thành niên")
    assert result.hits and result.hits[0].document_id == 3


def test_accentless_word_ranks_the_word_above_its_syllables_apart(index):
    hits = _search(index, "bi can").hits
    order = [h.document_id for h in hits]
    assert order[0] in (1, 5)
    assert 2 not in order[:2]  # "bị hại ... Căn cứ ... cần" holds the syllables, not the word


def test_highlight_precision_on_accentless_words(index):
    right = total = 0
    for query, allowed in LABELLED:
        for hit in _search(index, query).hits:
            for mark in re.findall(r"<mark>(.*?)</mark>", hit.snippet):
                for word in mark.lower().split():
                    total += 1
                    right += word in allowed
    assert total >= len(LABELLED)
    assert right / total >= 0.95


def test_lone_syllables_are_not_marked_when_the_page_holds_the_word(index):
    hit = next(h for h in _search(index, "bi can").hits if h.document_id == 1)
    assert "<mark>bị can</mark>" in hit.snippet
    assert hit.marked == ["bị can"]


def test_did_you_mean_offers_the_accented_reading(index):
    assert _search(index, "bi can").suggestions[:1] == ["bị can"]
    assert _search(index, "bị can").suggestions == []


def test_did_you_mean_reads_syllables_as_they_stand_together(tmp_path):
    """ "toi gi" in a case file is "tội gì": the page's own "Tôi" elsewhere is not the reading."""
    for backend in BACKENDS:
        ix = open_backend(tmp_path / backend, backend)
        ix.add(
            [
                PageEntry(document_id=1, page=1, text="Tôi là người làm chứng. Bị can hỏi mình phạm tội gì.", unit="U"),
                PageEntry(document_id=2, page=1, text="Tôi không biết. Điều tra viên chưa nói tội gì.", unit="U"),
            ]
        )
        assert _search(ix, "toi gi").suggestions == ["tội gì"], backend
        assert _search(ix, "bi can pham toi gi").suggestions[:1] == ["bị can phạm tội gì"], backend
        ix.close()


def test_did_you_mean_when_the_words_stand_apart_on_the_page(tmp_path):
    """A page that holds "tội" and "gì" apart marks neither, yet the accented reading is offered."""
    for backend in BACKENDS:
        ix = open_backend(tmp_path / backend, backend)
        ix.add(
            [
                PageEntry(
                    document_id=1,
                    page=1,
                    unit="U",
                    text="Căn cứ Điều 179 Bộ luật Tố tụng hình sự về tội trộm cắp. Bị can không nói gì thêm.",
                )
            ]
        )
        assert _search(ix, "toi gi").suggestions[:1] == ["tội gì"], backend
        ix.close()


def test_quoted_phrases_stay_strict(index):
    assert {h.document_id for h in _search(index, '"bi can"').hits} == {1, 5}


@pytest.mark.parametrize(
    "question",
    [
        # a date in the sentence is one more word, not a condition every page must meet
        "bị can Nguyễn Văn An bị khởi tố từ ngày 01/01/2023 về tội gì?",
        # syllables joined by punctuation, or a space lost after a full stop
        "cơ quan điều tra-khởi tố bị can về tội trộm cắp.tài sản là gì?",
    ],
)
def test_a_question_with_dates_or_joined_syllables_still_ranks(index, question):
    result = _search(index, question)
    assert result.hits and result.hits[0].document_id == 1


def test_short_joined_chunk_stays_a_phrase(index):
    assert {h.document_id for h in _search(index, "lừa-đảo").hits} == {4}
    assert _search(index, "đảo-lừa").hits == []
