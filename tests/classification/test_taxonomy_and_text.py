"""Taxonomy codes and labels, and the text normalisation the matching relies on."""

import unicodedata

from archive.classification import CASE_KINDS, DOCUMENT_TYPES, fold, fold_aligned, label_for, nfc, repair_ocr

DOMAIN_CODES = [
    "to_giac",
    "qd_khoi_to_vu_an",
    "qd_khoi_to_bi_can",
    "qd_phe_chuan",
    "lenh_bat_tam_giam",
    "lenh_kham_xet",
    "bb_hoi_cung",
    "bb_lay_loi_khai",
    "bb_kham_nghiem",
    "bb_thu_giu",
    "qd_trung_cau_giam_dinh",
    "kl_giam_dinh",
    "kl_dieu_tra",
    "cao_trang",
    "qd_dua_ra_xet_xu",
    "qd_dinh_chi",
    "khang_nghi",
    "ban_an",
    "don_khoi_kien",
    "thong_bao_thu_ly",
    "bb_hoa_giai",
    "qd_cong_nhan_thoa_thuan",
    "tai_lieu_chung_cu",
    "khac",
]


def test_codes_are_exactly_the_domain_taxonomy():
    assert list(DOCUMENT_TYPES) == DOMAIN_CODES


def test_labels_are_the_vietnamese_words_in_nfc():
    assert label_for("cao_trang") == "Cáo trạng"
    assert label_for("qd_khoi_to_bi_can") == "Quyết định khởi tố bị can"
    assert label_for("bb_kham_nghiem") == "Biên bản khám nghiệm hiện trường / tử thi"
    for label in DOCUMENT_TYPES.values():
        assert unicodedata.is_normalized("NFC", label)


def test_case_kinds():
    assert set(CASE_KINDS) == {"HS", "DS", "HC", "KDTM", "LĐ", "HNGĐ"}


def test_nfc_recomposes_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "Quyết định")
    assert nfc(decomposed) == "Quyết định"
    assert repair_ocr(decomposed) == "Quyết định"


def test_repair_replaces_ocr_lookalikes():
    assert repair_ocr("QUYẾT ÐỊNH ðình chỉ") == "QUYẾT ĐỊNH đình chỉ"
    assert repair_ocr("Cöng an   tỉnh") == "Công an tỉnh"
    assert repair_ocr("Số: 45 – CT") == "Số: 45 - CT"


def test_fold_removes_accents_and_maps_d():
    assert fold("Đình chỉ ĐIỀU TRA") == "dinh chi dieu tra"
    assert fold("hoà giải") == fold("hòa giải") == "hoa giai"


def test_aligned_fold_keeps_positions():
    text = "Bị can Nguyễn Văn Ðạt, điểm đ khoản 3"
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    start = folded.index("nguyen")
    assert text[start : start + 6] == "Nguyễn"
