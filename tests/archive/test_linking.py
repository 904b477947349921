"""Linking documents to cases, the review queue, and corrections that teach the classifier."""

from __future__ import annotations

import hashlib
import itertools

import pytest

from archive.processing.documents import classify_and_link, review_reasons
from archive.processing.review import CorrectionError, confirm_type, review_queue, set_boundaries, set_case
from archive.records.models import Case, Document, Page, TrainingExample, Unit

_counter = itertools.count()

HEADER = (
    "CÔNG AN TỈNH BẮC NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCƠ QUAN CẢNH SÁT ĐIỀU TRA Độc lập - Tự do - Hạnh phúc\n"
)


def decision(number: str, accused: str, cites: str = "", case_number: str = "") -> str:
    body = f"Căn cứ Quyết định khởi tố vụ án hình sự số {cites} ngày 02 tháng 3 năm 2024;\n" if cites else ""
    court = f"Vụ án số {case_number}\n" if case_number else ""
    return (
        f"{HEADER}Số: {number}\nBắc Ninh, ngày 05 tháng 3 năm 2024\nQUYẾT ĐỊNH\nKHỞI TỐ BỊ CAN\n{body}{court}"
        f"Khởi tố bị can đối với: {accused}, sinh năm 1990, về tội Trộm cắp tài sản quy định tại khoản 1 "
        "Điều 173 Bộ luật Hình sự.\nNơi nhận:\n- Viện kiểm sát;\n- Lưu hồ sơ."
    )


@pytest.fixture
def register(archive):
    with archive.transaction() as session:
        province = Unit(code="BN", name="VKSND tỉnh Bắc Ninh", level="provincial")
        session.add(province)
        session.flush()
        kv1 = Unit(code="BN-KV1", name="VKSND khu vực 1", level="regional", parent_id=province.id)
        kv2 = Unit(code="BN-KV2", name="VKSND khu vực 2", level="regional", parent_id=province.id)
        session.add_all([kv1, kv2])
        session.flush()
        session.add_all(
            [
                Case(code="HS-01", unit_id=kv1.id, kind="HS", title="Trần Văn Bình - Trộm cắp tài sản"),
                Case(code="HS-02", unit_id=kv1.id, kind="HS", title="Lê Thị Cúc - Lừa đảo chiếm đoạt tài sản"),
                Case(code="HS-99", unit_id=kv2.id, kind="HS", title="Trần Văn Bình - Cố ý gây thương tích"),
            ]
        )
    return {"BN": province.id, "BN-KV1": kv1.id, "BN-KV2": kv2.id}


def add_processed(archive, pages: list[str], unit_id: int | None, case_code: str | None = None) -> int:
    """A document whose pages were read (as the OCR stage leaves it), then classified and linked."""
    with archive.transaction() as session:
        case_id = session.query(Case.id).filter(Case.code == case_code).scalar() if case_code else None
        document = Document(
            sha256=hashlib.sha256(str(next(_counter)).encode()).hexdigest(),
            filename="scan.pdf",
            media_type="application/pdf",
            size=1,
            unit_id=unit_id,
            case_id=case_id,
            status="done",
            page_count=len(pages),
            link_status="manual" if case_id else "none",
        )
        session.add(document)
        session.flush()
        for number, text in enumerate(pages, start=1):
            session.add(Page(document_id=document.id, number=number, text=text, words=[], confidence=0.95))
        document_id = document.id
    classify_and_link(archive, document_id)
    return document_id


def get(archive, document_id) -> Document:
    session = archive.session()
    document = session.get(Document, document_id)
    document.case, document.parts  # noqa: B018 - load before the session closes
    session.close()
    return document


def test_accused_named_in_the_case_title_links_within_the_unit(archive, register):
    document_id = add_processed(archive, [decision("12/QĐ-CSĐT", "Lê Thị Cúc")], register["BN-KV1"])
    document = get(archive, document_id)
    assert (document.case.code, document.link_status) == ("HS-02", "auto")
    assert "Lê Thị Cúc" in document.link_reason


def test_never_links_to_a_case_of_another_unit(archive, register):
    # "Trần Văn Bình" is the accused of HS-01 (KV1) and of HS-99 (KV2); uploaded by KV2, only HS-99 qualifies.
    document_id = add_processed(archive, [decision("30/QĐ-CSĐT", "Trần Văn Bình")], register["BN-KV2"])
    assert get(archive, document_id).case.code == "HS-99"


