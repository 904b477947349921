"""Highlight boxes: the hit's terms mapped back onto the page's OCR words."""

from __future__ import annotations

from search import PageEntry, Scope, locate_boxes
from tests.search.search_corpus import build, search


def ocr(text: str) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Words of one line with made-up boxes: word i is at x = 100 * i."""
    return [(w, (100 * i, 50, 100 * i + 90, 80)) for i, w in enumerate(text.split())]


def boxed(words, boxes) -> list[str]:
    by_box = {box: w for w, box in words}
    return [by_box[b] for b in boxes]


def test_terms_of_a_hit_point_at_the_right_words(backend, tmp_path):
    line = "Truy tố bị can Nguyễn Văn Hùng, sinh năm 1985, về tội lừa đảo chiếm đoạt tài sản."
    index = build(tmp_path / "ix", backend, [PageEntry(1, 1, line)])
    hit = search(index, "bi can nguyen van hung lua dao").hits[0]
    words = ocr(line)
    assert boxed(words, locate_boxes(words, hit.terms)) == ["bị", "can", "Nguyễn", "Văn", "Hùng,", "lừa", "đảo"]


def test_phrase_boxes_only_where_the_words_are_consecutive(backend, tmp_path):
    line = "Người bị tạm giữ không can thiệp; bị can Trần Văn An đã khai"
    index = build(tmp_path / "ix", backend, [PageEntry(1, 1, line)])
    hit = search(index, '"bi can"').hits[0]
    assert hit.terms == ["bị can"]
    words = ocr(line)
    assert boxed(words, locate_boxes(words, hit.terms)) == ["bị", "can"]
    assert locate_boxes(words, hit.terms) == [words[7][1], words[8][1]]


def test_folded_and_tone_placement_insensitive():
    words = ocr("Biên bản hòa giải thành giữa ông Phạm Văn Thủy và bà Ðỗ Thị Qúy")
    assert boxed(words, locate_boxes(words, ["hoà giải", "thuỷ", "quý", "đỗ"])) == ["hòa", "giải", "Thủy", "Ðỗ", "Qúy"]


def test_identifier_split_oddly_by_ocr():
    words = [
        ("Số:", (0, 0, 40, 20)),
        ("86/2023/", (50, 0, 130, 20)),
        ("HS-ST", (135, 0, 190, 20)),
        ("ngày", (200, 0, 240, 20)),
    ]
    assert locate_boxes(words, ["86/2023/hs-st"]) == [(50, 0, 130, 20), (135, 0, 190, 20)]
    spaced = [
        ("45", (0, 0, 20, 20)),
        ("/", (22, 0, 28, 20)),
        ("CT-VKS-P2", (30, 0, 120, 20)),
        ("P2", (130, 0, 150, 20)),
    ]
    assert locate_boxes(spaced, ["45/ct-vks-p2"]) == [(0, 0, 20, 20), (22, 0, 28, 20), (30, 0, 120, 20)]
    whole = [("Số:", (0, 0, 40, 20)), ("12/QĐ-VKS-P1", (50, 0, 160, 20))]
    assert locate_boxes(whole, ["12/qđ-vks-p1"]) == [(50, 0, 160, 20)]


def test_identifier_hit_from_search_gets_boxes(backend, tmp_path):
    text = "QUYẾT ĐỊNH PHÊ CHUẨN số 12 / QĐ-VKS-P1 ngày 14/02/2024"
    index = build(tmp_path / "ix", backend, [PageEntry(1, 1, text)])
    hit = search(index, "12/QD-VKS-P1").hits[0]
    words = ocr(text)
    assert boxed(words, locate_boxes(words, hit.terms)) == ["12", "/", "QĐ-VKS-P1"]


def test_whole_syllables_only_and_the_exact_form_first():
    words = ocr("ban hành bản án về an ninh")
    assert boxed(words, locate_boxes(words, ["án"])) == ["án"]
    assert boxed(words, locate_boxes(words, ["an"])) == ["an"]
    assert boxed(ocr("ban hành bản án"), locate_boxes(ocr("ban hành bản án"), ["an"])) == ["án"]


def test_masked_personal_numbers_still_located_for_assigned_users():
    # boxes are computed for the page the user is allowed to open; masking is only for snippets
    words = ocr("Điện thoại 0912345678")
    assert boxed(words, locate_boxes(words, ["0912345678"])) == ["0912345678"]


def test_no_terms_no_boxes():
    assert locate_boxes(ocr("bị can"), []) == []
    assert locate_boxes([], ["bị can"]) == []


def test_restricted_pages_are_not_boxed_through_search(backend, tmp_path):
    index = build(tmp_path / "ix", backend, [PageEntry(1, 1, "nhận hối lộ", case="X", restricted=True)])
    assert search(index, "hối lộ", scope=Scope(units=None)).hits == []
