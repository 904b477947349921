"""Linking a document to its case by the identifiers it shares with the case's other documents.

Only cases of the uploader's unit (and its subordinate units) are candidates, so a document is
never linked to another unit's case. A clear winner is linked; anything else goes to review
with the best candidates and the reasons for each.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select

from archive.classification import fold, repair_ocr
from archive.records.models import Case, Document, DocumentPart, DocumentStatus, LinkStatus
from archive.trust.access import subordinate_unit_ids

CASE_NUMBER_WEIGHT = 3.0
CITED_NUMBER_WEIGHT = 3.0
ACCUSED_WEIGHT = 1.5
TITLE_NAME_WEIGHT = 3.0  # the register's case title usually names the accused: "Nguyễn Văn A - Trộm cắp tài sản"
AUTO_LINK_SCORE = 3.0
AUTO_LINK_MARGIN = 2.0
MAX_CANDIDATES = 5
ACCUSED_ROLES = {"bị can", "bị cáo", "người bị tạm giữ", "người bị bắt", "bị đơn", "nguyên đơn"}

# A cited document number: 12/QĐ-CSĐT, 45/2023/QĐ-VKS-P2 (a symbol with at least one dash).
_CITED = re.compile(
    r"(?<![\w/])(\d{1,6})\s*/\s*(?:((?:19|20)\d{2})\s*/\s*)?"
    r"([A-ZĐ][A-ZĐ0-9.]*(?:\s*-\s*[A-ZĐ0-9][A-ZĐ0-9.]*)+)"
)


@dataclass
class Identifiers:
    """What can tie a document to a case."""

    # Numbers map their comparison key (`_key`) to the form shown to people.
    case_numbers: dict[str, str] = field(default_factory=dict)
    own_numbers: dict[str, str] = field(default_factory=dict)  # "Số: ..." of the document(s) themselves
    cited_numbers: dict[str, str] = field(default_factory=dict)  # numbers of other documents they refer to
    accused: set[str] = field(default_factory=set)
    title: str = ""  # the case title, folded, with single spaces

    def update(self, other: Identifiers) -> None:
        self.case_numbers |= other.case_numbers
        self.own_numbers |= other.own_numbers
        self.cited_numbers |= other.cited_numbers
        self.accused |= other.accused


def _keyed(numbers) -> dict[str, str]:
    return {_key(n): _shown(n) for n in numbers if n}


@dataclass
class Candidate:
    case_code: str
    score: float
    reasons: list[str]

    def to_json(self) -> dict:
        return {"case": self.case_code, "score": round(self.score, 2), "reasons": self.reasons}


def _key(text: str) -> str:
    """An identifier as compared: no spaces, upper case, and folded, since OCR often drops the stroke of Đ."""
    return re.sub(r"\s+", "", fold(unicodedata.normalize("NFC", text))).upper()


def _shown(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text)).upper()


def _folded_words(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", fold(text or "").casefold()))


def cited_numbers(text: str) -> dict[str, str]:
    """Every document number/symbol mentioned anywhere in the text, by comparison key."""
    found = []
    for match in _CITED.finditer(repair_ocr(text)):
        number, year, symbol = match.groups()
        symbol = re.sub(r"\s*-\s*", "-", symbol).strip(".")
        found.append("/".join(p for p in (number, year, symbol) if p))
    return _keyed(found)


def cited_elsewhere(text: str, fields: dict) -> list[str]:
    """Numbers the text cites, other than its own number and the court case numbers it carries."""
    skip = set(_keyed([*(fields.get("case_numbers") or []), fields.get("number")]))
    return sorted(shown for key, shown in cited_numbers(text).items() if key not in skip)


def identifiers_of(fields: dict | None) -> Identifiers:
    """The linking identifiers in a part's extracted fields (see `cited_elsewhere` for cited numbers)."""
    fields = fields or {}
    return Identifiers(
        case_numbers=_keyed(fields.get("case_numbers") or []),
        own_numbers=_keyed([fields.get("number")]),
        cited_numbers=_keyed(fields.get("cited_numbers") or []),
        accused={
            unicodedata.normalize("NFC", p["name"]).casefold()
            for p in fields.get("people") or []
            if p.get("role") in ACCUSED_ROLES and len(p.get("name", "").split()) >= 2
        },
    )


