"""Fields repaired by their grammar, or left empty with a doubt when the page cannot be trusted:
the OCR misreadings of real scans (doubled Đ, letters for digits, lost spaces, handwritten numbers)."""

import datetime as dt

import pytest

from archive.classification import classify, extract_fields
from archive.classification.extract import extract_case_numbers, plausible_organ

from .texts import MOTTO, VKS

HEADER = VKS + MOTTO


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Số: 05/QĐĐĐKNPT-VKS-P3", "05/QĐKNPT-VKS-P3"),  # Đ read three times
        ("Số: 1136/2025/QĐĐST-HNGĐ", "1136/2025/QĐST-HNGĐ"),  # a decision's level never starts with Đ
        ("Số: 91/2023/QĐĐXXST-HS", "91/2023/QĐXXST-HS"),
        ("Số: O5/QĐ-VKS-P1", "05/QĐ-VKS-P1"),  # letter O for the digit
        ("Số: 12/QĐ-VKS-Pl", "12/QĐ-VKS-P1"),  # letter l for the unit's digit
        ("Số: 3l/2O24/QĐ-VKS", "31/2024/QĐ-VKS"),
    ],
)
def test_number_is_repaired_by_the_symbol_grammar(line, expected):
    text = f"{HEADER}{line}\nBắc Ninh, ngày 18 tháng 9 năm 2024\nQUYẾT ĐỊNH\n"
    assert extract_fields(text).number == expected


def test_a_real_double_d_abbreviation_is_kept():
    # "ĐĐ" stays where a word starting with Đ may follow QĐ: only decision modifiers are collapsed.
    text = f"{HEADER}Số: 7/QĐĐC-VKS\nBắc Ninh, ngày 18 tháng 9 năm 2024\nQUYẾT ĐỊNH\n"
    assert extract_fields(text).number == "7/QĐĐC-VKS"


def test_court_number_with_doubled_stroke_is_found_as_written():
    body = "Căn cứ Quyết định số 1136/2025/QĐĐST-HNGĐ ngày 3/4/2025 của Tòa án."
    assert extract_case_numbers(body) == ["1136/2025/QĐST-HNGĐ"]


def test_handwritten_number_and_day_are_left_empty_with_their_doubts():
    # Decision 286/QĐ-VKSTC: the number and the day were written in by hand after printing.
    text = (
        "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO\n" + MOTTO + "Sáz:ö8/QĐ-VKSTC\n"
        "Hà Nội, ngày (Ö tháng 5 năm 2025\nQUYẾT ĐỊNH\nCăn cứ Luật số 63/2014/QH13 ngày 24 tháng 11 "
        "năm 2014. Hôm nay ngày 6 tháng 2 năm 2025 tại trụ sở.\n"
    )
    fields = extract_fields(text)
    assert fields.number is None and fields.date is None
    assert fields.doubts == ["number_unreadable", "date_unreadable"]
    assert fields.issuer == "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"


def test_unreadable_header_day_never_takes_a_date_of_the_body():
    text = (
        HEADER + "Số: 12/QĐ-VKS\nBắc Ninh, ngày ö tháng 3 năm 2025\nQUYẾT ĐỊNH\n"
        "Căn cứ Lệnh số 3 ngày 5 tháng 2 năm 2025 của Cơ quan điều tra.\n"
    )
    fields = extract_fields(text)
    assert fields.date is None and "date_unreadable" in fields.doubts


@pytest.mark.parametrize("year", ["2065", "1894"])
def test_a_year_no_document_can_have_is_not_shown(year):
    text = f"{HEADER}Số: 12/QĐ-VKS\nBắc Ninh, ngày 12 tháng 3 năm {year}\nQUYẾT ĐỊNH\n"
    fields = extract_fields(text, today=dt.date(2026, 12, 3))
    assert fields.date is None
    if year == "2065":
        assert fields.doubts == ["date_implausible"]


def test_a_clean_header_has_no_doubts():
    text = f"{HEADER}Số: 12/QĐ-VKS\nBắc Ninh, ngày 12 tháng 3 năm 2025\nQUYẾT ĐỊNH\n"
    fields = extract_fields(text, today=dt.date(2026, 12, 3))
    assert (fields.number, fields.date, fields.doubts) == ("12/QĐ-VKS", dt.date(2025, 3, 12), [])


def test_province_with_its_space_lost_is_split():
    text = "VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH QUẢNGNINH\n" + MOTTO + "Số: 12/QĐ-VKS\nQuảng Ninh, ngày 1 tháng 3 năm 2025\n"
    assert extract_fields(text).issuer == "VIỆN KIỂM SÁT NHÂN DÂN TỈNH QUẢNG NINH"


