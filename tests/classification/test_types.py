"""Every taxonomy type is recognised from its own cues, also when OCR lost the accents."""

import pytest

from archive.classification import REVIEW_THRESHOLD, classify, fold_aligned, needs_review

from .texts import TEXTS

RECOGNISED = [code for code in TEXTS if code != "khac"]


@pytest.mark.parametrize("code", RECOGNISED)
def test_type_from_title_and_cues(code):
    result = classify(TEXTS[code])
    assert result.doc_type == code
    assert result.confidence >= REVIEW_THRESHOLD
    assert not needs_review(result)


@pytest.mark.parametrize("code", RECOGNISED)
def test_type_survives_accent_loss(code):
    unaccented = fold_aligned(TEXTS[code], lower=False)
    assert classify(unaccented).doc_type == code


@pytest.mark.parametrize("code", RECOGNISED)
def test_type_survives_ocr_lookalikes_and_spacing(code):
    noisy = TEXTS[code].replace("Đ", "Ð").replace("đ", "ð").replace(" ", "  ")
    assert classify(noisy).doc_type == code


def test_unrecognised_document_goes_to_review():
    result = classify(TEXTS["khac"])
    assert result.doc_type == "khac"
    assert needs_review(result)


def test_body_cues_alone_give_the_type_with_lower_confidence():
    interrogation = """Hôm nay tại Trại tạm giam, Điều tra viên tiến hành hỏi cung bị can Đỗ Văn Long.
Hỏi: Anh khai lại việc nhận tiền?
Trả lời: Tôi đã nhận tiền."""
    result = classify(interrogation)
    assert result.doc_type == "bb_hoi_cung"
    assert result.confidence < classify(TEXTS["bb_hoi_cung"]).confidence


def test_title_naming_another_decision_keeps_its_own_type():
    # "Phê chuẩn quyết định khởi tố bị can" is an approval, not an indictment decision.
    assert classify(TEXTS["qd_phe_chuan"]).doc_type == "qd_phe_chuan"
    text = TEXTS["qd_phe_chuan"].replace("PHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN", "PHÊ CHUẨN LỆNH BẮT BỊ CAN ĐỂ TẠM GIAM")
    assert classify(text).doc_type == "qd_phe_chuan"


def test_operative_part_is_not_a_title():
    text = "VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH BẮC NINH\nQUYẾT ĐỊNH:\nTruy tố bị can ra trước Tòa án."
    assert classify(text).doc_type != "qd_khoi_to_vu_an"


def test_title_split_by_an_ocr_speck():
    text = TEXTS["qd_khoi_to_bi_can"].replace("QUYẾT ĐỊNH KHỞI TỐ BỊ CAN", "QUYẾT ĐỊNH _ KHOI TO BỊ CAN.")
    assert classify(text).doc_type == "qd_khoi_to_bi_can"


def test_clear_title_outside_the_taxonomy_is_khac():
    text = TEXTS["qd_phe_chuan"].replace("PHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN", "PHÂN CÔNG KIỂM SÁT VIÊN")
    text = text.replace("Phê chuẩn", "Phân công").replace("phê chuẩn", "phân công")
    assert classify(text).doc_type == "khac"