def case_identifiers(session, unit_ids: set[int] | None, exclude_document: int) -> dict[int, Identifiers]:
    """Identifiers known for each case of these units: its code, title and what its other documents carry.

    A document inside an upload counts for the case it belongs to (its part's case), not for its upload's."""
    query = select(Case.id, Case.code, Case.title)
    if unit_ids is not None:
        query = query.where(Case.unit_id.in_(unit_ids))
    known = {
        cid: Identifiers(case_numbers=_keyed([code]), title=_folded_words(title))
        for cid, code, title in session.execute(query)
    }
    rows = session.execute(
        select(DocumentPart.case_id, DocumentPart.fields).where(
            DocumentPart.case_id.in_(list(known)), DocumentPart.document_id != exclude_document
        )
    )
    for case_id, fields in rows:
        known[case_id].update(identifiers_of(fields))
    return known


def rank_cases(document_ids: Identifiers, cases: dict[int, Identifiers], codes: dict[int, str]) -> list[Candidate]:
    """Cases sharing identifiers with the document, best first, with the reasons."""
    candidates = []
    for case_id, ids in cases.items():
        score, reasons = 0.0, []
        for key in sorted(document_ids.case_numbers.keys() & ids.case_numbers.keys()):
            score += CASE_NUMBER_WEIGHT
            reasons.append(f"cùng số vụ án/bản án {document_ids.case_numbers[key]}")
        for key in sorted(document_ids.cited_numbers.keys() & ids.own_numbers.keys()):
            score += CITED_NUMBER_WEIGHT
            reasons.append(f"viện dẫn văn bản số {ids.own_numbers[key]} của vụ án")
        for key in sorted(document_ids.own_numbers.keys() & ids.cited_numbers.keys()):
            score += CITED_NUMBER_WEIGHT
            reasons.append(f"văn bản số {document_ids.own_numbers[key]} được viện dẫn trong hồ sơ vụ án")
        for name in sorted(document_ids.accused & ids.accused):
            score += ACCUSED_WEIGHT
            reasons.append(f"cùng tên bị can/đương sự {name.title()}")
        for name in sorted(document_ids.accused):
            if ids.title and f" {_folded_words(name)} " in f" {ids.title} ":
                score += TITLE_NAME_WEIGHT
                reasons.append(f"tên vụ án có tên {name.title()}")
        if score > 0:
            candidates.append(Candidate(codes[case_id], score, reasons))
    candidates.sort(key=lambda c: (-c.score, c.case_code))
    return candidates[:MAX_CANDIDATES]


def candidate_code(candidate) -> str | None:
    """The case code of a stored candidate (a `Candidate.to_json` dict; early records kept bare codes)."""
    if isinstance(candidate, str):
        return candidate
    if isinstance(candidate, dict):
        return candidate.get("case") or candidate.get("code")
    return None


def visible_candidates(session, documents, vis) -> dict[int, list]:
    """Each document's stored candidates (by document id) that name a case the reader may open; the others are
    left out whole, with their reasons (which quote names from that case's file). Every answer that shows
    candidates goes through here: they are kept as linking found them and filtered when read.
    """
    stored = {document.id: list(document.link_candidates or []) for document in documents}
    codes = sorted({code for items in stored.values() for code in map(candidate_code, items) if code})
    shown: set[str] = set()
    for start in range(0, len(codes), 5000):
        shown.update(
            session.scalars(select(Case.code).where(Case.code.in_(codes[start : start + 5000]), vis.case_condition()))
        )
    return {document_id: [c for c in items if candidate_code(c) in shown] for document_id, items in stored.items()}


