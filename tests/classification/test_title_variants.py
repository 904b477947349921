"""Older and newer title forms of one document type are classified alike ("BẢN CÁO TRẠNG" = cáo trạng)."""

import pytest

from archive.classification.classifier import classify

HEADER = (
    "VIỆN KIỂM SÁT NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "TỈNH QUẢNG NINH                  Độc lập - Tự do - Hạnh phúc\n"
    "Số: 12/CT-VKS-P2                 Quảng Ninh, ngày 12 tháng 3 năm 2025\n\n"
)
BODY = (
    "\nVIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỈNH QUẢNG NINH\n"
    "Căn cứ Bản kết luận điều tra số 15/KLĐT ngày 1/3/2025 của Cơ quan Cảnh sát điều tra đề nghị truy tố bị can\n"
    "QUYẾT ĐỊNH:\nTruy tố ra trước Tòa án nhân dân tỉnh Quảng Ninh để xét xử bị can Nguyễn Văn An\n"
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("BẢN CÁO TRẠNG", "cao_trang"),
        ("CÁO TRẠNG", "cao_trang"),
        ("BẢN KẾT LUẬN ĐIỀU TRA", "kl_dieu_tra"),
        ("BẢN KẾT LUẬN GIÁM ĐỊNH", "kl_giam_dinh"),
        ("BẢN ÁN", "ban_an"),
    ],
)
def test_leading_ban_keeps_the_type(title, expected):
    result = classify(HEADER + title + "\n" + BODY)
    assert result.doc_type == expected
    assert result.fields.number == "12/CT-VKS-P2"
    assert result.fields.date.isoformat() == "2025-03-12"


def test_unreadable_header_day_gives_no_date_not_a_body_date():
    header = HEADER.replace("ngày 12 tháng 3", "ngày ö tháng 3")
    result = classify(header + "BẢN CÁO TRẠNG\n" + BODY)
    assert result.doc_type == "cao_trang"
    assert result.fields.date is None  # the body's "ngày 1/3/2025" is a cited date, never the document's own
