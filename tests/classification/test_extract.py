"""Identifier extraction: number/symbol, dates, issuer, court numbers, law articles, people, IDs."""

import datetime as dt

import pytest

from archive.classification import Person, extract_fields
from archive.classification.extract import (
    extract_articles,
    extract_case_numbers,
    extract_citizen_ids,
    extract_date,
    extract_issuer,
    extract_number,
    extract_people,
)

from .texts import MOTTO, TEXTS, VKS


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Số: 45/CT-VKS-P2", "45/CT-VKS-P2"),
        ("Số: 45 / CT-VKS-P2", "45/CT-VKS-P2"),
        ("Số 12/QĐ-VKS-P1", "12/QĐ-VKS-P1"),
        ("Số: 12/QÐ-VKS-P1", "12/QĐ-VKS-P1"),  # U+00D0 from OCR
        ("Số: 12/QD-VKS-P1", "12/QĐ-VKS-P1"),  # stroke of Đ lost
        ("Số: 05/2018/TTLT-VKSNDTC-TANDTC-BCA-BQP", "05/2018/TTLT-VKSNDTC-TANDTC-BCA-BQP"),
        ("Số: 05 / 2018 / TTLT - VKSNDTC - TANDTC", "05/2018/TTLT-VKSNDTC-TANDTC"),
        ("So: 112/QĐ-CSĐT", "112/QĐ-CSĐT"),  # accent lost
        ("Số:45/KLĐT-CSĐT", "45/KLĐT-CSĐT"),
        ("Bản án số: 86/2023/HS-ST", "86/2023/HS-ST"),
        ("Số: 91/2023/QĐXXST-HS", "91/2023/QĐXXST-HS"),
    ],
)
def test_number_and_symbol_formats(line, expected):
    text = f"{VKS}{line} Bắc Ninh, ngày 18 tháng 9 năm 2023\nCÁO TRẠNG\n"
    assert extract_number(text) == expected


def test_number_on_its_own_line_under_the_organ():
    text = "VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH BẮC NINH\nSố: 45/CT-VKS-P2\n" + MOTTO + "Bắc Ninh, ngày 18 tháng 9 năm 2023\n"
    assert extract_number(text) == "45/CT-VKS-P2"


def test_cited_number_is_not_the_documents_number():
    text = MOTTO + "BIÊN BẢN HỎI CUNG BỊ CAN\nThực hiện Quyết định khởi tố bị can số 45/QĐ-CSĐT ngày 12/4/2023."
    assert extract_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bắc Ninh, ngày 18 tháng 9 năm 2023", dt.date(2023, 9, 18)),
        ("Bắc Ninh, ngày 05 tháng 02 năm 2023", dt.date(2023, 2, 5)),
        ("Bắc Ninh, ngày 5 tháng 2 năm 2023", dt.date(2023, 2, 5)),
        ("Hà Nội ngày 02 tháng 02 năm 2024", dt.date(2024, 2, 2)),  # comma lost
        ("Bắc Ninh, ngày 18  tháng 9  nãm 2023", dt.date(2023, 9, 18)),  # OCR accent error
        ("Bắc Ninh, ngay 18 thang 9 nam 2023", dt.date(2023, 9, 18)),
        ("Ngày: 27 - 11 - 2023", dt.date(2023, 11, 27)),
        ("Bắc Ninh, ngày 25/8/2023", dt.date(2023, 8, 25)),
        ("Bắc Ninh, ngày 3O tháng 6 năm 2023", dt.date(2023, 6, 30)),  # letter O for zero
        ("Bac Ninh, ngay 19 thang 7 ndm 2025", dt.date(2025, 7, 19)),  # vowel misread
        ("- Ngày 10 - 12 - 2024. .", dt.date(2024, 12, 10)),  # judgment header with specks
    ],
)
def test_date_formats(text, expected):
    assert extract_date(VKS + "Số: 45/CT-VKS-P2\n" + text + "\nCÁO TRẠNG\n") == expected


def test_own_date_is_the_header_line_not_a_cited_date():
    text = (
        VKS + MOTTO + "Căn cứ Quyết định số 12/QĐ-VKS ngày 05 tháng 02 năm 2023;\n"
        "Số: 45/CT-VKS-P2 Bắc Ninh, ngày 18 tháng 9 năm 2023\nCÁO TRẠNG\n"
        "Căn cứ Bản kết luận điều tra số 52/KLĐT ngày 30 tháng 6 năm 2023;"
    )
    assert extract_date(text) == dt.date(2023, 9, 18)


def test_record_date_when_there_is_no_header_date():
    assert extract_date(TEXTS["bb_hoi_cung"]) == dt.date(2023, 4, 20)
    text = MOTTO + "BIÊN BẢN LẤY LỜI KHAI\nTheo Lệnh số 15/LB ngày 14 tháng 4 năm 2023.\n"
    assert extract_date(text) is None  # only a cited date


