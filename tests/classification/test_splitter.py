"""Splitting a multi-page upload (a whole case file scanned in one go) into documents."""

from archive.classification import page_starts_document, split_pages

from .texts import TEXTS

CONTINUATION = """tiếp tục khai báo về hành vi của mình, lời khai phù hợp với các tài liệu khác có trong hồ sơ vụ án
và được Điều tra viên ghi lại đầy đủ.
Hỏi: Bị can còn khai gì thêm không?
Trả lời: Tôi không khai gì thêm."""

CLOSING = """Nơi nhận:
- Viện kiểm sát nhân dân tỉnh Bắc Ninh;
- Lưu: HSVA.
KT. THỦ TRƯỞNG
PHÓ THỦ TRƯỞNG
Nguyễn Văn Hùng"""


def test_documents_start_at_headers_and_continuation_pages_stay():
    pages = [
        TEXTS["qd_khoi_to_vu_an"],
        CLOSING,  # the decision's second page: signature block, no header
        TEXTS["bb_hoi_cung"],
        CONTINUATION,
        CONTINUATION,
        TEXTS["cao_trang"],
        TEXTS["ban_an"],
        "xử phạt bị cáo 08 năm tù. Bị cáo có quyền kháng cáo trong hạn 15 ngày.\n" + CLOSING,
    ]
    assert split_pages(pages) == [range(0, 2), range(2, 5), range(5, 6), range(6, 8)]


def test_every_page_belongs_to_exactly_one_document():
    pages = [TEXTS[code] for code in TEXTS] + [CONTINUATION]
    ranges = split_pages(pages)
    assert [i for r in ranges for i in r] == list(range(len(pages)))
    assert len(ranges) == len(TEXTS)


def test_operative_part_at_the_top_of_a_page_is_not_a_new_document():
    page = "QUYẾT ĐỊNH:\nĐiều 1. Khởi tố vụ án hình sự Trộm cắp tài sản.\nĐiều 2. Giao Cơ quan điều tra thi hành."
    assert not page_starts_document(page, TEXTS["qd_khoi_to_vu_an"])
    assert split_pages([TEXTS["qd_khoi_to_vu_an"], page]) == [range(0, 2)]


def test_title_after_a_signature_block_starts_a_new_document():
    # No motto and no number (a scanned record whose header was cut off), but the previous page was signed.
    page = "BIÊN BẢN LẤY LỜI KHAI\nHôm nay, ngày 22 tháng 4 năm 2023, tại trụ sở Cơ quan điều tra."
    assert page_starts_document(page, CLOSING)


def test_header_with_ocr_noise_starts_a_new_document():
    noisy = TEXTS["cao_trang"].replace("Đ", "Ð").replace("CỘNG HÒA", "CONG HOA").replace("Số:", "S6:")
    assert page_starts_document(noisy, CONTINUATION)


def test_empty_and_single_page_uploads():
    assert split_pages([]) == []
    assert split_pages([""]) == [range(0, 1)]
    assert split_pages([CONTINUATION]) == [range(0, 1)]
