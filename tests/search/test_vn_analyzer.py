"""The Vietnamese analyzer rules, on real strings."""

from __future__ import annotations

import unicodedata

import pytest

from search import fold, normalize, tokenize


def words(text):
    return [t.text for t in tokenize(text) if t.kind == "word"]


def test_nfd_input_is_normalised_to_nfc_and_not_split_at_combining_marks():
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Hùng")
    assert normalize(nfd) == "Nguyễn Văn Hùng"
    assert words(nfd) == ["nguyễn", "văn", "hùng"]


@pytest.mark.parametrize(
    "one, other",
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("qúy", "quý"),
        ("khoẻ", "khỏe"),
        ("Hoà Bình", "Hòa Bình"),
        ("HOÀ GIẢI", "HÒA GIẢI"),
        ("Thuý", "Thúy"),
    ],
)
def test_both_tone_mark_placements_are_the_same_word(one, other):
    assert normalize(one) == normalize(other)
    assert words(one) == words(other)


@pytest.mark.parametrize("word", ["người", "của", "giữ", "hoàng", "huỳnh", "ngoài", "khuỷu", "quốc", "tuấn", "mưa"])
def test_correctly_placed_tones_are_left_alone(word):
    assert normalize(word) == word


def test_ocr_eth_lookalikes_become_d_with_stroke():
    assert normalize("ÐẶNG VĂN ÐỨC ðã") == "ĐẶNG VĂN ĐỨC đã"
    assert words("ÐẶNG") == ["đặng"]


def test_lowercase_syllable_tokens_with_positions_and_offsets():
    text = "Bị can Nguyễn Văn Hùng"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["bị", "can", "nguyễn", "văn", "hùng"]
    assert [t.position for t in toks] == [0, 1, 2, 3, 4]
    assert [text[t.start : t.end] for t in toks] == ["Bị", "can", "Nguyễn", "Văn", "Hùng"]


def test_no_stop_words_every_syllable_is_kept():
    assert words("bị can, an ninh, tố tụng, to lớn, be bờ, a dua") == [
        "bị",
        "can",
        "an",
        "ninh",
        "tố",
        "tụng",
        "to",
        "lớn",
        "be",
        "bờ",
        "a",
        "dua",
    ]


@pytest.mark.parametrize(
    "text, identifier",
    [
        ("Số: 45/CT-VKS-P2 ngày 18", "45/ct-vks-p2"),
        ("Bản án số 86/2023/HS-ST", "86/2023/hs-st"),
        ("Thông tư liên tịch 05/2018/TTLT-VKSNDTC-TANDTC-BCA-BQP", "05/2018/ttlt-vksndtc-tandtc-bca-bqp"),
        ("số 12 / QĐ-VKS-P1 đối với", "12/qđ-vks-p1"),
        ("Quyết định 1797/2025/QĐST-DS", "1797/2025/qđst-ds"),
    ],
)
def test_identifiers_are_kept_whole_as_well_as_split(text, identifier):
    toks = tokenize(text)
    ids = [t for t in toks if t.kind == "id"]
    assert [t.text for t in ids] == [identifier]
    first_part = next(t for t in toks if t.kind == "word" and t.start == ids[0].start)
    assert ids[0].position == first_part.position  # same position: phrases over the parts still work
    assert identifier.split("/")[0] in words(text)


def test_folded_form_removes_diacritics_and_maps_d_with_stroke():
    assert fold("Nguyễn Văn Hùng lừa đảo Đồng Nai") == "Nguyen Van Hung lua dao Dong Nai"
    assert [t.folded for t in tokenize("Bị can ĐỖ THỊ QUÝ")] == ["bi", "can", "do", "thi", "quy"]
    assert tokenize("12/QĐ-VKS-P1")[0].folded == "12/qd-vks-p1"


def test_folding_keeps_offsets():
    text = "Trần Thị Hoà, phường Ðông Hòa"
    assert len(fold(text)) == len(normalize(text)) == len(text)