def test_birth_date_is_not_the_documents_date():
    text = MOTTO + "BIÊN BẢN\nBị can Đỗ Văn Long, sinh ngày 14/7/1985.\n"
    assert extract_date(text) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (VKS, "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH"),
        # parent organ above the issuing one; a name without territory takes its parent's
        ("CÔNG AN TỈNH HẢI DƯƠNG\nCƠ QUAN CẢNH SÁT ĐIỀU TRA\n", "CƠ QUAN CẢNH SÁT ĐIỀU TRA CÔNG AN TỈNH HẢI DƯƠNG"),
        (
            "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO\nVIỆN KIỂM SÁT NHÂN DÂN\nTỈNH BẮC NINH\n",
            "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH",
        ),
        ("SỞ Y TẾ TỈNH BẮC NINH\nTRUNG TÂM PHÁP Y\n", "TRUNG TÂM PHÁP Y SỞ Y TẾ TỈNH BẮC NINH"),
        ("TÒA ÁN NHÂN DÂN\nQUẬN CẦU GIẤY\n", "TÒA ÁN NHÂN DÂN QUẬN CẦU GIẤY"),
    ],
)
def test_issuer_is_the_organ_block_not_the_motto(header, expected):
    assert extract_issuer(header + MOTTO + "Số: 45/CT-VKS-P2\nCÁO TRẠNG\n") == expected


def test_issuer_when_ocr_merges_the_two_header_columns():
    text = (
        "VIỆN KIỂM SÁT NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH BẮC NINH Độc lập - Tự do - Hạnh phúc\n"
        "Số: 45/CT-VKS-P2 Bắc Ninh, ngày 18 tháng 9 năm 2023\nCÁO TRẠNG\n"
    )
    assert extract_issuer(text) == "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH"
    assert extract_number(text) == "45/CT-VKS-P2"
    assert extract_date(text) == dt.date(2023, 9, 18)


def test_issuer_when_ocr_wraps_a_merged_header():
    text = (
        "TÒA ÁN NHÂN DÂN TỈNH BẮC NINH_ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TÒA ÁN NHÂN DÂN KHU VỰC 2 - BẮC Độc lập - Tự do - Hạnh phúc\nNINH\n\n"
        "Số: 692/GTT-TA Bắc Ninh, ngày 28 tháng 9 năm 2025\n\nGIẤY TRIỆU TẬP\n"
    )
    assert extract_issuer(text) == "TÒA ÁN NHÂN DÂN KHU VỰC 2 - BẮC NINH"
    assert extract_number(text) == "692/GTT-TA"


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("VIEN KIEM SAT NHAN DAN TINH BAC NINH", "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH"),
        ("VIỆN KIẾM SÁT NHÂN DÂN KHU VUC 2 - BẮC NINH", "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 2 - BẮC NINH"),
        ("CƠ QUAN CẢNH SÁT ĐIỀU TRA CONG AN TINH THANH HOA", "CƠ QUAN CẢNH SÁT ĐIỀU TRA CÔNG AN TỈNH THANH HÓA"),
        ("TOÀ ÁN NHÂN DÂN TỈNH BẮC NINH", "TOÀ ÁN NHÂN DÂN TỈNH BẮC NINH"),  # old tone placement is kept
        ("TÒA ÁN NHÂN DÂN THÀNH PHỐ TU SON", "TÒA ÁN NHÂN DÂN THÀNH PHỐ TU SON"),  # districts are not listed
    ],
)
def test_issuer_accents_lost_by_ocr_are_restored(ocr, expected):
    assert extract_issuer(ocr + "\n" + MOTTO + "Số: 45/CT-VKS-P2\nCÁO TRẠNG\n") == expected


def test_no_issuer_on_a_citizens_petition():
    assert extract_issuer(TEXTS["don_khoi_kien"]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bản án số: 86/2023/HS-ST", ["86/2023/HS-ST"]),
        ("thụ lý số 79/2023/TLST-HS", ["79/2023/TLST-HS"]),
        ("Quyết định số 91/2023/QĐXXST-HS", ["91/2023/QĐXXST-HS"]),
        ("Số: 1797/2025/QĐST-DS", ["1797/2025/QĐST-DS"]),
        ("bản án 12/2024/HNGĐ-PT", ["12/2024/HNGĐ-PT"]),
        ("bản án 12/2024/HNGD-PT", ["12/2024/HNGĐ-PT"]),  # stroke lost
        ("bản án 7/2022/HC-ST", ["7/2022/HC-ST"]),
        ("bản án 3/2021/KDTM-PT", ["3/2021/KDTM-PT"]),
        ("bản án 15/2023/LÐ-ST", ["15/2023/LĐ-ST"]),  # U+00D0
        ("quyết định giám đốc thẩm 02/2024/HS-GĐT", ["02/2024/HS-GĐT"]),
        ("bản án 86 / 2023 / HS - ST và 86/2023/HS-ST", ["86/2023/HS-ST"]),  # spaces, duplicate
        ("Quyết định 45/CT-VKS-P2 ngày 25/8/2023", []),
    ],
)
def test_court_numbers(text, expected):
    assert extract_case_numbers(text) == expected


