"""The statistics in Vietnamese words: unit levels, case kinds, document types, target sources, the parts of a
figure, and the changes since a sign-off as sentences. Pages and exports take their words from here so the
codes (`provincial`, `numerator_cases`, `criminal_hearings_digital_evidence`) stay in the JSON API.
"""

from __future__ import annotations

from archive.classification.taxonomy import CASE_KINDS, DOCUMENT_TYPES
from archive.statistics import formatting as fmt
from archive.statistics.compute import UNTYPED
from archive.statistics.definitions import BY_CODE
from archive.statistics.units import LEVEL_LABELS

PART_LABELS = {"numerator": "Tử số", "denominator": "Mẫu số", "missing": "Chưa đạt"}
FIELD_LABELS = {
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "ratio": "Tỷ lệ",
    "target": "Chỉ tiêu giao",
    "met": "Kết quả",
}
CASE_LIST_LABELS = {"numerator_cases": "Vụ án tính vào tử số", "denominator_cases": "Vụ án tính vào mẫu số"}
TARGET_SOURCES = {"default": "Mặc định của chỉ tiêu", "year": "Theo năm, cho mọi đơn vị", "unit": "Riêng đơn vị"}
STATUS_LABELS = {"draft": "Bản nháp (chưa ký duyệt)", "signed": "Đã ký duyệt"}
NATIONAL = "Toàn ngành"


def level(code: str | None) -> str:
    return LEVEL_LABELS.get(code or "", "") if code else ""


def kind(code: str | None) -> str:
    return CASE_KINDS.get(code or "", code or "")


def document_type(code: str | None) -> str:
    if not code or code == UNTYPED:
        return "Chưa phân loại"
    return DOCUMENT_TYPES.get(code, "Loại khác")


def indicator(code: str) -> str:
    found = BY_CODE.get(code)
    return found.label if found else code


def indicator_short(code: str) -> str:
    found = BY_CODE.get(code)
    return found.short_label if found else code


def unit_name(code: str | None, name: str | None = None) -> str:
    """`BN — VKSND tỉnh Bắc Ninh`, or the national label."""
    if not code:
        return name or NATIONAL
    return f"{code} — {name}" if name else code


def _field_value(field: str, value) -> str:
    if value is None:
        return fmt.NONE
    if field == "met":
        return fmt.met(value)
    if field in ("ratio", "target"):
        return fmt.percent(value, trim=field == "target")
    return fmt.number(value)


def change(item: dict) -> dict:
    """One entry of a sign-off's differences as words: {indicator, what, signed, now} (case lists say which
    cases were added and which dropped)."""
    field = item["field"]
    if field in CASE_LIST_LABELS:
        return {
            "indicator": indicator_short(item["indicator"]),
            "what": CASE_LIST_LABELS[field],
            "signed": "bớt " + (", ".join(item.get("removed") or []) or fmt.NONE),
            "now": "thêm " + (", ".join(item.get("added") or []) or fmt.NONE),
        }
    return {
        "indicator": indicator_short(item["indicator"]),
        "what": FIELD_LABELS.get(field, field),
        "signed": _field_value(field, item.get("signed")),
        "now": _field_value(field, item.get("now")),
    }


def change_sentence(item: dict) -> str:
    """`Phiên tòa hình sự có chứng cứ số hóa — Tử số: khi ký 3, nay 4`."""
    words = change(item)
    if item["field"] in CASE_LIST_LABELS:
        return f"{words['indicator']} — {words['what']}: {words['now']}; {words['signed']}"
    return f"{words['indicator']} — {words['what']}: khi ký {words['signed']}, nay {words['now']}"
