"""Document-type taxonomy and case kinds from DOMAIN.md: stable codes and the Vietnamese labels users see."""

from __future__ import annotations

# Criminal procedure, then civil/administrative/other, in DOMAIN.md order.
DOCUMENT_TYPES: dict[str, str] = {
    "to_giac": "Tố giác, tin báo về tội phạm",
    "qd_khoi_to_vu_an": "Quyết định khởi tố vụ án hình sự",
    "qd_khoi_to_bi_can": "Quyết định khởi tố bị can",
    "qd_phe_chuan": "Quyết định phê chuẩn",
    "lenh_bat_tam_giam": "Lệnh bắt, tạm giữ, tạm giam",
    "lenh_kham_xet": "Lệnh khám xét",
    "bb_hoi_cung": "Biên bản hỏi cung bị can",
    "bb_lay_loi_khai": "Biên bản lấy lời khai",
    "bb_kham_nghiem": "Biên bản khám nghiệm hiện trường / tử thi",
    "bb_thu_giu": "Biên bản thu giữ, niêm phong vật chứng",
    "qd_trung_cau_giam_dinh": "Quyết định trưng cầu giám định",
    "kl_giam_dinh": "Kết luận giám định",
    "kl_dieu_tra": "Kết luận điều tra",
    "cao_trang": "Cáo trạng",
    "qd_dua_ra_xet_xu": "Quyết định đưa vụ án ra xét xử",
    "qd_dinh_chi": "Quyết định đình chỉ",
    "khang_nghi": "Kháng nghị",
    "ban_an": "Bản án",
    "don_khoi_kien": "Đơn khởi kiện",
    "thong_bao_thu_ly": "Thông báo thụ lý",
    "bb_hoa_giai": "Biên bản hòa giải",
    "qd_cong_nhan_thoa_thuan": "Quyết định công nhận sự thỏa thuận",
    # DOMAIN.md describes these two in English only; the labels are their plain Vietnamese names.
    "tai_lieu_chung_cu": "Tài liệu, chứng cứ khác",
    "khac": "Khác",
}

FALLBACK_TYPE = "khac"

# Case kinds used in court numbers (86/2023/HS-ST) and case records.
CASE_KINDS: dict[str, str] = {
    "HS": "Hình sự",
    "DS": "Dân sự",
    "HC": "Hành chính",
    "KDTM": "Kinh doanh thương mại",
    "LĐ": "Lao động",
    "HNGĐ": "Hôn nhân và gia đình",
}

# Trial levels in court numbers: first instance, appeal, cassation, reopening.
TRIAL_LEVELS: dict[str, str] = {
    "ST": "Sơ thẩm",
    "PT": "Phúc thẩm",
    "GĐT": "Giám đốc thẩm",
    "TT": "Tái thẩm",
}


def label_for(code: str) -> str:
    """The Vietnamese label of a document-type code; raises KeyError for unknown codes."""
    return DOCUMENT_TYPES[code]


def is_valid_type(code: str) -> bool:
    """Whether ``code`` is one of the stable taxonomy codes."""
    return code in DOCUMENT_TYPES
