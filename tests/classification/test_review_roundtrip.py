"""The learned model and the review queue: a person's correction changes the next prediction."""

import pytest

from archive.classification import (
    REVIEW_THRESHOLD,
    LearnedModel,
    classify,
    needs_review,
    to_json,
    train_model,
)

from .texts import TEXTS

# A record with the title lost in scanning: body cues point to an interrogation of the accused,
# but people confirm it is a witness statement.
HEADLESS_STATEMENT = """Hôm nay, hồi 14 giờ ngày 22 tháng 4 năm 2023, tại trụ sở Công an thành phố Từ Sơn.
Điều tra viên tiến hành hỏi cung bị can Đỗ Văn Long về việc nhận tiền của bà Hoa; anh Trần Văn Bình khai.
Hỏi: Anh biết gì về việc bà Hoa đưa tiền?
Trả lời: Tôi chứng kiến bà Hoa đưa tiền cho anh Long tại quán cà phê."""

SIMILAR_STATEMENT = HEADLESS_STATEMENT.replace("Trần Văn Bình", "Lê Văn Cường").replace("14 giờ", "15 giờ")


def confirmed_examples():
    return [(text, code) for code, text in TEXTS.items()]


def test_correction_changes_the_next_prediction():
    before = classify(HEADLESS_STATEMENT)
    assert before.doc_type == "bb_hoi_cung"
    assert needs_review(before)  # body cues only: a person confirms the type

    examples = confirmed_examples() + [(HEADLESS_STATEMENT, "bb_lay_loi_khai")]  # the correction
    model = train_model(examples)

    after = classify(HEADLESS_STATEMENT, model)
    assert after.doc_type == "bb_lay_loi_khai"
    assert after.confidence >= REVIEW_THRESHOLD
    assert not needs_review(after)
    # A similar document (same template, other names) benefits from the correction too.
    assert classify(SIMILAR_STATEMENT, model).doc_type == "bb_lay_loi_khai"


def test_a_later_correction_replaces_an_earlier_confirmation():
    first = train_model(confirmed_examples() + [(HEADLESS_STATEMENT, "bb_hoi_cung")])
    assert classify(HEADLESS_STATEMENT, first).doc_type == "bb_hoi_cung"
    second = train_model(
        confirmed_examples() + [(HEADLESS_STATEMENT, "bb_hoi_cung"), (HEADLESS_STATEMENT, "bb_lay_loi_khai")]
    )
    assert second.n_examples == len(TEXTS) + 1
    assert classify(HEADLESS_STATEMENT, second).doc_type == "bb_lay_loi_khai"


def test_model_agreeing_with_rules_raises_confidence():
    model = train_model(confirmed_examples())
    text = TEXTS["cao_trang"].replace("Đỗ Văn Long", "Hoàng Văn Nam")
    assert classify(text, model).confidence > classify(text).confidence


def test_confident_model_overrides_weak_rules_for_types_it_knows_well():
    # Several confirmed contracts without the words the rules know; the model learns the template.
    contracts = [
        (
            f"BÊN GIAO: Ông Nguyễn Văn {name}\nBÊN NHẬN: Bà Trần Thị Hoa\nHai bên thống nhất bàn giao tài sản gồm "
            f"xe ô tô biển số 99A-{number}, giấy đăng ký xe và chìa khóa. Bàn giao lúc 9 giờ.",
            "tai_lieu_chung_cu",
        )
        for name, number in [("An", "123.45"), ("Bình", "234.56"), ("Cường", "345.67"), ("Dũng", "456.78")]
    ]
    model = train_model(confirmed_examples() + contracts)
    text = (
        "BÊN GIAO: Ông Lê Văn Tài\nBÊN NHẬN: Bà Phạm Thị Mai\nHai bên thống nhất bàn giao tài sản gồm xe ô tô "
        "biển số 99A-567.89, giấy đăng ký xe và chìa khóa. Bàn giao lúc 10 giờ."
    )
    assert classify(text).doc_type == "khac"
    assert classify(text, model).doc_type == "tai_lieu_chung_cu"


def test_model_serialises_to_bytes_and_back(tmp_path):
    model = train_model(confirmed_examples())
    restored = LearnedModel.from_bytes(model.to_bytes())
    assert restored.predict_proba(TEXTS["ban_an"]) == pytest.approx(model.predict_proba(TEXTS["ban_an"]))
    path = tmp_path / "model.bin"
    model.save(path)
    assert LearnedModel.load(path).classes == model.classes
    with pytest.raises(ValueError):
        LearnedModel.from_bytes(b"\x80\x04N.")  # a pickle of None


def test_model_works_from_a_single_example():
    model = train_model([(TEXTS["cao_trang"], "cao_trang")])
    assert model.classes == ["cao_trang"]
    assert classify(TEXTS["cao_trang"], model).doc_type == "cao_trang"
    assert classify(TEXTS["don_khoi_kien"], model).doc_type == "don_khoi_kien"
    assert train_model([]).n_examples == 0


def test_unknown_type_in_training_is_rejected():
    with pytest.raises(ValueError):
        train_model([("văn bản", "not_a_type")])


def test_json_shape_is_the_cli_contract():
    data = to_json(classify(TEXTS["cao_trang"]))
    assert set(data) == {"type", "label", "confidence", "fields"}
    assert data["type"] == "cao_trang"
    assert data["label"] == "Cáo trạng"
    assert 0.0 <= data["confidence"] <= 1.0
    assert data["fields"] == {
        "number": "45/CT-VKS-P2",
        "date": "2023-09-18",
        "issuer": "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH",
        "case_numbers": [],
        "articles": ["điểm a khoản 3 Điều 174 Bộ luật Hình sự"],
        "people": [{"name": "Đỗ Văn Long", "role": "bị can"}],
    }


def test_json_of_an_empty_document():
    data = to_json(classify(""))
    assert data["type"] == "khac"
    assert data["fields"]["date"] is None and data["fields"]["people"] == []


def test_a_confirmed_decision_does_not_retype_the_other_decisions_of_its_organ(multi_document_pages):
    """The sample scan's decision to open the case and its decision to charge the accused share a letterhead
    and formulas: confirming the first must not make the second, titled otherwise, look like it."""
    opening, charge = (page.text for page in multi_document_pages[1:3])
    model = train_model([(opening, "qd_khoi_to_vu_an")])
    assert classify(charge, model).doc_type == "qd_khoi_to_bi_can"
    # A copy of a confirmed example still takes the type a person gave it, even against its title.
    corrected = train_model([(charge, "qd_khoi_to_vu_an")])
    assert classify(charge, corrected).doc_type == "qd_khoi_to_vu_an"
