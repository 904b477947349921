"""The Vietnamese message catalogue of the web interface: every text a user sees, by key.

Templates call `t(key)`; the browser gets the same catalogue as JSON embedded in each page.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from zoneinfo import ZoneInfo

from archive.accounts import ACCOUNT_MESSAGES
from archive.classification.taxonomy import CASE_KINDS, DOCUMENT_TYPES
from archive.messages import MESSAGES as ARCHIVE_MESSAGES

MESSAGES: dict[str, str] = {
    "app.name": "Hồ sơ số",
    "app.tagline": "Số hóa hồ sơ vụ án và kho chứng cứ điện tử",
    "app.org": "Viện kiểm sát nhân dân",
    # Navigation
    "nav.upload": "Tải lên",
    "nav.cases": "Vụ án",
    "nav.search": "Tìm kiếm",
    "nav.review": "Cần kiểm tra",
    "nav.exhibits": "Bộ chứng cứ",
    "nav.statistics": "Thống kê",
    "nav.users": "Tài khoản",
    "nav.audit": "Nhật ký",
    "nav.logout": "Đăng xuất",
    "nav.skip": "Bỏ qua thanh điều hướng",
    "nav.menu": "Danh mục",
    # Roles
    "role.staff": "Cán bộ số hóa",
    "role.prosecutor": "Kiểm sát viên",
    "role.statistician": "Cán bộ thống kê",
    "role.unit_head": "Lãnh đạo đơn vị",
    "role.admin": "Quản trị hệ thống",
    # Sign-in
    "login.title": "Đăng nhập",
    "login.username": "Tên đăng nhập",
    "login.password": "Mật khẩu",
    "login.submit": "Đăng nhập",
    "login.failed": "Sai tên đăng nhập hoặc mật khẩu",
    "login.expired": "Phiên làm việc đã hết hạn, vui lòng tải lại trang và đăng nhập lại",
    "login.hint": "Liên hệ quản trị hệ thống của đơn vị nếu chưa có tài khoản.",
    # Errors
    "error.title": "Có lỗi xảy ra",
    "error.not_found": "Không tìm thấy hoặc bạn không có quyền xem",
    "error.document_not_found": "Không tìm thấy tài liệu",
    "error.page_not_found": "Không tìm thấy trang",
    "error.case_not_found": "Không tìm thấy vụ án",
    "error.set_not_found": "Không tìm thấy bộ chứng cứ",
    "error.item_not_found": "Không tìm thấy chứng cứ trong bộ",
    "error.no_image": "Chưa có ảnh trang",
    "error.original_lost": "Bản gốc bị mất khỏi kho lưu trữ",
    "error.not_processed": "Tài liệu chưa xử lý xong",
    "error.login_required": "Cần đăng nhập",
    "error.forbidden_role": "Vai trò của bạn không được thực hiện thao tác này",
    "error.audit_unavailable": "Không ghi được nhật ký truy cập nên không thể mở tài liệu lúc này; "
                               "vui lòng thử lại sau",
    "error.csrf": "Yêu cầu không hợp lệ (thiếu mã chống giả mạo), vui lòng tải lại trang",
    "error.unknown_type": "Loại văn bản không hợp lệ",
    "error.invalid_region": "Vùng chọn không hợp lệ",
    "error.invalid_order": "Thứ tự không hợp lệ: phải liệt kê đủ các chứng cứ của bộ",
    "error.not_same_case": "Trang này thuộc vụ án khác với bộ chứng cứ",
    "error.no_case": "Tài liệu chưa gắn với vụ án nào",
    "error.no_items": "Bộ chứng cứ chưa có chứng cứ nào",
    "error.no_hearing_date": "Cần ngày phiên tòa để ghi nhận trình chiếu",
    "error.presentation_not_found": "Không tìm thấy lần ghi nhận trình chiếu này",
    "error.not_your_presentation": "Chỉ người đã ghi nhận mới hủy được lần ghi nhận này",
    "error.network": "Mất kết nối tới máy chủ",
    "error.back_home": "Về trang chủ",
    "docs.title": "Tài liệu API",
    "error.server": "Máy chủ gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau; nếu vẫn lỗi, báo quản trị hệ thống.",
    "error.status.400": "Yêu cầu không hợp lệ",
    "error.status.403": "Bạn không có quyền mở trang này",
    "error.status.404": "Không tìm thấy hoặc bạn không có quyền xem",
    "error.status.405": "Trang này không nhận thao tác đó",
    "error.status.413": "Dữ liệu gửi lên quá lớn",
    "error.status.429": "Quá nhiều yêu cầu, vui lòng chờ một lát rồi thử lại",
    "error.status.other": "Không thực hiện được yêu cầu",
    # Request validation: "{where} {name}: {reason}"
    "invalid.title": "Dữ liệu gửi lên không hợp lệ",
    "invalid.where.query": "tham số",
    "invalid.where.path": "đường dẫn",
    "invalid.where.body": "trường",
    "invalid.where.header": "tiêu đề",
    "invalid.where.cookie": "cookie",
    "invalid.where.form": "trường biểu mẫu",
    "invalid.missing": "bắt buộc phải có",
    "invalid.too_long": "dài quá {max_length} ký tự",
    "invalid.too_short": "cần ít nhất {min_length} ký tự",
    "invalid.list_too_long": "nhiều quá {max_length} phần tử",
    "invalid.list_too_short": "cần ít nhất {min_length} phần tử",
    "invalid.at_least": "phải lớn hơn hoặc bằng {ge}",
    "invalid.at_most": "phải nhỏ hơn hoặc bằng {le}",
    "invalid.above": "phải lớn hơn {gt}",
    "invalid.below": "phải nhỏ hơn {lt}",
    "invalid.integer": "phải là số nguyên",
    "invalid.number": "phải là số hữu hạn",
    "invalid.boolean": "phải là true hoặc false",
    "invalid.date": "phải là ngày dạng YYYY-MM-DD",
    "invalid.text": "phải là chuỗi ký tự",
    "invalid.list": "phải là danh sách",
    "invalid.object": "phải là một đối tượng JSON",
    "invalid.json": "không phải JSON hợp lệ",
    "invalid.choice": "phải là một trong: {expected}",
    "invalid.file": "phải là một tệp tải lên",
    "invalid.extra": "không được phép",
    "invalid.other": "giá trị không hợp lệ",
    "invalid.csv_too_large": "Tệp CSV lớn quá {mb} MB",
    "invalid.body": "Không đọc được nội dung gửi lên (JSON hoặc biểu mẫu bị hỏng)",
    "invalid.method": "Địa chỉ này không nhận phương thức yêu cầu đó",
    "invalid.ids": "ids phải là các số định danh cách nhau bởi dấu phẩy (tối đa {max} số)",
    # Common
    "common.save": "Lưu",
    "common.saved": "Đã lưu",
    "common.cancel": "Hủy",
    "common.delete": "Xóa",
    "common.close": "Đóng",
    "common.open": "Mở",
    "common.filter": "Lọc",
    "common.all": "Tất cả",
    "common.none": "Không có",
    "common.loading": "Đang tải…",
    "common.page": "Trang",
    "common.pages": "trang",
    "common.of": "trên",
    "common.unit": "Đơn vị",
    "common.case": "Vụ án",
    "common.kind": "Loại vụ án",
    "common.type": "Loại văn bản",
    "common.date": "Ngày",
    "common.date_from": "Từ ngày",
    "common.date_to": "Đến ngày",
    "common.status": "Trạng thái",
    "common.filename": "Tệp",
    "common.unknown": "Chưa xác định",
    "common.yes": "Có",
    "common.no": "Không",
    "common.previous": "Trước",
    "common.next": "Sau",
    "common.unlinked": "Chưa gắn vụ án",
    "common.restricted": "Hạn chế truy cập",
    # Upload
    "upload.title": "Tải lên bản quét",
    "upload.drop": "Kéo thả các tệp quét hoặc tệp ZIP vào đây",
    "upload.or": "hoặc",
    "upload.choose": "Chọn tệp…",
    "upload.accepts": "Nhận ảnh JPEG, PNG, TIFF, tệp PDF và ZIP chứa cả hồ sơ.",
    "upload.case": "Vụ án",
    "upload.case_placeholder": "Gõ mã hoặc tên vụ án để tìm…",
    "upload.case_auto": "Để trống: hệ thống tự gắn vụ án theo nội dung văn bản",
    "upload.start": "Tải lên",
    "upload.files": "Tệp đã chọn",
    "upload.sending": "Đang tải lên",
    "upload.sent": "Đã tải lên",
    "upload.rejected": "Bị từ chối",
    "upload.duplicate": "Đã có trong kho (tài liệu trùng)",
    "upload.status_title": "Tình trạng xử lý",
    "upload.page_progress": "Trang {done}/{total}",
    "upload.open": "Xem tài liệu",
    "upload.clear": "Xóa danh sách",
    "upload.recent": "Tài liệu tải lên gần đây",
    "status.queued": "Đang chờ xử lý",
    "status.processing": "Đang xử lý",
    "status.done": "Đã xử lý xong",
    "status.failed": "Xử lý thất bại",
    "status.uploading": "Đang tải lên",
    "status.rejected": "Bị từ chối",
    # Cases
    "cases.title": "Sổ vụ án",
    "cases.search": "Mã hoặc tên vụ án",
    "cases.code": "Mã vụ án",
    "cases.name": "Tên vụ án",
    "cases.registered": "Ngày thụ lý",
    "cases.trial": "Ngày xét xử",
    "cases.documents": "Tài liệu",
    "cases.digitised": "Đã số hóa",
    "cases.folios": "Bút lục",
    "cases.pages_vs_folios": "{pages} trang đã số hóa / {folios} bút lục",
    "cases.folios_unknown": "{pages} trang đã số hóa (chưa khai báo số bút lục)",
    "cases.empty": "Không có vụ án nào phù hợp",
    "cases.hearings": "Phiên tòa",
    "cases.no_hearings": "Chưa có phiên tòa nào",
    "cases.digital_evidence": "Có trình chiếu chứng cứ số",
    "cases.no_digital_evidence": "Không dùng chứng cứ số",
    "cases.source.import": "nhập từ sổ",
    "cases.source.exhibit": "từ bộ chứng cứ",
    "cases.source.manual": "ghi nhận thủ công",
    "cases.documents_by_type": "Tài liệu theo loại, theo thứ tự hồ sơ",
    "cases.no_documents": "Vụ án chưa có tài liệu nào",
    "cases.exhibit_sets": "Bộ chứng cứ của vụ án",
    "cases.corruption": "Tham nhũng, chức vụ",
    "cases.unit": "Đơn vị thụ lý",
    # Viewer
    "viewer.title": "Xem tài liệu",
    "viewer.text": "Văn bản nhận dạng",
    "viewer.metadata": "Thông tin tài liệu",
    "viewer.zoom_in": "Phóng to",
    "viewer.zoom_out": "Thu nhỏ",
    "viewer.zoom_fit": "Vừa khung",
    "viewer.thumbnails": "Các trang",
    "viewer.hits": "{n} chỗ khớp trên trang này",
    "viewer.search_in": "Tìm trong tài liệu",
    "viewer.number": "Số, ký hiệu",
    "viewer.issuer": "Cơ quan ban hành",
    "viewer.doc_date": "Ngày văn bản",
    "viewer.people": "Người liên quan",
    "viewer.articles": "Điều luật",
    "viewer.confidence": "Độ tin cậy",
    "viewer.sha256": "SHA-256 bản gốc",
    "viewer.original": "Tải bản gốc",
    "stats.part.denominator": "Tất cả vụ án của mẫu số",
    "stats.part.numerator": "Vụ án được tính vào tử số",
    "stats.part.missing": "Vụ án chưa đạt (có trong mẫu số, không có trong tử số)",
    "stats.bar_title": "{unit} {name}: {numerator}/{denominator} = {ratio} (chỉ tiêu {target})",
    "stats.target_line": "Chỉ tiêu {target}",
    "stats.unknown_indicator": "Không có chỉ tiêu '{indicator}'",
    "stats.unknown_indicator_hint": "Không có chỉ tiêu '{indicator}' (có: {known})",
    "stats.bad_part": "Phần không hợp lệ '{part}'",
    "stats.bad_part_hint": "Phần không hợp lệ '{part}' (denominator, numerator, missing)",
    "stats.signoff_unit_head_only": "Chỉ lãnh đạo đơn vị được ký duyệt báo cáo",
    "stats.no_unit": "Tài khoản chưa gắn với đơn vị nào",
    "stats.unit_forbidden": "Không có quyền xem số liệu của đơn vị '{unit}'",
    "stats.csv_utf8": "Tệp CSV phải được mã hóa UTF-8",
    "stats.import_refused": "Không nhập được, không có dòng nào được ghi",
    "viewer.digital_copy": "Tải bản số hóa (PDF tìm kiếm được)",
    "viewer.change_type": "Sửa loại văn bản",
    "viewer.change_case": "Sửa vụ án",
    "viewer.confirm_type": "Xác nhận loại",
    "viewer.link_candidates": "Vụ án gợi ý",
    "viewer.needs_review": "Cần người kiểm tra",
    "viewer.reviewed": "Đánh dấu đã kiểm tra",
    "viewer.add_to_set": "Thêm trang vào bộ chứng cứ",
    "viewer.add_region": "Chọn vùng rồi thêm",
    "viewer.region_hint": "Kéo chuột trên ảnh để chọn vùng cần trích",
    "viewer.caption": "Chú thích",
    "viewer.choose_set": "Bộ chứng cứ",
    "viewer.new_set": "Tạo bộ mới…",
    "viewer.added": "Đã thêm vào bộ chứng cứ: {label}",
    "viewer.processing": "Tài liệu đang được xử lý ({done}/{total} trang)",
    "viewer.failed": "Xử lý thất bại: {reason}",
    "viewer.ocr_confidence": "Độ tin cậy nhận dạng: {value}%",
    "viewer.no_text": "(Trang không có chữ)",
    "viewer.type_confirmed": "đã xác nhận",
    # Review
    "review.title": "Tài liệu cần kiểm tra",
    "review.empty": "Không có tài liệu nào cần kiểm tra",
    "review.reason": "Lý do",
    "review.reason.link": "Chưa chắc chắn về vụ án",
    "review.reason.type": "Chưa chắc chắn về loại văn bản",
    "review.reason.quality": "Chất lượng nhận dạng thấp",
    "review.reason.failed": "Xử lý thất bại",
    # Search
    "search.title": "Tìm kiếm",
    "search.placeholder": "Nhập từ khóa, gõ không dấu cũng được (ví dụ: bi can, cao trang)",
    "search.submit": "Tìm",
    "search.total": "{n} trang khớp",
    "search.none": "Không tìm thấy trang nào",
    "search.facets": "Lọc kết quả",
    "search.facet.case": "Vụ án",
    "search.facet.kind": "Loại vụ án",
    "search.facet.type": "Loại văn bản",
    "search.facet.unit": "Đơn vị",
    "search.facet.year": "Năm",
    "search.clear_filters": "Bỏ lọc",
    "search.open": "Mở trang",
    "search.add": "Thêm vào bộ chứng cứ",
    "search.page_of": "trang {page}",
    "search.more": "Xem thêm",
    "search.help": "Mẹo: đặt cụm từ trong dấu ngoặc kép để tìm đúng cụm, ví dụ \"lừa đảo chiếm đoạt\".",
    # Exhibit sets
    "exhibits.title": "Bộ chứng cứ trình chiếu",
    "exhibits.new": "Tạo bộ chứng cứ",
    "exhibits.name": "Tên bộ chứng cứ",
    "exhibits.case": "Mã vụ án",
    "exhibits.hearing_on": "Ngày phiên tòa",
    "exhibits.create": "Tạo",
    "exhibits.empty": "Chưa có bộ chứng cứ nào",
    "exhibits.items": "Chứng cứ",
    "exhibits.no_items": "Bộ chưa có chứng cứ. Thêm trang từ trang xem tài liệu hoặc từ kết quả tìm kiếm.",
    "exhibits.number": "Chứng cứ số {n}",
    "exhibits.move_up": "Lên",
    "exhibits.move_down": "Xuống",
    "exhibits.remove": "Bỏ khỏi bộ",
    "exhibits.present": "Trình chiếu",
    "exhibits.export": "Xuất tệp PDF",
    "exhibits.source": "Nguồn: {filename}, trang {page}",
    "exhibits.region": "vùng trích",
    "exhibits.created_by": "Người lập",
    "exhibits.presentations": "Đã trình chiếu {n} lần",
    "exhibits.open": "Mở bộ",
    "exhibits.caption_placeholder": "Chú thích cho chứng cứ",
    # Presentation
    "present.title": "Trình chiếu",
    "present.loading": "Đang nạp {done}/{total} chứng cứ…",
    "present.ready": "Đã nạp xong, có thể trình chiếu kể cả khi mất mạng",
    "present.start": "Bắt đầu trình chiếu (toàn màn hình)",
    "present.help": ("←/→, PageUp/PageDown, phím cách: chuyển chứng cứ · +/−: phóng to, thu nhỏ · "
                     "kéo chuột: phóng vùng · H: tới cụm từ được đánh dấu · 0: toàn trang · Esc: thoát"),
    "present.rehearsal": "Trình chiếu không ghi nhận gì vào số liệu: có thể tập dượt trước phiên tòa.",
    "present.record_title": "Ghi nhận phiên tòa",
    "present.record_intro": ("Sau khi trình chiếu tại phiên tòa thật, ghi nhận để phiên tòa được tính là có sử dụng "
                             "chứng cứ số trong thống kê."),
    "present.record": "Ghi nhận phiên tòa có sử dụng chứng cứ số…",
    "present.confirm_title": "Xác nhận ghi nhận phiên tòa",
    "present.confirm_question": ("Ghi nhận phiên tòa ngày {date} của vụ án {case} đã sử dụng chứng cứ số "
                                 "(bộ “{title}”)?"),
    "present.confirm_note": "Phiên tòa sẽ được tính vào thống kê. Bạn có thể hủy ghi nhận này sau.",
    "present.confirm": "Ghi nhận",
    "present.recorded": "Đã ghi nhận phiên tòa ngày {date} có sử dụng chứng cứ số",
    "present.recorded_item": "Phiên tòa ngày {date} — ghi nhận bởi {who}",
    "present.record_failed": "Chưa ghi nhận được phiên tòa: {reason}",
    "present.undo": "Hủy ghi nhận",
    "present.undone": "Đã hủy ghi nhận phiên tòa ngày {date}",
    "present.undo_failed": "Chưa hủy được ghi nhận: {reason}",
    "present.end": "Kết thúc trình chiếu",
    "present.counter": "{n}/{total}",
    "present.exit": "Thoát",
    # Bundle (PDF)
    "bundle.cover_title": "BỘ CHỨNG CỨ TRÌNH CHIẾU TẠI PHIÊN TÒA",
    "bundle.case": "Vụ án",
    "bundle.hearing": "Phiên tòa ngày",
    "bundle.prosecutor": "Kiểm sát viên",
    "bundle.unit": "Đơn vị",
    "bundle.count": "Số chứng cứ",
    "bundle.created": "Lập ngày",
    "bundle.index": "MỤC LỤC CHỨNG CỨ",
    "bundle.index_cover": "Trang bìa",
    "bundle.index_list": "Mục lục",
    "bundle.source": "Nguồn: {filename} · trang {page}",
    "bundle.sha256": "SHA-256 bản gốc: {sha256}",
    "bundle.col_number": "Số",
    "bundle.col_caption": "Nội dung",
    "bundle.col_source": "Nguồn",
    "bundle.col_page": "Trang PDF",
    "bundle.digital_mark": "Bản số hóa từ hồ sơ giấy — hệ thống Hồ sơ số",
    # Users (admin)
    "users.title": "Tài khoản người dùng",
    "users.add": "Thêm tài khoản",
    "users.username": "Tên đăng nhập",
    "users.full_name": "Họ và tên",
    "users.role": "Vai trò",
    "users.unit": "Đơn vị",
    "users.password": "Mật khẩu ban đầu",
    "users.active": "Đang hoạt động",
    "users.locked": "Đã khóa",
    "users.created": "Đã tạo tài khoản {username}",
    "users.units": "Đơn vị",
    "users.unit_code": "Mã",
    "users.unit_name": "Tên đơn vị",
    "users.unit_level": "Cấp",
    "users.unit_parent": "Trực thuộc",
    "users.state": "Trạng thái",
    "users.sessions": "Phiên đang mở",
    "users.actions": "Thao tác",
    "users.disable": "Khóa",
    "users.enable": "Mở khóa",
    "users.end_sessions": "Chấm dứt phiên",
    "users.new_password": "Mật khẩu mới",
    "users.reset_password": "Đặt lại mật khẩu",
    "users.done.disabled": "Đã khóa tài khoản {username}; mọi phiên và mã truy cập của tài khoản đã bị chấm dứt",
    "users.done.enabled": "Đã mở khóa tài khoản {username}",
    "users.done.reset": "Đã đặt lại mật khẩu của {username}; mọi phiên và mã truy cập của tài khoản đã bị chấm dứt",
    "users.done.sessions": "Đã chấm dứt các phiên đăng nhập của {username}",
    "users.done.token_revoked": "Đã thu hồi mã truy cập",
    "tokens.title": "Mã truy cập API",
    "tokens.id": "Số",
    "tokens.user": "Tài khoản",
    "tokens.name": "Tên gợi nhớ",
    "tokens.created": "Ngày cấp",
    "tokens.expires": "Hết hạn",
    "tokens.days": "Số ngày hiệu lực",
    "tokens.create": "Cấp mã truy cập",
    "tokens.revoke": "Thu hồi",
    "tokens.none": "Chưa có mã truy cập nào còn hiệu lực.",
    "tokens.shown_once": "Mã truy cập mới của {username} (chỉ hiện một lần, hãy lưu lại ngay):",
    # One's own account
    "nav.account": "Tài khoản của tôi",
    "account.title": "Tài khoản của tôi",
    "account.change_password": "Đổi mật khẩu",
    "account.old_password": "Mật khẩu hiện tại",
    "account.new_password": "Mật khẩu mới",
    "account.new_password_again": "Nhập lại mật khẩu mới",
    "account.password_hint": ("Ít nhất 10 ký tự, không trùng tên đăng nhập, không phải mật khẩu phổ biến, "
                              "không chỉ gồm chữ số. Đổi mật khẩu sẽ đăng xuất mọi nơi khác."),
    "account.mismatch": "Hai lần nhập mật khẩu mới không khớp",
    "account.password_changed": "Đã đổi mật khẩu; các phiên đăng nhập khác và mã truy cập đã bị chấm dứt",
    "account.sessions": "Phiên đăng nhập đang mở",
    "account.session_started": "Bắt đầu",
    "account.session_seen": "Hoạt động gần nhất",
    "account.session_client": "Địa chỉ",
    "account.session_agent": "Trình duyệt",
    "account.this_session": "Phiên này",
    "account.end_session": "Chấm dứt",
    "account.session_ended": "Đã chấm dứt phiên đăng nhập",
    "level.supreme": "Tối cao",
    "level.high": "Cấp cao",
    "level.provincial": "Tỉnh",
    "level.regional": "Khu vực",
    "level.district": "Huyện",
}

# The audit trail: its page, and every action by name as a person reads it.
AUDIT_ACTIONS = {
    "login": "Đăng nhập", "login.failed": "Đăng nhập sai", "login.throttled": "Đăng nhập bị chặn tạm thời",
    "logout": "Đăng xuất", "access": "Truy cập bị từ chối",
    "document.view": "Xem thông tin tài liệu", "page.text.view": "Xem chữ của trang",
    "page.image.view": "Xem ảnh trang", "page.thumbnail.view": "Xem ảnh thu nhỏ của trang",
    "original.download": "Tải bản gốc", "copy.download": "Tải bản sao điện tử", "search": "Tìm kiếm",
    "document.upload": "Tải tệp lên", "case.view": "Xem vụ án", "exhibit_set.view": "Xem tập chứng cứ",
    "exhibit_set.present.view": "Mở trình chiếu",
    "exhibit_set.present": "Ghi nhận phiên tòa dùng chứng cứ số",
    "exhibit_set.present_undo": "Hủy ghi nhận phiên tòa dùng chứng cứ số", "export.bundle": "Xuất tập chứng cứ PDF",
    "review.view": "Xem hàng chờ kiểm tra", "export.report_json": "Xem/xuất báo cáo (JSON)",
    "export.report_csv": "Xuất báo cáo CSV", "export.report_xlsx": "Xuất báo cáo XLSX",
    "report.cases.view": "Xem danh sách vụ án của chỉ tiêu", "report.reconciliation.view": "Xem đối chiếu số liệu",
    "report.consistency.view": "Xem kiểm tra nhất quán", "units.import": "Nhập danh mục đơn vị",
    "audit.view": "Xem nhật ký", "export.audit_csv": "Xuất nhật ký CSV", "export.audit_json": "Xuất nhật ký JSON",
    "audit.verify": "Kiểm tra chuỗi nhật ký", "case.assign": "Phân công vụ án", "case.created": "Thêm vụ án",
    "case.updated": "Sửa vụ án", "cases.import": "Nhập danh sách vụ án", "case.write_refused": "Ghi vụ án bị từ chối",
    "password.change": "Đổi mật khẩu", "password.reset": "Đặt lại mật khẩu", "user.disable": "Khóa tài khoản",
    "user.enable": "Mở khóa tài khoản", "user.role": "Đổi vai trò", "user.unit": "Đổi đơn vị",
    "user.rename": "Đổi tên người dùng", "case.create": "Thêm vụ án", "case.edit": "Sửa vụ án",
    "exhibit_set.add": "Thêm chứng cứ vào tập", "exhibit_set.caption": "Sửa chú thích chứng cứ",
    "exhibit_set.create": "Tạo tập chứng cứ", "exhibit_set.remove": "Bỏ chứng cứ khỏi tập",
    "exhibit_set.reorder": "Sắp xếp lại tập chứng cứ",
    "statistics.file_mark_withdrawn": "Bỏ đánh dấu hồ sơ đã số hóa", "login.expired": "Phiên đăng nhập hết hạn",
    "token.revoke": "Thu hồi mã truy cập API", "session.revoke": "Kết thúc phiên",
    "user.create": "Tạo tài khoản", "token.create": "Cấp mã truy cập API", "confirm_type": "Xác nhận loại văn bản",
    "set_case": "Gắn vụ án cho tài liệu", "set_boundaries": "Tách/gộp văn bản", "mark_reviewed": "Đánh dấu đã kiểm tra",
    "statistics.signoff": "Ký báo cáo", "statistics.court_import": "Nhập số liệu của Tòa án",
    "statistics.target_set": "Đặt chỉ tiêu", "statistics.hearings_import": "Nhập danh sách phiên tòa",
    "statistics.hearing_recorded": "Ghi nhận phiên tòa", "statistics.file_marked_digitised": "Đánh dấu hồ sơ đã số hóa",
}
ACTION_KEYS = tuple(AUDIT_ACTIONS)
MESSAGES.update({f"audit.action.{code}": label for code, label in AUDIT_ACTIONS.items()})
MESSAGES.update({
    "tokens.days_unit": "ngày",
    "audit.title": "Nhật ký truy cập và thay đổi",
    "audit.intro": "Mọi lần xem, tải, tìm kiếm, xuất và thay đổi đều được ghi lại; mỗi dòng mang mã băm nối với "
                   "dòng trước nên không thể sửa, xóa hay chèn mà không bị phát hiện.",
    "audit.case": "Vụ án (ai đã xem chứng cứ)", "audit.account": "Tài khoản", "audit.action": "Hành động",
    "audit.any_action": "Mọi hành động", "audit.from": "Từ ngày", "audit.to": "Đến ngày", "audit.filter": "Lọc",
    "audit.csv": "Tải CSV", "audit.total": "{n} dòng", "audit.at": "Thời điểm", "audit.who": "Người thực hiện",
    "audit.client": "Địa chỉ máy", "audit.target": "Đối tượng", "audit.outcome": "Kết quả",
    "audit.detail": "Chi tiết", "audit.none": "Không có dòng nào khớp bộ lọc.",
    "audit.outcome.ok": "Thành công", "audit.outcome.refused": "Bị từ chối", "audit.outcome.failed": "Không thành công",
    "audit.broken": "Chuỗi nhật ký bị phá vỡ tại dòng #{seq}: {problem}",
    "audit.problem.edited": "dòng đã bị sửa", "audit.problem.missing": "thiếu dòng (đã bị xóa)",
    "audit.problem.inserted": "có dòng được chèn thêm", "audit.problem.backdated": "dòng ghi lùi thời gian",
    "audit.problem.truncated": "mất các dòng cuối chuỗi", "audit.problem.head": "đầu chuỗi không khớp",
    "audit.problem.anchor": "không khớp mốc ghi trong báo cáo đã ký",
})

for _code, _label in DOCUMENT_TYPES.items():
    MESSAGES[f"type.{_code}"] = _label
for _code, _label in CASE_KINDS.items():
    MESSAGES[f"kind.{_code}"] = _label
for _code, _text in ARCHIVE_MESSAGES.items():
    MESSAGES.setdefault(f"archive.{_code}", _text)
for _code, _text in ACCOUNT_MESSAGES.items():
    MESSAGES.setdefault(f"account.{_code}", _text)
MESSAGES = {key: unicodedata.normalize("NFC", value) for key, value in MESSAGES.items()}


def t(key: str, **values) -> str:
    """The text for a key, with `{name}` placeholders filled; the key itself when missing."""
    text = MESSAGES.get(key, key)
    return text.format(**values) if values else text


def type_label(code: str | None) -> str:
    return MESSAGES.get(f"type.{code}", code or MESSAGES["common.unknown"]) if code else MESSAGES["common.unknown"]


def catalogue_json() -> str:
    """The catalogue as JSON safe to embed in a <script type="application/json"> element."""
    return json.dumps(MESSAGES, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The words of an audit row's detail as a person reads them; anything not named here is shown under its own name.
DETAIL_LABELS = {
    "q": "từ khóa", "total": "số kết quả", "shown": "hiển thị", "status": "mã trả lời", "from": "từ", "to": "đến",
    "rows": "số dòng", "route": "đường dẫn", "via": "qua", "action": "hành động", "account": "tài khoản",
    "case": "vụ án", "unit": "đơn vị", "units": "đơn vị", "kind": "loại", "title": "tên", "type": "loại văn bản",
    "registered_on": "ngày thụ lý", "trial_on": "ngày xét xử", "corruption": "tham nhũng", "folios": "số bút lục",
    "restricted": "hạn chế", "created": "thêm mới", "updated": "cập nhật", "source": "nguồn", "filename": "tệp",
    "sha256": "SHA-256", "size": "dung lượng (byte)", "pages": "số trang", "duplicate": "trùng tệp đã có",
    "reason": "lý do", "role": "vai trò", "user": "người được phân công", "offset": "bỏ qua", "limit": "số dòng",
    "page": "trang", "document": "tài liệu", "period": "kỳ", "format": "định dạng", "output": "tệp kết quả",
    "line": "dòng", "date_from": "từ ngày", "date_to": "đến ngày", "filter": "bộ lọc",
}
DETAIL_VALUES = {"form": "biểu mẫu đăng nhập", "token": "mã truy cập API", "import": "nhập từ tệp", "api": "giao diện",
                 "cli": "dòng lệnh"}
TARGET_KINDS = {"document": "tài liệu", "page": "trang", "case": "vụ án", "user": "tài khoản",
                "exhibit_set": "tập chứng cứ", "units": "danh mục đơn vị", "cases": "danh sách vụ án",
                "hearings": "danh sách phiên tòa", "court_figures": "số liệu Tòa án", "report_signoff": "báo cáo đã ký",
                "token": "mã truy cập", "session": "phiên đăng nhập"}


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "—"
    if isinstance(value, dict):
        if set(value) == {"old", "new"}:
            return f"{_value(value['old'])} → {_value(value['new'])}"
        return "; ".join(f"{DETAIL_LABELS.get(k, k)}: {_value(v)}" for k, v in value.items())
    if isinstance(value, str) and value in DETAIL_VALUES:
        return DETAIL_VALUES[value]
    if isinstance(value, str) and f"audit.action.{value}" in MESSAGES:
        return MESSAGES[f"audit.action.{value}"]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:]}/{value[5:7]}/{value[:4]}"
    return str(value)


def audit_target(target: str | None) -> str:
    """`document:12/page:3` as "tài liệu 12, trang 3"."""
    if not target:
        return ""
    if target.startswith("/"):  # a refused page, named by its address
        return target
    parts = []
    for piece in target.split("/"):
        kind, _, ident = piece.partition(":")
        label = TARGET_KINDS.get(kind)
        parts.append(f"{label} {ident}".strip() if label else piece)
    return ", ".join(parts)


def audit_row_view(row) -> dict:
    """An audit row as the page shows it: Vietnamese words throughout, local time as dd/mm/yyyy hh:mm:ss."""
    detail = dict(row.detail or {})
    accessed = detail.pop("accessed_at", None)  # an access row: when it happened, not when it was chained
    at = dt.datetime.fromisoformat(accessed) if accessed else row.at
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    detail.pop("method", None)
    params = detail.pop("params", None) or {}
    changes = detail.pop("changes", None) or {}
    shown = [f"{DETAIL_LABELS.get(k, k)}: {_value(v)}" for k, v in {**params, **detail}.items()
             if k != "status" or row.outcome != "ok"]
    shown += [f"{DETAIL_LABELS.get(k, k)}: {_value(v)}" for k, v in changes.items()]
    role = "Hệ thống" if row.role == "system" else t(f"role.{row.role}") if f"role.{row.role}" in MESSAGES else ""
    return {"seq": row.seq, "at": at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S"), "actor": row.actor or "",
            "role": role, "unit": row.unit or "", "client": row.client or "",
            "action": MESSAGES.get(f"audit.action.{row.action}", row.action), "target": audit_target(row.target),
            "outcome": row.outcome, "outcome_label": t(f"audit.outcome.{row.outcome}"), "detail": "; ".join(shown),
            "hash": (row.hash or "")[:12]}


def vn_time(at: dt.datetime | None, seconds: bool = False) -> str:
    """A stored time (UTC) as a person in Vietnam reads it: dd/mm/yyyy hh:mm."""
    if at is None:
        return ""
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("HeadlessChrome", "Chrome (không giao diện)"), ("Chrome/", "Chrome"),
            ("Firefox/", "Firefox"), ("Safari/", "Safari"))
SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("Linux", "Linux"))


def browser_name(user_agent: str | None) -> str:
    """"Chrome trên Windows" rather than the raw User-Agent string."""
    agent = user_agent or ""
    browser = next((name for key, name in BROWSERS if key in agent), None)
    system = next((name for key, name in SYSTEMS if key in agent), None)
    if browser is None:
        return agent[:40] or "—"
    return f"{browser} trên {system}" if system else browser
