"""Document boundaries inside a multi-page upload: a page whose top carries a new header (national
motto, "Số:" line, organ and title block) starts a new document; other pages continue the last one."""

from __future__ import annotations

import re

from .extract import TITLE_HEADS, has_motto
from .rules import find_title, title_scores
from .textnorm import fold_aligned, repair_ocr, uppercase_ratio

TOP_LINES = 10  # non-empty lines at the top of a page where a header would be
BOTTOM_LINES = 12  # lines at the bottom of a page where a closing block would be
NEW_DOCUMENT_SCORE = 3

_NUMBER_LINE = re.compile(r"^s\s?[o0ô]\s*[:.]?\s*\d{1,6}\s*/\s*(?:\d{4}\s*/\s*)?[a-z]")
_ORGAN_LINE = re.compile(
    r"^(vien\s*kiem\s*sat|toa\s*an|cong\s*an|co\s*quan|uy\s*ban|bo\s*cong\s*an|"
    r"phong\s*ky\s*thuat|vien\s*khoa\s*hoc)"
)
# A closing block: recipients list, signature titles, "TM."/"KT." signing formulas.
_CLOSING = re.compile(
    r"(noi\s*nhan|\bt\s*m\s*\.|\bk\s*t\s*\.|\bkiem\s*sat\s*vien\b|vien\s*truong|thu\s*truong|"
    r"tham\s*phan\s*-?\s*chu\s*toa|chanh\s*an|nguoi\s*(?:khai|lam\s*don|to\s*giac|lap\s*bien\s*ban)|"
    r"dieu\s*tra\s*vien|(?:ky|ki)\s*(?:ten|,?\s*ghi\s*ro\s*ho\s*ten)|giam\s*dinh\s*vien|luu\s*:?\s*(?:hs|vt))"
)


def _nonempty(text: str) -> list[str]:
    return [line.strip() for line in repair_ocr(text).split("\n") if line.strip()]


def page_starts_document(page_text: str, previous_page_text: str | None = None) -> bool:
    """Whether this page opens a new document rather than continuing the previous page's one."""
    return _start_score(page_text, previous_page_text) >= NEW_DOCUMENT_SCORE


def _start_score(page_text: str, previous_page_text: str | None) -> int:
    top = _nonempty(page_text)[:TOP_LINES]
    if not top:
        return 0
    folded_top = [fold_aligned(line) for line in top]
    joined = "\n".join(folded_top)
    points = 0
    if has_motto(joined):
        points += 3
    if any(_NUMBER_LINE.match(line) for line in folded_top):
        points += 2
    if any(
        _ORGAN_LINE.match(line) and uppercase_ratio(original) >= 0.7
        for line, original in zip(folded_top, top, strict=True)
    ):
        points += 1
    title = find_title("\n".join(top))
    if title and TITLE_HEADS.match(title):
        typed = title_scores(title)
        # A bare "QUYẾT ĐỊNH:" opens a decision's operative part, not a new document.
        if typed and not re.match(r"quyet\s*dinh\s*:", title):
            points += 2
    if previous_page_text is not None:
        bottom = "\n".join(fold_aligned(line) for line in _nonempty(previous_page_text)[-BOTTOM_LINES:])
        if _CLOSING.search(bottom):
            points += 1
    return points


def split_pages(page_texts: list[str]) -> list[range]:
    """0-based page ranges, one per document, in order; every page belongs to exactly one range."""
    if not page_texts:
        return []
    starts = [0]
    for index in range(1, len(page_texts)):
        if page_starts_document(page_texts[index], page_texts[index - 1]):
            starts.append(index)
    ends = starts[1:] + [len(page_texts)]
    return [range(start, end) for start, end in zip(starts, ends, strict=True)]
