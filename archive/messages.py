"""The Vietnamese messages users see for errors and states, in one catalogue keyed by code."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Rejections at ingest
    "empty": "Tệp rỗng (0 byte) hoặc không có trang nào",
    "unsupported_type": "Định dạng tệp không được hỗ trợ (chỉ nhận JPEG, PNG, TIFF, PDF hoặc ZIP)",
    "corrupt": "Tệp bị hỏng, không đọc được",
    "encrypted": "Tệp PDF được bảo vệ bằng mật khẩu, không thể xử lý",
    "too_large": "Ảnh quá lớn (vượt giới hạn số điểm ảnh cho phép)",
    "too_many_pages": "Tệp có quá nhiều trang",
    "file_too_big": "Tệp vượt quá dung lượng cho phép",
    "zip_traversal": "Mục trong tệp ZIP có đường dẫn không hợp lệ (thoát ra ngoài thư mục)",
    "zip_bomb": "Tệp ZIP bất thường (tỷ lệ nén quá cao hoặc quá nhiều mục)",
    "zip_corrupt": "Tệp ZIP bị hỏng, không giải nén được",
    "not_found": "Không tìm thấy tệp hoặc thư mục",
    "unknown_case": "Không tìm thấy vụ án có mã này",
    "unknown_unit": "Không tìm thấy đơn vị có mã này",
    # Processing
    "timeout": "Nhận dạng ký tự quá thời gian cho phép",
    "ocr_failed": "Nhận dạng ký tự thất bại",
    "worker_lost": "Tiến trình xử lý bị dừng đột ngột",
    "original_missing": "Không tìm thấy bản gốc trong kho lưu trữ",
    # Statuses
    "queued": "Đang chờ xử lý",
    "processing": "Đang xử lý",
    "done": "Đã xử lý xong",
    "failed": "Xử lý thất bại",
}


def message(code: str, detail: str = "") -> str:
    """The user-facing Vietnamese text for a code, with an optional technical detail."""
    text = MESSAGES.get(code, code)
    return f"{text} ({detail})" if detail else text