def test_the_province_sees_both_candidates_and_asks_a_person(archive, register):
    document_id = add_processed(archive, [decision("31/QĐ-CSĐT", "Trần Văn Bình")], register["BN"])
    document = get(archive, document_id)
    assert document.case is None and document.link_status == "review"
    assert {c["case"] for c in document.link_candidates} == {"HS-01", "HS-99"}
    assert all(c["reasons"] for c in document.link_candidates)
    with archive.session() as session:
        queue = review_queue(session)
        assert [d.id for d in queue] == [document_id]
        assert review_reasons(queue[0]) == ["link"]


def test_cited_order_number_links_to_the_case_holding_that_order(archive, register):
    add_processed(archive, [decision("45/QĐ-CSĐT", "Phạm Văn Dũng")], register["BN-KV1"], case_code="HS-01")
    later = add_processed(archive, [decision("46/QĐ-CSĐT", "Hoàng Văn Em", cites="45 / QĐ-CSĐT")], register["BN-KV1"])
    document = get(archive, later)
    assert document.case.code == "HS-01"
    assert "45/QĐ-CSĐT" in document.link_reason


def test_shared_court_case_number_links(archive, register):
    add_processed(
        archive,
        [decision("50/QĐ-CSĐT", "Ngô Văn Phú", case_number="86/2023/HS-ST")],
        register["BN-KV1"],
        case_code="HS-02",
    )
    later = add_processed(
        archive, [decision("51/QĐ-VKS", "Đinh Văn Quý", case_number="86 / 2023 / HS-ST")], register["BN-KV1"]
    )
    assert get(archive, later).case.code == "HS-02"


def test_unknown_document_goes_to_review_and_a_person_links_it(archive, register):
    document_id = add_processed(archive, [decision("60/QĐ-CSĐT", "Vũ Văn Không")], register["BN-KV1"])
    assert get(archive, document_id).link_status == "review"
    own_unit = {register["BN-KV1"]}
    set_case(archive, document_id, "HS-01", actor="can_bo_a", may_use=lambda case: case.unit_id in own_unit)
    document = get(archive, document_id)
    assert (document.case.code, document.link_status) == ("HS-01", "manual")
    with pytest.raises(CorrectionError):
        set_case(archive, document_id, "HS-99", actor="can_bo_a", may_use=lambda case: case.unit_id in own_unit)


def test_case_given_at_upload_wins(archive, register):
    document_id = add_processed(archive, [decision("70/QĐ-CSĐT", "Lê Thị Cúc")], register["BN-KV1"], case_code="HS-01")
    assert get(archive, document_id).case.code == "HS-01"


def test_a_correction_changes_the_next_prediction(archive, register):
    memo = (
        "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH\nPHIẾU CHUYỂN HỒ SƠ NỘI BỘ\n"
        "Chuyển hồ sơ vụ án cho phòng nghiệp vụ xem xét, đề xuất hướng giải quyết."
    )
    first = add_processed(archive, [memo], register["BN-KV1"])
    predicted = get(archive, first).doc_type
    assert predicted != "tai_lieu_chung_cu"
    confirm_type(archive, first, "tai_lieu_chung_cu", actor="can_bo_a")
    with archive.session() as session:
        assert session.query(TrainingExample).filter_by(doc_type="tai_lieu_chung_cu").count() == 1
    second = add_processed(archive, [memo.replace("phòng nghiệp vụ", "phòng 2")], register["BN-KV1"])
    assert get(archive, second).doc_type == "tai_lieu_chung_cu"


def test_a_person_splits_and_merges_documents(archive, register):
    pages = [decision("80/QĐ-CSĐT", "Lê Thị Cúc"), decision("81/QĐ-CSĐT", "Lê Thị Cúc")]
    document_id = add_processed(archive, pages, register["BN-KV1"])
    assert [(p.first_page, p.last_page) for p in get(archive, document_id).parts] == [(1, 1), (2, 2)]
    set_boundaries(archive, document_id, [1], actor="can_bo_a")
    assert [(p.first_page, p.last_page) for p in get(archive, document_id).parts] == [(1, 2)]
    set_boundaries(archive, document_id, [1, 2], actor="can_bo_a")
    parts = get(archive, document_id).parts
    assert [p.fields["number"] for p in parts] == ["80/QĐ-CSĐT", "81/QĐ-CSĐT"]
    with pytest.raises(CorrectionError):
        set_boundaries(archive, document_id, [5], actor="can_bo_a")