def test_longer_kind_codes_win():
    assert extract_case_numbers("vụ án 12/2024/TLST-HNGĐ") == ["12/2024/TLST-HNGĐ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theo điểm a khoản 3 Điều 174 Bộ luật Hình sự", ["điểm a khoản 3 Điều 174 Bộ luật Hình sự"]),
        ("áp dụng khoản 1 Điều 51 BLHS", ["khoản 1 Điều 51 Bộ luật Hình sự"]),
        ("Căn cứ Điều 179 Bộ luật Tố tụng hình sự;", ["Điều 179 Bộ luật Tố tụng hình sự"]),
        ("điểm đ khoản 2 Điều 134 Bộ luật Hình sự", ["điểm đ khoản 2 Điều 134 Bộ luật Hình sự"]),
        ("điểm ð khoản 2 Ðiều 134 Bộ luật Hình sự", ["điểm đ khoản 2 Điều 134 Bộ luật Hình sự"]),
        ("diem a khoan 3 Dieu 174 Bo luat Hinh su", ["điểm a khoản 3 Điều 174 Bộ luật Hình sự"]),
        (
            "điểm b, s khoản 1 Điều 51 Bộ luật Hình sự",
            ["điểm b khoản 1 Điều 51 Bộ luật Hình sự", "điểm s khoản 1 Điều 51 Bộ luật Hình sự"],
        ),
        (
            "Căn cứ các Điều 33, 36 và 41 BLTTHS",
            ["Điều 33 Bộ luật Tố tụng hình sự", "Điều 36 Bộ luật Tố tụng hình sự", "Điều 41 Bộ luật Tố tụng hình sự"],
        ),
        (
            "điểm a khoản 3 Điều 174; điểm s khoản 1 Điều 51 Bộ luật Hình sự",
            ["điểm a khoản 3 Điều 174 Bộ luật Hình sự", "điểm s khoản 1 Điều 51 Bộ luật Hình sự"],
        ),
        ("Điều 1. Khởi tố vụ án. Điều 2. Giao Cơ quan điều tra thi hành.", []),
    ],
)
def test_law_references(text, expected):
    assert extract_articles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khởi tố bị can Nguyễn Văn An về tội trộm cắp", [Person("Nguyễn Văn An", "bị can")]),
        ("Bị cáo: Trần Thị Bích Ngọc, sinh năm 1990", [Person("Trần Thị Bích Ngọc", "bị cáo")]),
        ("Bị hại: bà Lê Thị Hoa", [Person("Lê Thị Hoa", "bị hại")]),
        ("Người bị hại: ông Phạm Văn Dũng", [Person("Phạm Văn Dũng", "bị hại")]),
        ("lấy lời khai người làm chứng Hoàng Văn Tư", [Person("Hoàng Văn Tư", "người làm chứng")]),
        ("Kiểm sát viên Lê Thu Trang", [Person("Lê Thu Trang", "kiểm sát viên")]),
        ("KIỂM SÁT VIÊN Lê Thu Trang", [Person("Lê Thu Trang", "kiểm sát viên")]),
        (
            "Nguyên đơn: Bà Nguyễn Thị Mai; Bị đơn: Ông Trần Quốc Toản",
            [Person("Nguyễn Thị Mai", "nguyên đơn"), Person("Trần Quốc Toản", "bị đơn")],
        ),
        ("Điều tra viên Ðỗ Minh Ðức", [Person("Đỗ Minh Đức", "điều tra viên")]),
        ("Khởi tố bị can: NGUYỄN VĂN AN", [Person("Nguyễn Văn An", "bị can")]),
        ("Bị can Tran Van Hùng", [Person("Trần Văn Hùng", "bị can")]),  # OCR lost the accents
        ("Bị cáo: Dao Quang Kiên", [Person("Đào Quang Kiên", "bị cáo")]),
        ("Bị can Phạm Ngoc\nLinh; sinh ngày", [Person("Phạm Ngọc Linh", "bị can")]),  # wrapped line
        ("QUYẾT ĐỊNH KHỞI TỐ BỊ CAN\nCăn cứ", []),
        ("bị hại Công ty TNHH Minh Phát", []),
        ("bị can về tội trộm cắp tài sản", []),
    ],
)
def test_people_with_roles(text, expected):
    assert extract_people(text) == expected


def test_citizen_ids():
    assert extract_citizen_ids("CCCD số 027085001234, điện thoại 0912345678") == ["027085001234"]


def test_fields_are_nfc():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", TEXTS["cao_trang"])
    fields = extract_fields(decomposed)
    assert fields.number == "45/CT-VKS-P2"
    assert fields.issuer == "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH"
    assert unicodedata.is_normalized("NFC", fields.issuer)
    assert fields.people == [Person("Đỗ Văn Long", "bị can")]
    assert all(unicodedata.is_normalized("NFC", a) for a in fields.articles)