def test_a_capital_c_read_as_g_in_the_header_still_names_the_organ():
    # A fax's header row, both columns on one line, "CÔNG" and "CỘNG" read with a G.
    text = (
        "GÔNG AN THÀNH PHỐ TỪ SƠN GỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "CƠ QUAN CẢNH SÁT ĐIỀU TRA Độc lập - Tự do - Hạnh phúc\nSố: 296/QĐ-CSĐT\n"
        "Từ Sơn, ngày 15 tháng 10 năm 2023\nQUYẾT ĐỊNH\n"
    )
    assert extract_fields(text).issuer == "CƠ QUAN CẢNH SÁT ĐIỀU TRA CÔNG AN THÀNH PHỐ TỪ SƠN"


def test_a_motto_cut_at_the_margin_is_not_taken_into_the_issuer():
    text = (
        "CÔNG AN TỈNH BẮC NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NA\n"
        "CƠ QUAN CẢNH SÁT ĐIỀU TRA Độc lập - Tự do - Hạnh phú\nSố: 12/BB-CSĐT\n"
        "Bắc Ninh, ngày 07 tháng 7 năm 2025\nBIÊN BẢN LẤY LỜI KHAI\n"
    )
    assert extract_fields(text).issuer == "CƠ QUAN CẢNH SÁT ĐIỀU TRA CÔNG AN TỈNH BẮC NINH"


@pytest.mark.parametrize("title", ["VIỆN TRƯỞNG", "KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG"])
def test_the_heads_title_is_not_part_of_the_issuer(title):
    text = f"{title} VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH BẮC NINH\nSố: 12/QĐ-VKS\nBắc Ninh, ngày 1 tháng 3 năm 2025\n"
    assert extract_fields(text).issuer == "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH"


def test_ocr_noise_is_never_shown_as_the_issuer():
    # A blurred scan's header read as "SCƠNG, 9A SÀ 1W XÃ L9".
    text = "SCƠNG, 9A SÀ 1W XÃ L9\n" + MOTTO + "Số: 12/QĐ-VKS\nBắc Ninh, ngày 1 tháng 3 năm 2025\nQUYẾT ĐỊNH\n"
    fields = extract_fields(text)
    assert fields.issuer is None and fields.doubts == ["issuer_unreadable"]


@pytest.mark.parametrize(
    "name",
    [
        "VIỆN KIỂM SÁT NHÂN DÂN TỈNH ĐẮK LẮK",
        "TÒA ÁN NHÂN DÂN KHU VỰC 2 - BẮC NINH",
        "CÔNG TY TNHH THƯƠNG MẠI ABC",
        "TOÀ ÁN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "UBND XÃ YÊN PHONG",
    ],
)
def test_real_organ_names_read_as_words(name):
    assert plausible_organ(name)


def test_second_person_joined_by_va_ba():
    text = (
        HEADER + "BIÊN BẢN LẤY LỜI KHAI\nNgười làm chứng: ông Nguyễn Văn An và bà Trần Thị Bình cùng "
        "trình bày như sau.\nBị cáo Lê Văn Cường và Công ty TNHH Minh Phát.\n"
    )
    people = [(p.name, p.role) for p in extract_fields(text).people]
    assert people == [
        ("Nguyễn Văn An", "người làm chứng"),
        ("Trần Thị Bình", "người làm chứng"),
        ("Lê Văn Cường", "bị cáo"),
    ]


def test_older_title_ban_cao_trang_is_an_indictment():
    text = (
        HEADER + "Số: 45/CT-VKS-P2\nBắc Ninh, ngày 18 tháng 9 năm 2023\nBẢN CÁO TRẠNG\n"
        "VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH\nCăn cứ Bản kết luận điều tra số 12/KLĐT ngày "
        "1/9/2023 của Cơ quan Cảnh sát điều tra đề nghị truy tố bị can Nguyễn Văn An; kết quả điều tra "
        "xác định như sau. Kết luận điều tra nêu rõ.\n"
    )
    result = classify(text)
    assert result.doc_type == "cao_trang"
    assert result.fields.issuer == "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH"


def test_every_review_reason_has_vietnamese_words():
    from archive.processing.documents import REVIEW_REASONS
    from web.messages import MESSAGES

    assert [code for code in REVIEW_REASONS if f"review.reason.{code}" not in MESSAGES] == []


def test_a_repaired_number_still_finds_the_words_it_was_read_from():
    from types import SimpleNamespace

    from archive.processing.field_evidence import field_evidence

    words = [
        ["Số:", [0, 0, 10, 10], 0.9],
        ["1136/2025/QĐĐST-HNGĐ", [12, 0, 90, 10], 0.91],
        ["O5/QĐ-VKS-P1", [0, 20, 60, 30], 0.88],
    ]
    page = SimpleNamespace(number=1, words=words)
    assert field_evidence([page], {"number": "1136/2025/QĐST-HNGĐ"})["number"].words == (1,)
    assert field_evidence([page], {"number": "05/QĐ-VKS-P1"})["number"].words == (2,)
