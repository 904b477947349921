"""Loading records for a request only when the signed-in person may see them; otherwise 404.

Answering 404 (never 403) for a record someone may not see keeps its existence private.
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from sqlalchemy import select

from archive.records.models import Case, Document, ExhibitSet, Page
from web.auth import Actor
from web.messages import t


def get_archive(request: Request):
    return request.app.state.archive


def not_found(key: str = "error.not_found") -> HTTPException:
    return HTTPException(status_code=404, detail=t(key))


class Refused(HTTPException):
    """A 404 for a record that exists but is not the person's to open: answered as not found, audited as refused."""

    def __init__(self, key: str, target: str):
        super().__init__(status_code=404, detail=t(key))
        self.target = target


def _missing_or_refused(found: bool, key: str, target: str) -> HTTPException:
    return Refused(key, target) if found else not_found(key)


def visible_document(session, actor: Actor, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None or not actor.visibility(session).document_visible(document):
        raise _missing_or_refused(document is not None, "error.document_not_found", f"document:{document_id}")
    return document


def whole_document(session, actor: Actor, document_id: int) -> Document:
    """A document whose every page the person may see: for its original, its digital copy, corrections."""
    document = session.get(Document, document_id)
    if document is None or not actor.visibility(session).whole_document_visible(document):
        raise _missing_or_refused(document is not None, "error.document_not_found", f"document:{document_id}")
    return document


def visible_page(session, actor: Actor, document_id: int, number: int) -> tuple[Document, Page]:
    document = visible_document(session, actor, document_id)
    page = session.scalar(select(Page).where(Page.document_id == document_id, Page.number == number))
    if page is None or not actor.visibility(session).page_visible(document, number):
        raise _missing_or_refused(page is not None, "error.page_not_found", f"document:{document_id}/page:{number}")
    return document, page


def visible_case(session, actor: Actor, code: str) -> Case:
    case = session.scalar(select(Case).where(Case.code == code))
    if case is None or not actor.visibility(session).case_visible(case):
        raise _missing_or_refused(case is not None, "error.case_not_found", f"case:{code}"[:128])
    return case


def visible_set(session, actor: Actor, set_id: int) -> ExhibitSet:
    exhibit_set = session.get(ExhibitSet, set_id)
    if exhibit_set is None or not actor.visibility(session).case_visible(exhibit_set.case):
        raise _missing_or_refused(exhibit_set is not None, "error.set_not_found", f"exhibit_set:{set_id}")
    return exhibit_set
