"""A person's correction of what was read from one document of an upload: its number/symbol, date, issuer and
people (with its type and case), why it is waiting for a person, and the words on the page each field was read
from.

A correction is checked whole before anything changes: one bad field refuses all of them, each with a
Vietnamese reason, and the refusal is audited. Corrected fields are kept when the document is read again (they
are listed in the part's `fields["corrected"]`); a confirmed type becomes a training example (archive/learning);
a chosen case is the person's link, kept when the document is read again, and the documents waiting for a case
are tried again against it. The search index follows through the outbox.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from archive.classification import is_valid_type
from archive.messages import message
from archive.processing.documents import part_text, summarise
from archive.processing.field_evidence import field_evidence as evidence_of
from archive.processing.field_evidence import people_evidence
from archive.processing.learning import add_example
from archive.processing.linking import relink_waiting
from archive.processing.parts import PartError, _audited, _load, _move, _require_change
from archive.records.models import Document, DocumentPart, LinkStatus
from archive.trust.access import Visibility

EDITABLE = ("number", "date", "issuer", "people")
MAX_PEOPLE = 50
EARLIEST = dt.date(1945, 9, 2)
# The roles a person may have in a document, as the field reader names them.
PERSON_ROLES = (
    "bị can",
    "bị cáo",
    "bị hại",
    "người làm chứng",
    "người bào chữa",
    "người bị tạm giữ",
    "bị đơn",
    "nguyên đơn",
    "người bị tố giác",
    "người bị thu giữ",
    "người chứng kiến",
    "người tố giác",
    "người phiên dịch",
    "người đại diện",
    "người có quyền lợi, nghĩa vụ liên quan",
    "kiểm sát viên",
    "điều tra viên",
    "cán bộ điều tra",
    "thẩm phán",
    "hội thẩm nhân dân",
    "thư ký",
    "giám định viên",
    "luật sư",
    "bên cho vay",
    "bên vay",
)
_NUMBER = re.compile(r"[0-9A-Za-zÀ-ỹĐđ/.\- ]{1,64}")
_NAME = re.compile(r"[^\W\d_][^\W\d_ .'\-]*(?:[ .'\-]+[^\W\d_][^\W\d_ .'\-]*)*")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class FieldsInvalid(PartError):
    """Some corrected fields cannot be taken; `errors` maps each field to its Vietnamese reason."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(message("fields_invalid"))
        self.errors = errors


def _text(value) -> str:
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def parse_date(value: str, today: dt.date | None = None) -> dt.date:
    """A date as people write it (30/11/2023) or as ISO (2023-11-30); ValueError with the reason's code."""
    text = value.strip()
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif (match := _ISO.fullmatch(text)) is not None:
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError("field_date_format")
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError("field_date_impossible") from None
    if date > (today or dt.date.today()):
        raise ValueError("field_date_future")
    if date < EARLIEST:
        raise ValueError("field_date_too_old")
    return date


def check(changes: dict) -> tuple[dict, dict[str, str]]:
    """The corrected values as stored (None clears a field), and the reason for each one refused."""
    clean, errors = {}, {}
    if "number" in changes:
        number = _text(changes["number"] or "")
        if number and not (_NUMBER.fullmatch(number) and any(c.isdigit() for c in number)):
            errors["number"] = message("field_number_invalid")
        clean["number"] = number or None
    if "date" in changes:
        text = _text(changes["date"] or "")
        try:
            clean["date"] = parse_date(text) if text else None
        except ValueError as exc:
            errors["date"] = message(str(exc))
    if "issuer" in changes:
        issuer = _text(changes["issuer"] or "")
        if issuer and (len(issuer) > 200 or not any(c.isalpha() for c in issuer)):
            errors["issuer"] = message("field_issuer_invalid")
        clean["issuer"] = issuer or None
    if "people" in changes:
        people, problems = [], []
        for index, person in enumerate(changes["people"] or [], start=1):
            name, role = _text(person.get("name") or ""), _text(person.get("role") or "").lower()
            if not name and not role:
                continue
            if not (2 <= len(name) <= 100 and _NAME.fullmatch(name)):
                problems.append(message("field_person_name", f"người thứ {index}"))
            elif role not in PERSON_ROLES:
                problems.append(message("field_person_role", f"người thứ {index}"))
            people.append({"name": name, "role": role})
        if len(people) > MAX_PEOPLE:
            problems.append(message("field_people_many", f"tối đa {MAX_PEOPLE}"))
        if problems:
            errors["people"] = "; ".join(problems)
        clean["people"] = people
    return clean, errors