def decide(candidates: list[Candidate]) -> Candidate | None:
    """The candidate to link automatically, when one clearly wins."""
    if not candidates or candidates[0].score < AUTO_LINK_SCORE:
        return None
    if len(candidates) > 1 and candidates[0].score - candidates[1].score < AUTO_LINK_MARGIN:
        return None
    return candidates[0]


def link_document(session, document: Document) -> bool:
    """Link an unlinked document to its case, or queue it for review with candidates and why.

    Each part of the upload gets its case too (`link_parts`). Returns True when the upload was
    linked automatically now.
    """
    if document.case_id is not None:
        link_parts(session, document, None)
        return False
    doc_ids = Identifiers()
    for part in document.parts:
        doc_ids.update(identifiers_of(part.fields))
    scope = subordinate_unit_ids(session, document.unit_id) if document.unit_id is not None else None
    cases = case_identifiers(session, scope, exclude_document=document.id)
    codes = dict(session.execute(select(Case.id, Case.code).where(Case.id.in_(list(cases)))).all())
    candidates = rank_cases(doc_ids, cases, codes)
    winner = decide(candidates)
    document.link_candidates = [c.to_json() for c in candidates]
    if winner is not None:
        document.case_id = session.scalar(select(Case.id).where(Case.code == winner.case_code))
        document.link_status = LinkStatus.AUTO
        document.link_reason = "; ".join(winner.reasons)
        link_parts(session, document, (cases, codes))
        return True
    document.link_status = LinkStatus.REVIEW
    document.link_reason = (
        "Có nhiều vụ án phù hợp, cần người xác nhận" if candidates else "Không tìm thấy vụ án phù hợp"
    )
    link_parts(session, document, (cases, codes))
    return False


def link_parts(session, document: Document, known: tuple[dict, dict] | None) -> None:
    """The case of each part: the one its own identifiers clearly name, else the upload's.

    A part whose own identifiers point at another case, but not clearly, gets no case (it waits
    for a person) instead of inheriting the upload's: a part is never put under a case that was
    not chosen for it. With no `known` identifiers (the upload's case was given by a person), every
    part not yet linked takes the upload's case.
    """
    by_code = {}
    for part in document.parts:
        if (part.fields or {}).get("linked_by"):  # a person chose this part's case
            continue
        if known is None:
            if part.case_id is None:
                part.case_id = document.case_id
            continue
        cases, codes = known
        own = rank_cases(identifiers_of(part.fields), cases, codes)
        winner = decide(own)
        if winner is not None:
            code = winner.case_code
        elif own and document.case_id is not None and codes.get(document.case_id) not in {c.case_code for c in own}:
            code = None
        else:
            part.case_id = document.case_id
            continue
        if code is not None and code not in by_code:
            by_code[code] = session.scalar(select(Case.id).where(Case.code == code))
        part.case_id = by_code.get(code) if code else None
    if (
        known is not None
        and any(part.case_id != document.case_id for part in document.parts)
        and document.link_status != LinkStatus.REVIEW
    ):
        document.link_status = LinkStatus.REVIEW
        document.link_reason = "Các văn bản trong tệp thuộc vụ án khác nhau, cần người xác nhận"


def relink_waiting(session, unit_id: int | None, rounds: int = 5, limit: int = 500) -> list[int]:
    """Try again the documents waiting for a case in this unit: a new link may have made theirs clear.

    Returns the ids of the documents linked now (their index entries need refreshing).
    """
    linked: list[int] = []
    for _ in range(rounds):
        query = select(Document).where(
            Document.link_status == LinkStatus.REVIEW,
            Document.case_id.is_(None),
            Document.status == DocumentStatus.DONE,
        )
        if unit_id is not None:
            query = query.where(Document.unit_id.in_(subordinate_unit_ids(session, unit_id)))
        progress = [d.id for d in session.scalars(query.limit(limit)).all() if link_document(session, d)]
        session.flush()
        linked += progress
        if not progress:
            break
    return linked
