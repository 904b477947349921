"""The Vietnamese messages users see for errors and states, in one catalogue keyed by code."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Rejections at ingest
    "empty": "Tệp rỗng (0 byte) hoặc không có trang nào",
    "unsupported_type": "Định dạng tệp không được hỗ trợ (chỉ nhận JPEG, PNG, TIFF, PDF hoặc ZIP)",
    "corrupt": "Tệp bị hỏng, không đọc được",
    "encrypted": "Tệp PDF được bảo vệ bằng mật khẩu, không thể xử lý",
    "too_large": "Ảnh quá lớn (vượt giới hạn số điểm ảnh cho phép)",
    "too_small": "Ảnh quá nhỏ để nhận dạng chữ (cạnh dưới 16 điểm ảnh)",
    "too_many_pages": "Tệp có quá nhiều trang",
    "file_too_big": "Tệp vượt quá dung lượng cho phép",
    "zip_traversal": "Mục trong tệp ZIP có đường dẫn không hợp lệ (thoát ra ngoài thư mục)",
    "zip_bomb": "Tệp ZIP bất thường (tỷ lệ nén quá cao hoặc quá nhiều mục)",
    "zip_corrupt": "Tệp ZIP bị hỏng, không giải nén được",
    "zip_encrypted": "Mục này trong tệp ZIP được đặt mật khẩu, không giải nén được",
    "unreadable": "Không đọc được tệp (lỗi đọc dữ liệu hoặc không có quyền)",
    "zip_entry_corrupt": "Mục này trong tệp ZIP bị hỏng, không giải nén được",
    "zip_too_deep": "Tệp ZIP lồng nhau quá nhiều tầng",
    "office_document": "Tệp văn bản Office (Word, Excel, PowerPoint, OpenDocument) không được nhận; "
    "hãy in hoặc xuất ra PDF rồi nạp lại",
    "duplicate_hidden": "Tệp này đã có trong kho",
    "upload_too_big": "Dữ liệu tải lên vượt quá dung lượng cho phép",
    "ingest_failed": "Không nạp được tệp này do lỗi khi lưu; hãy thử lại",
    "store_unavailable": "Chưa lưu được tệp này vào kho lưu trữ (mất kết nối với kho giữa chừng); "
    "tệp chưa được nhận, không có gì bị ghi dở, hãy tải lên lại",
    "original_conflict": "Kho lưu trữ đã có dữ liệu khác dưới mã SHA-256 của tệp này nên tệp không được "
    "ghi đè; hãy báo quản trị viên kiểm tra kho (hoso verify)",
    "not_found": "Không tìm thấy tệp hoặc thư mục",
    "store_down": "Kho lưu trữ tệp tạm thời không truy cập được; hãy thử lại sau ít phút",
    "unknown_case": "Không tìm thấy vụ án có mã này",
    "unknown_unit": "Không tìm thấy đơn vị có mã này",
    # Processing
    "timeout": "Nhận dạng ký tự quá thời gian cho phép",
    "page_timeout": "Một trang xử lý quá thời gian cho phép nên đã bị dừng",
    "out_of_memory": "Trang cần quá nhiều bộ nhớ để xử lý (vượt giới hạn cho phép)",
    "ocr_failed": "Nhận dạng ký tự thất bại",
    "worker_lost": "Tiến trình xử lý bị dừng đột ngột",
    "processing_failed": "Xử lý tài liệu thất bại do lỗi hệ thống; hãy thử lại hoặc báo quản trị viên",
    "original_missing": "Không tìm thấy bản gốc trong kho lưu trữ",
    "store_unreachable": "Không đọc hoặc ghi được kho lưu trữ tệp trong khi xử lý; tài liệu sẽ được xử lý lại "
    "khi kho hoạt động trở lại",
    # Statuses
    "queued": "Đang chờ xử lý",
    # Corrections of a document's fields
    "fields_invalid": "Chưa lưu: có trường chưa hợp lệ, hãy sửa rồi lưu lại",
    "field_number_invalid": "Số, ký hiệu phải có chữ số và chỉ gồm chữ, số, dấu /, - hoặc . (tối đa 64 ký tự)",
    "field_date_format": "Ngày phải viết dạng ngày/tháng/năm, ví dụ 30/11/2023",
    "field_date_impossible": "Ngày này không có trong lịch",
    "field_date_future": "Ngày ban hành không thể sau hôm nay",
    "field_date_too_old": "Ngày ban hành không thể trước 02/09/1945",
    "field_issuer_invalid": "Cơ quan ban hành phải là tên có chữ (tối đa 200 ký tự)",
    "field_person_name": "Họ tên chỉ gồm chữ cái, từ 2 đến 100 ký tự",
    "field_person_role": "Hãy chọn tư cách tố tụng trong danh sách",
    "field_people_many": "Nhiều người quá",
    "field_type_invalid": "Loại văn bản không có trong danh mục",
    "processing": "Đang xử lý",
    "done": "Đã xử lý xong",
    "failed": "Xử lý thất bại",
    # Accounts
    "invalid_username": (
        "Tên đăng nhập chỉ gồm chữ thường không dấu (a-z), chữ số, dấu chấm, gạch dưới hoặc "
        "gạch ngang, dài từ 3 đến 64 ký tự"
    ),
    "invalid_full_name": "Họ và tên dài quá 255 ký tự",
    "invalid_role": "Vai trò không hợp lệ",
    "weak_password": "Mật khẩu quá ngắn (tối thiểu {detail} ký tự)",
    "password_digits": "Mật khẩu không được chỉ gồm chữ số",
    "password_is_name": "Mật khẩu không được trùng với tên đăng nhập hoặc họ tên",
    "password_common": "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác",
    "wrong_password": "Mật khẩu hiện tại không đúng",
    "same_password": "Mật khẩu mới phải khác mật khẩu hiện tại",
    "last_admin": "Không thể khóa hoặc đổi vai trò của tài khoản quản trị cuối cùng còn hoạt động",
    "self_change": (
        "Không thể tự khóa, đổi vai trò hoặc đổi đơn vị của chính tài khoản đang đăng nhập; "
        "hãy nhờ một quản trị viên khác"
    ),
    "unknown_token": "Không tìm thấy mã truy cập",
    "unknown_session": "Không tìm thấy phiên đăng nhập",
    "invalid_days": "Số ngày hiệu lực phải từ 1 đến 3650",
    "username_taken": "Tên đăng nhập đã tồn tại",
    "unit_required": "Tài khoản phải thuộc một đơn vị",
    "unknown_user": "Không tìm thấy tài khoản",
    # Exhibit sets
    "duplicate_region": "Vùng trích này đã có trong bộ chứng cứ (Chứng cứ số {n}); không thêm lần nữa",
    "duplicate_page": "Trang này đã có trong bộ chứng cứ (Chứng cứ số {n}); không thêm lần nữa",
    "empty_title": "Tên bộ chứng cứ không được để trống",
    "highlight_exists": "Chỗ này đã được tô sáng",
    "highlight_not_found": "Chỗ tô sáng này không còn trên chứng cứ (có thể đã được bỏ); hãy tải lại trang",
    "invalid_order": "Thứ tự không hợp lệ: phải liệt kê đủ các chứng cứ của bộ",
    "invalid_region": "Vùng chọn không hợp lệ",
    "item_not_found": "Không tìm thấy chứng cứ trong bộ",
    "no_hearing_date": "Cần ngày phiên tòa để ghi nhận trình chiếu",
    "no_items": "Bộ chứng cứ chưa có chứng cứ nào",
    "not_same_case": "Trang này thuộc vụ án khác với bộ chứng cứ",
    "page_not_found": "Không tìm thấy trang",
    "presentation_not_found": "Không tìm thấy lần ghi nhận trình chiếu này",
    "title_too_long": "Tên bộ chứng cứ dài quá {max} ký tự",
    "too_many_highlights": "Mỗi chứng cứ tô sáng được tối đa {max} chỗ",
    "not_your_presentation": "Chỉ người đã ghi nhận mới hủy được lần ghi nhận này",
    # Search and the generic families of archive errors (archive/errors.py)
    "invalid_search": "Câu tìm kiếm không hợp lệ",
    "search_busy": "Chỉ mục tìm kiếm đang bận; hãy thử lại sau ít phút",
    "search_failed": "Tìm kiếm thất bại do lỗi hệ thống; hãy thử lại hoặc báo quản trị viên",
    "forbidden": "Bạn không có quyền thực hiện thao tác này",
    "conflict": "Thao tác xung đột với dữ liệu hiện có",
    "invalid": "Dữ liệu không hợp lệ",
    "register_refused": "Không nhập được sổ vụ án",
    "part_refused": "Không sửa được văn bản này",
    "correction_refused": "Không áp dụng được chỉnh sửa",
    "bundle_failed": "Không tạo được tệp PDF của bộ chứng cứ; hãy báo quản trị viên",
    "import_refused": "Không nhập được tệp",
    "target_refused": "Không đặt được chỉ tiêu",
    "signoff_refused": "Không ký duyệt được báo cáo",
    "record_refused": "Không ghi nhận được",
    "invalid_period": "Kỳ báo cáo không hợp lệ",
}

# Views of the one table: the codes of account errors (the web catalogue shows them as `account.<code>`) and of
# exhibit-set errors (`error.<code>`).
ACCOUNT_CODES = (
    "invalid_username",
    "invalid_full_name",
    "invalid_role",
    "weak_password",
    "password_digits",
    "password_is_name",
    "password_common",
    "wrong_password",
    "same_password",
    "last_admin",
    "self_change",
    "unknown_token",
    "unknown_session",
    "invalid_days",
    "username_taken",
    "unknown_unit",
    "unit_required",
    "unknown_user",
    "unknown_case",
)
ACCOUNT_MESSAGES: dict[str, str] = {code: MESSAGES[code] for code in ACCOUNT_CODES}
EXHIBIT_CODES = (
    "duplicate_region",
    "duplicate_page",
    "empty_title",
    "highlight_exists",
    "highlight_not_found",
    "invalid_order",
    "invalid_region",
    "item_not_found",
    "no_hearing_date",
    "no_items",
    "not_same_case",
    "page_not_found",
    "presentation_not_found",
    "title_too_long",
    "too_many_highlights",
    "not_your_presentation",
)


GENERIC = "Xử lý thất bại"


def message(code: str, detail: str = "") -> str:
    """The user-facing Vietnamese text for a code, with an optional detail a person can read.

    `detail` must be written for people (a page number, a limit), never an exception's text;
    an unknown code gives a generic sentence rather than the code itself.
    """
    text = MESSAGES.get(code, GENERIC)
    return f"{text} ({detail})" if detail else text


def page_detail(page: int | None) -> str:
    """The readable detail naming a page, or nothing."""
    return f"trang {page}" if page else ""


def size_detail(limit_bytes: int) -> str:
    """A byte limit as people say it: "tối đa 512 MB"."""
    megabytes = limit_bytes / (1024 * 1024)
    return f"tối đa {megabytes:.0f} MB" if megabytes >= 1 else f"tối đa {limit_bytes} byte"