def correct_fields(
    archive,
    document_id: int,
    part_id: int,
    changes: dict,
    vis: Visibility | None = None,
    actor: str | None = None,
    doc_type: str | None = None,
    case_code: str | None = None,
    reviewed: bool = False,
) -> int:
    """Correct a document of an upload: fields in `changes` (those of EDITABLE), its type, its case, and with
    `reviewed` the person's word that it is right now. All or nothing; returns the part's id."""
    clean, errors = check({k: v for k, v in changes.items() if k in EDITABLE})
    if doc_type is not None and not is_valid_type(doc_type):
        errors["type"] = message("field_type_invalid")
    code = unicodedata.normalize("NFC", (case_code or "").strip())

    def change(session):
        document, part = _load(session, document_id, part_id, vis)
        _require_change(vis, document, part, "sửa")
        if errors:
            raise FieldsInvalid(errors)
        before = {name: (part.fields or {}).get(name) for name in clean}
        fields = dict(part.fields or {})
        for name, value in clean.items():
            fields[name] = value.isoformat() if isinstance(value, dt.date) else value
        if clean:
            fields["corrected"] = sorted(set(fields.get("corrected") or []) | set(clean))
        if "date" in clean:
            part.doc_date = clean["date"]
        part.fields = fields
        more = {"before": before, "after": {k: fields.get(k) for k in clean}}
        if doc_type is not None or reviewed:
            more["type"] = {"from": part.doc_type, "to": doc_type or part.doc_type}
            _confirm(session, document, part, doc_type or part.doc_type, actor)
        if code and (part.case is None or part.case.code != code):
            more |= {"case": _move(session, document, part, code, vis, actor)}
        if reviewed:
            _reviewed(document, part)
        session.flush()
        summarise(document)
        if "case" in more:  # the case's file now holds this document's numbers and names: others may link
            session.flush()
            others = relink_waiting(session, document.unit_id)
            for other in others:
                summarise(session.get(Document, other))
            if others:
                more["linked_after"] = others
        return part.id, more

    return _audited(archive, "part.fields", document_id, part_id, {"fields": sorted(clean)}, actor, change)


def _confirm(session, document: Document, part: DocumentPart, doc_type: str | None, actor: str | None) -> None:
    if not doc_type:
        return
    part.doc_type, part.confirmed, part.confirmed_by, part.needs_review = doc_type, True, actor, False
    part.confidence = 1.0
    add_example(session, part_text(document, part), doc_type, part.id, actor)


def _reviewed(document: Document, part: DocumentPart) -> None:
    """The person looked at this document: its pages' reading accepted, its link accepted when every document
    of the upload has a case."""
    part.needs_review = False
    if (part.fields or {}).get("doubts"):
        part.fields = {**part.fields, "doubts": []}  # what could not be read, a person has now read
    for page in document.pages:
        if part.first_page <= page.number <= part.last_page:
            page.needs_review = False
    if document.link_status == LinkStatus.REVIEW and all(p.case_id is not None for p in document.parts):
        document.link_status = "manual"


# --- The words on the page a field was read from -------------------------------------------------------


def _withheld(fields: dict, name: str, words: dict) -> dict | None:
    """The stored words of a field the reading left empty because OCR was unsure of them."""
    stored = (fields.get("evidence") or {}).get(name)
    if not stored or f"{name}_unreadable" not in (fields.get("doubts") or []) or stored["page"] not in words:
        return None
    page = words[stored["page"]]
    return {"page": stored["page"], "boxes": [list(page[i][1]) for i in stored["words"] if i < len(page)]}


def field_evidence(document: Document, part: DocumentPart) -> dict:
    """Where each extracted field of the part is written on its pages: {field: {page, boxes}}; people as a
    list, one per person (None where a value is not found as written)."""
    pages = [p for p in document.pages if part.first_page <= p.number <= part.last_page]
    words = {p.number: p.words or [] for p in pages}
    fields = part.fields or {}

    def shown(evidence):
        return {"page": evidence.page, "boxes": [list(words[evidence.page][i][1]) for i in evidence.words]}

    found = {name: shown(e) for name, e in evidence_of(pages, fields).items()}
    for name in ("number", "issuer", "date"):
        if fields.get(name):
            found.setdefault(name, None)
        elif withheld := _withheld(fields, name, words):
            found[name] = withheld  # left empty as unsure: the words it was read from, for a person to read
    found["people"] = [shown(e) if e else None for e in people_evidence(pages, fields.get("people") or [])]
    return found
