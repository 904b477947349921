"""The audit trail as a person reads it: every action, outcome, role, target and detail in Vietnamese words.

Used by the audit page and by both CSV exports (web and `hoso audit export`); the codes stay in the API.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from archive.classification.taxonomy import DOCUMENT_TYPES
from archive.cli.users import ROLE_LABELS as ACCOUNT_ROLES

ROLE_LABELS = ACCOUNT_ROLES | {"system": "Hệ thống"}
# How `archive.audit.verify` found the chain broken.
PROBLEM_LABELS = {
    "edited": "dòng đã bị sửa (mã băm không khớp nội dung hoặc dòng trước)",
    "missing": "thiếu dòng (có dòng đã bị xóa)",
    "inserted": "có dòng được chèn thêm",
    "backdated": "dòng ghi lùi thời gian",
    "truncated": "mất các dòng cuối chuỗi",
    "head": "đầu chuỗi không khớp dòng cuối",
    "anchor": "không khớp mốc chuỗi ghi trong một báo cáo đã ký",
}
OUTCOME_LABELS = {"ok": "Thành công", "refused": "Bị từ chối", "failed": "Không thành công"}
AUDIT_ACTIONS = {
    "login": "Đăng nhập",
    "login.failed": "Đăng nhập sai",
    "login.throttled": "Đăng nhập bị chặn tạm thời",
    "logout": "Đăng xuất",
    "access": "Truy cập bị từ chối",
    "document.view": "Xem thông tin tài liệu",
    "page.text.view": "Xem chữ của trang",
    "page.image.view": "Xem ảnh trang",
    "page.thumbnail.view": "Xem ảnh thu nhỏ của trang",
    "original.download": "Tải bản gốc",
    "copy.download": "Tải bản sao điện tử",
    "search": "Tìm kiếm",
    "document.upload": "Tải tệp lên",
    "case.view": "Xem vụ án",
    "exhibit_set.view": "Xem tập chứng cứ",
    "exhibit_set.present.view": "Mở trình chiếu",
    "exhibit_set.present": "Ghi nhận phiên tòa dùng chứng cứ số",
    "exhibit_set.present_undo": "Hủy ghi nhận phiên tòa dùng chứng cứ số",
    "export.bundle": "Xuất tập chứng cứ PDF",
    "review.view": "Xem hàng chờ kiểm tra",
    "export.report_json": "Xem/xuất báo cáo (JSON)",
    "export.report_csv": "Xuất báo cáo CSV",
    "export.report_xlsx": "Xuất báo cáo XLSX",
    "report.cases.view": "Xem danh sách vụ án của chỉ tiêu",
    "report.reconciliation.view": "Xem đối chiếu số liệu",
    "report.consistency.view": "Xem kiểm tra nhất quán",
    "units.import": "Nhập danh mục đơn vị",
    "audit.view": "Xem nhật ký",
    "export.audit_csv": "Xuất nhật ký CSV",
    "export.audit_json": "Xuất nhật ký JSON",
    "audit.verify": "Kiểm tra chuỗi nhật ký",
    "case.assign": "Phân công vụ án",
    "case.created": "Thêm vụ án",
    "case.updated": "Sửa vụ án",
    "cases.import": "Nhập danh sách vụ án",
    "case.write_refused": "Ghi vụ án bị từ chối",
    "password.change": "Đổi mật khẩu",
    "password.reset": "Đặt lại mật khẩu",
    "user.disable": "Khóa tài khoản",
    "user.enable": "Mở khóa tài khoản",
    "user.role": "Đổi vai trò",
    "user.unit": "Đổi đơn vị",
    "user.rename": "Đổi tên người dùng",
    "case.create": "Thêm vụ án",
    "case.edit": "Sửa vụ án",
    "exhibit_set.add": "Thêm chứng cứ vào tập",
    "exhibit_set.caption": "Sửa chú thích chứng cứ",
    "exhibit_set.create": "Tạo tập chứng cứ",
    "exhibit_set.remove": "Bỏ chứng cứ khỏi tập",
    "exhibit_set.reorder": "Sắp xếp lại tập chứng cứ",
    "exhibit_set.rename": "Đổi tên tập chứng cứ",
    "statistics.file_mark_withdrawn": "Bỏ đánh dấu hồ sơ đã số hóa",
    "login.expired": "Phiên đăng nhập hết hạn",
    "token.revoke": "Thu hồi mã truy cập API",
    "session.revoke": "Kết thúc phiên",
    "user.create": "Tạo tài khoản",
    "token.create": "Cấp mã truy cập API",
    "confirm_type": "Xác nhận loại văn bản",
    "set_case": "Gắn vụ án cho tài liệu",
    "set_boundaries": "Tách/gộp văn bản",
    "mark_reviewed": "Đánh dấu đã kiểm tra",
    "part.split": "Tách văn bản trong tệp",
    "part.merge": "Gộp văn bản với văn bản sau",
    "part.move": "Chuyển văn bản sang vụ án khác",
    "statistics.signoff": "Ký báo cáo",
    "statistics.court_import": "Nhập số liệu của Tòa án",
    "statistics.target_set": "Đặt chỉ tiêu",
    "statistics.hearings_import": "Nhập danh sách phiên tòa",
    "statistics.hearing_recorded": "Ghi nhận phiên tòa",
    "statistics.file_marked_digitised": "Đánh dấu hồ sơ đã số hóa",
}
ACTION_KEYS = tuple(AUDIT_ACTIONS)
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The words of an audit row's detail as a person reads them; anything not named here is shown under its own name.
DETAIL_LABELS = {
    "q": "từ khóa",
    "total": "số kết quả",
    "shown": "hiển thị",
    "status": "mã trả lời",
    "from": "từ",
    "to": "đến",
    "rows": "số dòng",
    "route": "đường dẫn",
    "via": "qua",
    "action": "hành động",
    "account": "tài khoản",
    "case": "vụ án",
    "unit": "đơn vị",
    "units": "đơn vị",
    "kind": "loại",
    "title": "tên",
    "type": "loại văn bản",
    "registered_on": "ngày thụ lý",
    "trial_on": "ngày xét xử",
    "corruption": "tham nhũng",
    "folios": "số bút lục",
    "restricted": "hạn chế",
    "created": "thêm mới",
    "updated": "cập nhật",
    "source": "nguồn",
    "filename": "tệp",
    "sha256": "SHA-256",
    "size": "dung lượng (byte)",
    "pages": "số trang",
    "duplicate": "trùng tệp đã có",
    "reason": "lý do",
    "role": "vai trò",
    "user": "người được phân công",
    "offset": "bỏ qua",
    "limit": "số dòng",
    "page": "trang",
    "document": "tài liệu",
    "period": "kỳ",
    "format": "định dạng",
    "output": "tệp kết quả",
    "line": "dòng",
    "date_from": "từ ngày",
    "date_to": "đến ngày",
    "filter": "bộ lọc",
    "full_name": "họ và tên",
    "sessions_revoked": "số phiên bị chấm dứt",
    "tokens_revoked": "số mã truy cập bị thu hồi",
    "item": "chứng cứ",
    "before": "các trang trước",
    "after": "các trang sau",
    "types": "loại văn bản",
    "id": "mã",
    "absorbed": "văn bản được gộp vào",
    "page_range": "các trang",
}
DETAIL_VALUES = {
    "form": "biểu mẫu đăng nhập",
    "token": "mã truy cập API",
    "import": "nhập từ tệp",
    "api": "giao diện",
    "cli": "dòng lệnh",
}
TARGET_KINDS = {
    "document": "tài liệu",
    "page": "trang",
    "case": "vụ án",
    "user": "tài khoản",
    "exhibit_set": "tập chứng cứ",
    "units": "danh mục đơn vị",
    "cases": "danh sách vụ án",
    "hearings": "danh sách phiên tòa",
    "court_figures": "số liệu Tòa án",
    "report_signoff": "báo cáo đã ký",
    "token": "mã truy cập",
    "session": "phiên đăng nhập",
    "item": "chứng cứ",
    "part": "văn bản trong tệp",
}


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
    if isinstance(value, str) and value in AUDIT_ACTIONS:
        return AUDIT_ACTIONS[value]
    if isinstance(value, str) and value in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[value]
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
    if isinstance(detail.get("role"), list):  # an account's role change: [before, after] as codes
        detail["role"] = {
            "old": ROLE_LABELS.get(detail["role"][0], detail["role"][0]),
            "new": ROLE_LABELS.get(detail["role"][-1], detail["role"][-1]),
        }
    elif isinstance(detail.get("role"), str):  # an account created with this role
        detail["role"] = ROLE_LABELS.get(detail["role"], detail["role"])
    shown = [
        f"{DETAIL_LABELS.get(k, k)}: {_value(v)}"
        for k, v in {**params, **detail}.items()
        if k != "status" or row.outcome != "ok"
    ]
    shown += [f"{DETAIL_LABELS.get(k, k)}: {_value(v)}" for k, v in changes.items()]
    role = ROLE_LABELS.get(row.role, row.role or "")
    return {
        "seq": row.seq,
        "at": at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S"),
        "actor": row.actor or "",
        "role": role,
        "unit": row.unit or "",
        "client": row.client or "",
        "action": AUDIT_ACTIONS.get(row.action, row.action),
        "target": audit_target(row.target),
        "outcome": row.outcome,
        "outcome_label": OUTCOME_LABELS.get(row.outcome, row.outcome),
        "detail": "; ".join(shown),
        "hash": (row.hash or "")[:12],
    }
